"""Brand parts: the words one competitor set writes nearly only inside brand names.

Recommending "melissa" where every title writes "Melissa & Doug" recommends the brand. The
ranking tags a candidate that holds a brand name, but the "&" parts that name, so no
candidate holds it whole, and the words alone look like any other. So each set's titles are
read for the words they write inside a brand name:

* **a known name, however it is spaced**: a run of the title's words, read past stop words
  and punctuation, that is a brand name known by now (brand fields, the whole input's
  :class:`~listingkit.keywords.brands.BrandBook`), its words joined or apart: "Hobby Boss"
  is the "Hobbyboss" of a brand field, "Marvel Super Hero Squad" the "Marvel Superhero
  Squad" of another;
* **a trade name after a leading brand**: a title that begins with a one-word brand and
  goes on, within LEAD_RUN words, to a word that ends trade names (``trade_name_words``:
  "Art", "Products", "World", "Games") writes the words up to it as the name: "Anuradha
  Art", "Lal Pet Products", "Aurora World". A name like these is a brand plus a common word,
  which the whole input's evidence does not separate from "Regent Analog" (a brand and the
  product); the list says which common words sellers name themselves with;
* **the row's own brand field**: the words that begin a title and that its own listing's
  brand fields name are written as that brand, inside a known name or not: "Frozen Olaf
  Puzzle" whose brand field says "Disney Frozen" begins with the brand it gives. Only at
  the start, where sellers put the brand: "Badge Button Pin" by "Pin It On" ends with the
  product, and "Wooden Thomas ... Curved Track" by "Learning Curve" does not begin with it.

A word counts when at least PART_SHARE of the set's titles using it write it only inside such
names, in PART_MIN_TITLES titles or more. Below that, when most titles using it (MOST_SHARE)
still write it only inside names, the ranking counts only the titles that write it outside
them: "princess" where 10 of the 13 titles using it write "Disney Princess" scores as 3 titles
would (``shares`` of :func:`brand_parts`). A word most titles write on its own keeps every
use: the names are read from evidence that can be wrong ("Insulated Garden" taken for a
name where brandless titles begin "Insulated Garden Hose"), and a word of the market should
not pay for it. A word of the lexicons' kinds (colours, product
types ...) is never a part nor scored so: it is the market's word, whoever writes it. A word of the category paths
may ("games" where every title writes "Cheatwell Games" or "Jumbo Games"): the taxonomy names
product types, but a set that writes the word only in names does not use it as one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from functools import cache
from typing import TYPE_CHECKING

from listingkit.keywords.leads import plain
from listingkit.keywords.variants import root_key
from listingkit.nlp import Analyzer, Word

if TYPE_CHECKING:
    from listingkit.keywords.kinds import Tagger
    from listingkit.keywords.ranking import Keyword

#: A word that at least this share of a set's titles using it write only inside brand names,
#: in at least this many titles, stands for a brand there.
PART_SHARE = 0.8
PART_MIN_TITLES = 2
#: ... and a word that this share of them write only inside names scores on the others only
MOST_SHARE = 0.5
#: The words after a leading one-word brand that may end its trade name ("Lal Pet Products").
LEAD_RUN = 2
#: The longest run of title words read as one brand name.
MAX_NAME_WORDS = 6


@cache
def trade_name_words(analyzer: Analyzer) -> frozenset[str]:
    """The keys of ``lexicons/<lang>/trade_name_words.txt`` and of the one-word legal forms of
    ``lexicons/shared/legal_forms.txt`` of three letters or more ("gmbh", "ltd"; not "ag" or
    "kg", which are words and units too)."""
    from listingkit.lexicons import word_list

    forms = [f for f in word_list("legal_forms", analyzer.lang) if f.isalpha() and len(f) > 2]
    return frozenset(w.key for entry in (*word_list("trade_name_words", analyzer.lang), *forms)
                     for w in analyzer.words(entry) if w.key)


def brand_parts(titles_words: Iterable[list[Word]], roots: Collection[str],
                leads: Collection[str], designators: Collection[str],
                never: Collection[str], own: Iterable[Collection[str]] = (),
                shares: dict[str, float] | None = None) -> set[str]:
    """The words of a set that stand for a brand (see the module). ``roots``: the known
    names' root keys (spaces and hyphens dropped); ``leads``: one-word brand keys;
    ``designators``: the keys of words that end trade names; ``never``: keys never counted
    (the lexicons' kinds, the words that are brands already); ``own``: the word keys of each
    title's own brand fields, in order (none for the titles past its end). ``shares`` gets,
    for each word that at least MOST_SHARE of the titles using it write only inside names,
    that share (``never`` left out)."""
    if not roots and not leads:
        return set()
    squashed: dict[str, str] = {}
    uses: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    owns = iter(own)
    for analysed in titles_words:
        named = next(owns, ())
        # the title's words, read past stop words and punctuation (a name spans them), and a
        # stop word that begins the title, as a leading name may ("My Foot")
        at = [i for i, w in enumerate(analysed) if w.key and not w.brk and (not w.stop or not i)]
        if not at:
            continue
        keys = [analysed[i].key for i in at]
        parts = [squashed.get(k) or squashed.setdefault(k, root_key(k)) for k in keys]
        covered = set(range(_lead_run(analysed, leads, designators)))  # (positions in at)
        if named:  # the words of the row's own brand fields that begin the title
            covered.update(range(_own_run(keys, analysed[at[0]].stop, named)))
        for i in range(len(keys) - 1):
            joined = parts[i]
            for j in range(i + 1, min(i + MAX_NAME_WORDS, len(keys))):
                joined += parts[j]
                if joined in roots:
                    covered.update(range(i, j + 1))
        if covered:
            outside = {k for i, k in enumerate(keys) if i not in covered}
            inside.update({keys[i] for i in covered} - outside)
        uses.update(set(keys))
    if shares is not None:
        shares.update((w, n / uses[w]) for w, n in inside.items()
                      if n >= MOST_SHARE * uses[w] and w not in never)
    return {w for w, n in inside.items() if n >= PART_MIN_TITLES and n >= PART_SHARE * uses[w]
            and w not in never}


def _own_run(keys: list[str], stop_first: bool, named: Collection[str]) -> int:
    """How many of a title's words (``keys``, the first a stop word when ``stop_first``)
    begin it with words its own brand fields name: "Frozen Olaf Puzzle" by "Disney Frozen"
    begins with one. A seller writes the brand first; the same word later in the title is
    the product ("Badge Button Pin" by "Pin It On")."""
    start = run = 1 if stop_first else 0
    while run < len(keys) and keys[run] in named:
        run += 1
    return run if run > start else 0


def _lead_run(analysed: list[Word], leads: Collection[str], designators: Collection[str]
              ) -> int:
    """How many words begin the title as a trade name: a one-word brand and the words after
    it up to the last word, within LEAD_RUN, that ends trade names ("Anuradha Art"); 0 when
    the title begins otherwise. A stop word, a number or punctuation ends the run."""
    first = analysed[0]
    if first.stop or first.brk or first.key not in leads:
        return 0
    end = 0
    for n, word in enumerate(analysed[1:LEAD_RUN + 1], start=2):
        if not plain(word):
            break
        if word.key in designators:
            end = n
    return end


def mark_parts(scored: list[Keyword], tagger: Tagger, share: float = PART_SHARE) -> None:
    """Tag ranked keywords used mostly inside a brand name as the brand's: "hot" when nearly
    every "hot" is in "Hot Wheels", "teenage mutant ninja" in "... Turtles". So is a phrase
    that begins with the end of a brand name ("kitty bear" of "Hello Kitty Bear") or ends
    with its beginning, when that part is used mostly inside the name."""
    by_root = {k.lemma: k for k in scored}
    names = [k for k in scored if k.kind == "brand" and tagger.is_name(k.lemma)]
    heads: list[str] = []
    tails: list[str] = []
    for brand in names:
        words = brand.lemma.split(" ")
        for n in range(1, len(words)):
            for i in range(len(words) - n + 1):
                text = " ".join(words[i:i + n])
                part = by_root.get(text)
                if part is not None and brand.competitors >= share * part.competitors:
                    part.kind = "brand"
                    if i == 0:
                        heads.append(" " + text)
                    if i + n == len(words):
                        tails.append(text + " ")
    if heads or tails:
        starts, ends = tuple(tails), tuple(heads)
        for keyword in scored:
            if keyword.lemma.startswith(starts) or keyword.lemma.endswith(ends):
                keyword.kind = "brand"
