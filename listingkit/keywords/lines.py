"""Product lines: names a brand writes right after its own name.

"Disney Pixar Cars", "Thomas & Friends Take-n-Play", "LEGO Ninjago", "Moyu Aolong": the word
after a brand name is usually the product ("Intex Paddling Pool"), but a word that is not a
common word of the language (Zipf below COMMON_ZIPF, read as one squashed word so that
"Take-n-Play" is not "take", "n" and "play"), is no product type of the taxonomy, and follows
one and the same brand name in at least LINE_SHARE of the titles using it, in LINE_MIN_TITLES
distinct titles or more (variants repeat a title), is that brand's product line or sub-brand:
a competitor's name, not a keyword.
Words with digits are models and measures ("Newgen Tech EO-HS3303", "Smartpro 19.5V,3.9A"):
what buyers search for, so they stay keywords.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from listingkit.frequency import zipf as _zipf
from listingkit.keywords.candidates import HYPHENS, UNIT_JOIN, units
from listingkit.keywords.kinds import COMMON_ZIPF
from listingkit.keywords.variants import root_key
from listingkit.nlp import UNSPACED, Word

LINE_SHARE = 0.8
LINE_MIN_TITLES = 3
#: Longest brand name (in words) looked for before a word.
NAME_WORDS = 4


def title_units(analysed: list[Word]) -> tuple[str, ...]:
    """The content units of a title, in order ("take-n-play" is one unit); a number, or a
    number with its unit, is kept as "" (it separates a name from what follows)."""
    if not any(w.text in HYPHENS for w in analysed):  # no compounds: the words themselves
        return tuple("" if w.number else w.key for w in analysed if w.key and not w.stop)
    return tuple("" if u.number or UNIT_JOIN in u.key else u.key
                 for phrase in units(analysed) for u in phrase if not u.stop)


def product_lines(titles: Iterable[Sequence[str]], names: Iterable[str], lang: str,
                  taxonomy: frozenset[str] = frozenset()) -> Iterator[str]:
    """Unit keys that follow one brand name (of ``names``, keys joined by spaces) in most of
    the titles (``title_units``) using them."""
    if lang in UNSPACED:
        return
    known = frozenset(names)
    ends = frozenset(n.rpartition(" ")[2] for n in known)  # the last word of each name
    longest = min(NAME_WORDS, max((n.count(" ") + 1 for n in known), default=0))
    used: Counter[str] = Counter()
    after: Counter[tuple[str, str]] = Counter()
    for keys in titles:
        seen: set[str] = set()
        for i, key in enumerate(keys):
            if not key or key in seen:
                continue
            seen.add(key)
            if not i or keys[i - 1] not in ends:
                continue
            for j in range(max(0, i - longest), i):
                name = " ".join(keys[j:i])
                if name in known:
                    after[key, name] += 1
                    break
        used.update(seen)
    best: dict[str, int] = {}
    for (key, _name), count in after.items():
        best[key] = max(best.get(key, 0), count)
    for key, count in best.items():
        if count < LINE_MIN_TITLES or count < LINE_SHARE * used[key] or key in known:
            continue
        if len(key) < 3 or key in taxonomy or not key.replace("-", "").isalpha():
            continue  # a model ("EO-HS3303", "19.5V") is what buyers search for, not a line
        if _zipf(root_key(key), lang) >= COMMON_ZIPF:
            continue
        yield key
