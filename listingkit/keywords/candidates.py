"""Candidate keywords: 1-4-grams of a listing's text.

A candidate never crosses punctuation or a field boundary (each bullet is its own field),
never starts or ends with a stop word, and keeps numbers with their units: "500ml", "500 ml"
and "1:24 scale" are single units, so a bare "500" or "24" is never a keyword on its own; nor
is a single letter in languages written with spaces (size "M"), though it stays inside phrases
("vitamin c"). Hyphenated words stay one unit ("die-cast", "t-shirt"), and so do possessives:
"Men's" is the unit "man" written "Men's", not "men" and a stray "s".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from listingkit.listing import Listing
from listingkit.nlp import Analyzer, Word

MAX_N = 4
#: Joins a number and its unit inside one unit's key ("500\u00a0ml"), so that keys split on
#: spaces into units.
UNIT_JOIN = "\u00a0"
#: hyphens that join a compound when no space is around them ("t-shirt")
HYPHENS = frozenset({"-", "‐", "‑"})
#: Where a term appears, and the weight of each place (Data Dive's placement weighting).
FIELD_WEIGHTS = {"title": 3, "bullets": 2, "description": 1, "search_terms": 0}
#: Fields a competitor's words are taken from.
SOURCE_FIELDS = ("title", "bullets", "description")


@dataclass(frozen=True, slots=True)
class Unit:
    """A word, a hyphenated compound, or a number with its unit."""

    text: str
    key: str
    stop: bool
    number: bool
    space: bool


def units(words: list[Word]) -> Iterator[list[Unit]]:
    """Split analysed words into phrases (runs without a break) of units."""
    phrase: list[Unit] = []
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        if w.brk or (not w.key and not _is_joiner(words, i)):
            if phrase:
                yield phrase
            phrase = []
            i += 1
            continue
        # hyphen compounds: word-word-word with no spaces around the hyphens
        text, key, j = w.text, w.key, i
        stop, number = w.stop, w.number
        while j + 2 < n and _is_joiner(words, j + 1) and words[j + 2].key:
            nxt = words[j + 2]
            text += words[j + 1].text + nxt.text
            key += "-" + nxt.key
            stop, number = False, number and nxt.number
            j += 2
        space = words[j].space
        if not key:  # a stray joiner
            i = j + 1
            continue
        if _possessive(words, j):  # "Men's": the tokenizer split off "s" and the apostrophe
            text, space, j = text + "'" + words[j + 1].text, words[j + 1].space, j + 1
        # numbers bind to the unit that follows, but not to the first word of a compound:
        # "3 Non-Toxic Colors" counts colours; "3 Non" would leave "toxic colors" a keyword
        if number and j + 1 < n and not _is_joiner(words, j + 2):
            nxt = words[j + 1]
            if nxt.key and not nxt.brk and not nxt.stop and not nxt.number:
                sep = " " if words[j].space else ""
                text, key = text + sep + nxt.text, key + UNIT_JOIN + nxt.key
                number, space, j = False, nxt.space, j + 1
        phrase.append(Unit(text, key, stop, number, space))
        i = j + 1
    if phrase:
        yield phrase


def _possessive(words: list[Word], i: int) -> bool:
    """An "s" glued to the word before it (its apostrophe dropped by the tokenizer)."""
    return (i + 1 < len(words) and not words[i].space and words[i + 1].key == "s"
            and words[i + 1].text in ("s", "S") and words[i].key.isalpha())


def _is_joiner(words: list[Word], i: int) -> bool:
    """A hyphen (or slash-free joiner) glued to the words on both sides."""
    if i <= 0 or i + 1 >= len(words):
        return False
    w = words[i]
    return (w.text in HYPHENS and not words[i - 1].space and not w.space
            and bool(words[i - 1].key))


def ngrams(phrase: list[Unit], max_n: int = MAX_N) -> Iterator[tuple[Unit, ...]]:
    """The 1..max_n-grams of a phrase that do not start or end with a stop word."""
    for start, first in enumerate(phrase):
        if first.stop:
            continue
        for end in range(start, min(start + max_n, len(phrase))):
            last = phrase[end]
            if last.stop:
                continue
            if end == start and first.number:
                continue  # a bare number is not a keyword
            if last.number and phrase[end - 1].stop:
                continue  # "balloons x 5": a count, not part of a term
            yield tuple(phrase[start:end + 1])


def field_texts(listing: Listing, fields: Iterable[str] = SOURCE_FIELDS
                ) -> Iterator[tuple[str, str]]:
    """(field, text) pairs of a listing; every bullet separately."""
    for name in fields:
        if name == "bullets":
            for bullet in listing.bullets:
                if bullet.strip():
                    yield name, bullet
        else:
            text = listing.text(name)
            if text.strip():
                yield name, text


#: Field -> bit in an occurrence mask.
FIELD_BITS = {"title": 1, "bullets": 2, "description": 4, "search_terms": 8}
#: Mask -> weight of the best place in it.
BEST_WEIGHT = [max((FIELD_WEIGHTS[f] for f, b in FIELD_BITS.items() if mask & b), default=0)
               for mask in range(16)]
#: Distinct texts whose candidates are remembered (bullets and descriptions repeat a lot).
TEXT_MEMO = 50_000


@dataclass
class Occurrences:
    """One listing's candidates: key -> mask of the fields it appears in (FIELD_BITS), and
    the analysed title (for brand detection)."""

    masks: dict[str, int]
    title: list[Word]

    def best(self, key: str) -> int:
        return BEST_WEIGHT[self.masks[key]]

    def fields(self, key: str) -> list[str]:
        mask = self.masks[key]
        return [f for f, b in FIELD_BITS.items() if mask & b]

    def drop_field(self, name: str) -> None:
        """Forget the candidates seen only in field ``name``."""
        bit = FIELD_BITS[name]
        for key, mask in list(self.masks.items()):
            if mask & bit:
                if mask == bit:
                    del self.masks[key]
                else:
                    self.masks[key] = mask & ~bit


class TermReader:
    """Reads candidates of listings for one analyser, remembering repeated texts.

    ``surfaces`` counts how each key was written ((key, surface form) -> uses), over all
    listings read.
    """

    def __init__(self, analyzer: Analyzer, fields: Iterable[str] = SOURCE_FIELDS,
                 max_n: int = MAX_N, chunk: int = 512) -> None:
        self.analyzer = analyzer
        self.fields = tuple(fields)
        self.max_n = max_n
        self.chunk = chunk
        self.joiner = "" if analyzer.lang in ("ja", "zh") else " "
        self.memo: dict[str, tuple[tuple[tuple[str, str], ...], list[Word]]] = {}
        self.uses: Counter[str] = Counter()  # texts in the memo -> times read
        self._folded: Counter[tuple[str, str]] = Counter()  # surfaces of forgotten texts

    @property
    def surfaces(self) -> Counter[tuple[str, str]]:
        """(key, written form) -> times read, over every listing read so far."""
        out = Counter(self._folded)
        for text, count in self.uses.items():
            for pair in self.memo[text][0]:
                out[pair] += count
        return out

    def read(self, listings: Iterable[Listing]) -> Iterator[Occurrences]:
        batch: list[list[tuple[str, str]]] = []
        for listing in listings:
            batch.append(list(field_texts(listing, self.fields)))
            if len(batch) >= self.chunk:
                yield from self._flush(batch)
                batch = []
        if batch:
            yield from self._flush(batch)

    def _flush(self, batch: list[list[tuple[str, str]]]) -> Iterator[Occurrences]:
        memo = self.memo
        todo = list(dict.fromkeys(t for parts in batch for _n, t in parts if t not in memo))
        if len(memo) + len(todo) > TEXT_MEMO:
            self._folded = self.surfaces
            self.uses.clear()
            memo.clear()
            todo = list(dict.fromkeys(t for parts in batch for _n, t in parts))
        for text, words in zip(todo, self.analyzer.pipe(todo)):
            memo[text] = (self._grams(words), words)
        uses = self.uses
        for parts in batch:
            occ = Occurrences({}, [])
            masks = occ.masks
            for name, text in parts:
                grams, words = memo[text]
                bit = FIELD_BITS.get(name, 4)
                if name == "title":
                    occ.title = words
                uses[text] += 1
                for key, _form in grams:
                    masks[key] = masks.get(key, 0) | bit
            yield occ

    def _grams(self, words: list[Word]) -> tuple[tuple[str, str], ...]:
        found: dict[str, str] = {}
        spaced = bool(self.joiner)
        for phrase in units(words):
            for gram in ngrams(phrase, self.max_n):
                if spaced and len(gram) == 1 and len(gram[0].key) == 1:
                    continue  # "s" of "Men's", size "M": a letter alone is no keyword
                key = " ".join(u.key for u in gram)
                if key not in found:
                    found[key] = self.joiner.join(u.text for u in gram)
        return tuple(found.items())


def listing_terms(analyzer: Analyzer, listings: Iterable[Listing],
                  fields: Iterable[str] = SOURCE_FIELDS, max_n: int = MAX_N
                  ) -> Iterator[Occurrences]:
    """Candidates of each listing (see :class:`TermReader`)."""
    return TermReader(analyzer, fields, max_n).read(listings)
