"""Merging variants of one keyword into a root.

Exact variants share a *root key*: the lemma keys with spaces, hyphens and apostrophes
removed, so "T-Shirts", "t shirt" and "tshirt" are one keyword. Fuzzy variants ("colour" /
"color", "bluetooth" / "blutooth") are merged with rapidfuzz, guarded so that terms with
different numbers ("1:24 scale" / "1:32 scale", "4 pack" / "6 pack"), short words ("audi" /
"audio", "men" / "women") or two different words of the language ("prince" / "price",
"marker" / "maker") never merge. Two words of the language merge only when they are one
word spelt two ways: the language's spelling folds (``lexicons/<lang>/spelling_folds.txt``,
a regular expression and its replacement per line: "our" -> "or") make them equal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache

_SQUASH = re.compile(r"[\s\-‐‑'’`´.]+")
_DIGITS = re.compile(r"\d+")
#: what parts a term into words for the guard on phrases ("bobble-head" is two)
_WORDS = re.compile(r"[\s\-‐‑]+")

#: Fuzzy merging needs this rapidfuzz ratio and both roots at least this long.
FUZZY_RATIO = 90.0
FUZZY_MIN_CHARS = 5
#: Only this many of the most used roots are compared (the cost is quadratic).
FUZZY_LIMIT = 3000
#: Up to this many roots every pair is compared; above it, only roots used twice or more
#: attract others (two one-off spellings in a big set do not matter).
SMALL_SET = 1500


def root_key(key: str) -> str:
    """The exact-variant key of a candidate key: no spaces, hyphens or apostrophes."""
    return _SQUASH.sub("", key)


#: roots longer than this are never fuzzy-matched
FUZZY_MAX_CHARS = 64


#: A root is a word of the language from this Zipf frequency (wordfreq) on.
WORD_ZIPF = 3.0


def may_merge(a: str, b: str, lang: str = "en", words: tuple[str, str] | None = None) -> bool:
    """The guards: equal numbers, long enough, the same first letter, and not two different
    words of the language (both Zipf >= WORD_ZIPF, unless :func:`spelling` folds them into
    one: "colour" / "color" merge, "prince" / "price" do not; a misspelling is no word).
    ``words``: the two terms written with their spaces. Two phrases of as many words, a word
    in common at the same place, merge only when each pair of words that differ passes the
    guards itself: "princess art" is not "princess party" ("art" is a short word), though the
    two roots are 92 % alike ("swim way springfloat" and "swimways spring float", no word in
    common, are one term spaced two ways)."""
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return False
    if words is not None:
        left, right = _WORDS.split(words[0].strip()), _WORDS.split(words[1].strip())
        pairs = list(zip(left, right)) if len(left) == len(right) > 1 else []
        if any(x == y for x, y in pairs) and not all(  # (aligned: a word in common)
                x == y or may_merge(x, y, lang) or _DIGITS.findall(x) == _DIGITS.findall(y) != []
                for x, y in pairs):
            return False  # ("1/24" is "1:24", its numbers checked above)
    if min(len(a), len(b)) < FUZZY_MIN_CHARS:
        return False
    if a[:1] != b[:1]:
        return False
    from listingkit.frequency import zipf

    if zipf(a, lang) >= WORD_ZIPF and zipf(b, lang) >= WORD_ZIPF:
        return spelling(a, lang) == spelling(b, lang)
    return True


@lru_cache(maxsize=65536)
def spelling(word: str, lang: str) -> str:
    """``word`` in lower case without other characters than letters and digits, with the
    language's spelling folds applied in turn (en: "colourful" -> "colorful",
    "aluminium" -> "aluminum", "travelled" -> "traveled", "jaguars" -> "jaguar")."""
    out = _NOT_ALNUM.sub("", word.lower())
    for pattern, replacement in _folds(lang):
        out = pattern.sub(replacement, out)
    return out


@cache
def _folds(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    from listingkit.errors import ConfigError
    from listingkit.lexicons import word_list

    try:
        lines = word_list("spelling_folds", lang)
    except ConfigError:
        return ()
    return tuple((re.compile(p), r) for p, _, r in (line.partition("\t") for line in lines))


_NOT_ALNUM = re.compile(r"[\W_]+")


def fuzzy_roots(roots: Sequence[str], weight: Mapping[str, float], lang: str = "en",
                spaced: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map each root onto a more used near-duplicate root, where one exists.

    Every root (the ``FUZZY_LIMIT`` most used) is compared with the others (in big sets, with
    those used at least twice); a root joins the most used root it matches, so chains do not drift
    ("colours" -> "colour" -> "color"). ``spaced``: a root's words as written, with spaces,
    for the guard on phrases (see :func:`may_merge`).
    """
    from rapidfuzz import fuzz, process

    # a "word" of thousands of characters is junk, and fuzzy matching is quadratic in length
    ranked = sorted((r for r in roots if FUZZY_MIN_CHARS <= len(r) <= FUZZY_MAX_CHARS),
                    key=lambda r: (-weight.get(r, 0.0), r))[:FUZZY_LIMIT]
    anchors = ranked if len(ranked) <= SMALL_SET else [r for r in ranked
                                                      if weight.get(r, 0.0) >= 2]
    if not ranked or not anchors:
        return {}
    position = {r: i for i, r in enumerate(ranked)}
    matrix = process.cdist(ranked, anchors, scorer=fuzz.ratio, score_cutoff=FUZZY_RATIO,
                           dtype="uint8", workers=1)
    target: dict[str, str] = {}
    for i, a in enumerate(ranked):
        for j in matrix[i].nonzero()[0]:
            b = anchors[int(j)]
            if position[b] >= i:
                break  # only merge into a more used root
            pair = (spaced[a], spaced[b]) if spaced and a in spaced and b in spaced else None
            if may_merge(a, b, lang, pair):
                target[a] = target.get(b, b)
                break
    return target
