"""C006, near-duplicate titles: titles are normalised (lower case, letter/digit runs, numbers
joined to their units), filed in blocks by brand or first word and by the numbers they hold,
and compared within a block with rapidfuzz (token-sort ratio), so it scales to large
catalogues."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from itertools import compress, count
from operator import not_
from typing import Any

from listingkit.listing import Listing
from listingkit.rules.base import Hit, Rule, register
from listingkit.rules.chunk import Chunk
from listingkit.rules.columns import LINE_RUNS
from listingkit.rules.matching import token_list, words
from listingkit.rules.memo import MAX_ENTRIES

#: characters of a title that near-duplicate detection compares
MAX_COMPARED = 1000
#: rows normalised together
BATCH = 2048


@register
class NearDuplicateTitle(Rule):
    """Two different SKUs have the same or nearly the same title.

    Why: near-identical titles compete with each other in search and make shoppers think the
    products are the same; marketplaces may treat them as duplicate listings. Variants of one
    parent are exempt, and so are titles whose numbers differ (a size, capacity, pack count
    or model number: "16GB" and "1GB", "MP480" and "MP620" say the products differ).
    Similarity is rapidfuzz's token-sort ratio within blocks of titles that share brand or
    first word and their numbers, so it scales to large catalogues.
    Fix: put the difference (size, colour, pack count) in the title, or merge the listings as
    variants of one parent.
    Fail: [{sku = "A", title = "Acme Steel Water Bottle 750 ml Blue"}, {sku = "B", title = "Acme Steel Water Bottle, 750ml, Blue"}]
    Pass: [{sku = "A", title = "Acme Steel Water Bottle 750 ml Blue"}, {sku = "B", title = "Acme Ceramic Coffee Mug 350 ml White"}]
    """

    code, name, field, scope, severity = "C006", "catalogue.near-duplicate-title", "title", \
        "catalogue", "warning"

    def prepare(self) -> bool:
        self.threshold = float(self.ctx.option("near_duplicate_threshold", 95))
        self.firsts: dict[str, str] = {}  # brand -> its first word ("" if none)
        #: the rows not filed yet, column by column (references to the listings' own values):
        #: title, SKU, parent, row, file, brand
        self.pending: tuple[list[str], list[str], list[str], list[int], list[str],
                            list[str]] = ([], [], [], [], [], [])
        #: the rows filed, column by column: rough key (see :meth:`file`), title, head, SKU,
        #: parent, row, file (rough keys and rows in arrays: no int object each; the
        #: listings' origins are not kept alive)
        self.filed: tuple[array[int], list[str], list[str], list[str], list[str], array[int],
                          list[str]] = (array("q"), [], [], [], [], array("q"), [])
        return True

    def check(self, listing: Listing) -> Iterable[Hit]:
        self.see(Chunk([listing]))
        return ()

    def see(self, chunk: Chunk) -> None:
        """Take in the titles, SKUs, parents, rows, files and brands of ``chunk``, a column at
        a time (``map`` over the listings: no Python call per row)."""
        titles, skus, parents, rows, files, brands = self.pending
        titles += chunk.column("title").texts
        skus += chunk.values("sku")
        parents += chunk.attribute("parent_sku")
        found = chunk.source_rows()
        if found is None:  # (a listing without a source: row 0 of file "")
            found = [listing.source.row if listing.source else 0 for listing in chunk.listings]
        rows += found
        files += chunk.source_files()
        brands += chunk.values("brand")
        if len(titles) >= BATCH:
            self.file()

    def file(self) -> None:
        """File the pending rows, in row order, each with its head (the brand's first word,
        or the title's first word) and a rough key: a hash of the head and of the set of the
        title's numbers (its digit runs), worked out for the batch in a few passes in C.

        Titles are compared only within a block: the same head and the same numbers (titles
        whose numbers differ are different products). Normalising every title (its words,
        sorted) costs three times what the rough key does, and most titles share no block,
        so :meth:`blocks` normalises only the titles whose rough key another title has; two
        titles of one block always share it. Similarity is quadratic in length: the first
        MAX_COMPARED characters of a title are compared (every marketplace's title limit is
        far below it), so a 6 MB title cannot stall the run."""
        titles, skus, parents, rows, files, brands = self.pending
        if not titles:
            return
        self.pending = ([], [], [], [], [], [])
        if max(map(len, titles)) > MAX_COMPARED:
            titles = [title[:MAX_COMPARED] for title in titles]
        firsts, distinct = self.firsts, set(brands)
        if len(firsts) + len(distinct) > MAX_ENTRIES:
            firsts.clear()  # (bounded; every brand of the batch is in it below)
        for brand in distinct.difference(firsts):
            firsts[brand] = (words(brand.lower()) or [""])[0]
        heads = list(map(firsts.__getitem__, brands))
        bare = list(compress(count(), map(not_, heads)))  # (no brand: the title's first word)
        for i, runs in zip(bare, runs_of([titles[i] for i in bare]), strict=True):
            heads[i] = runs[0] if runs else ""
        numbers = map(frozenset, map(str.split, numbers_in(titles, collapse=False)))
        rough, kept, kept_heads, kept_skus, kept_parents, kept_rows, kept_files = self.filed
        rough.extend(map(hash, zip(heads, numbers)))
        kept += titles
        kept_heads += heads
        kept_skus += skus
        kept_parents += parents
        kept_rows.extend(rows)
        kept_files += files

    def blocks(self) -> Iterable[list[tuple[str, str, int, str, str]]]:
        """The blocks of two or more titles: (SKU, parent, row, file, sorted words) each, in
        row order. Only the titles whose rough key another title has are normalised (lower
        case letter/digit runs, numbers joined to their units, sorted) and keyed exactly: the
        head and the digit runs of the sorted words."""
        self.file()
        rough, titles, heads, skus, parents, rows, files = self.filed
        counts = Counter(rough)
        shared = {key for key, n in counts.items() if n > 1}
        candidates = list(compress(count(), map(shared.__contains__, rough)))
        blocks: dict[str, list[tuple[str, str, int, str, str]]] = defaultdict(list)
        for start in range(0, len(candidates), BATCH):
            batch = candidates[start:start + BATCH]
            ordered = list(map(" ".join, map(sorted, runs_of([titles[i] for i in batch]))))
            numbers = numbers_in(ordered)
            for i, words_, digits in zip(batch, ordered, numbers, strict=True):
                if len(words_) > 9:  # (shorter titles are not compared)
                    blocks[f"{heads[i]}\n{digits}"].append(
                        (skus[i], parents[i], rows[i], files[i], words_))
        return [block for block in blocks.values() if len(block) > 1]

    def finish(self) -> Iterable[tuple[Listing, Hit]]:
        from listingkit.listing import Origin

        best: dict[tuple[str, int], tuple[int, tuple, tuple]] = {}
        for block in self.blocks():
            for chunk in _chunks(block, 2000):
                for i, j, score in similar([item[4] for item in chunk], self.threshold):
                    a, b = chunk[i], chunk[j]
                    if a[0] == b[0] or (a[1] and a[1] == b[1]) or a[0] == b[1] or b[0] == a[1]:
                        continue
                    later, earlier = (b, a) if (b[2], b[0]) > (a[2], a[0]) else (a, b)
                    key = (later[3], later[2])
                    old = best.get(key)
                    # one finding per listing: its closest, then earliest, look-alike
                    if old is None or (score, -earlier[2]) > (old[0], -old[2][2]):
                        best[key] = (score, later, earlier)
        for score, later, earlier in sorted(best.values(), key=lambda v: (v[1][3], v[1][2])):
            yield (Listing(sku=later[0], source=Origin(later[3], later[2])),
                   Hit(f"title is {score}% similar to SKU {earlier[0]!r} (row {earlier[2]})",
                       field="title", key=earlier[0]))


#: blocks of at most this many titles are scored pair by pair (most blocks hold two titles: a
#: matrix and numpy cost more than the pairs)
PAIRWISE = 12


def similar(titles: list[str], threshold: float) -> list[tuple[int, int, int]]:
    """(i, j, score) for every pair i < j of ``titles`` whose ratio reaches ``threshold``, in
    the order of i, then j: pair by pair for a few titles, else by :func:`_similar`."""
    fuzz, process = _rapidfuzz()
    if len(titles) > PAIRWISE:
        import numpy as np  # (only for a large block)

        return _similar(titles, threshold, process, fuzz, np)
    ratio, found = fuzz.ratio, []
    for i, a in enumerate(titles):
        for j in range(i + 1, len(titles)):
            score = ratio(a, titles[j], score_cutoff=threshold)
            if score:  # (rounded half up, as cdist rounds into whole numbers)
                found.append((i, j, int(score + 0.5)))
    return found


@cache
def _rapidfuzz() -> tuple[Any, Any]:
    """rapidfuzz's fuzz and process modules, imported on first use (once: :func:`similar`
    runs once per block, thousands of times)."""
    from rapidfuzz import fuzz, process

    return fuzz, process


def runs_of(titles: list[str]) -> list[list[str]]:
    """The words C006 compares, for each title: its lower-case letter/digit runs (those of
    :func:`~listingkit.rules.matching.token_list`), a run of one to three ASCII letters joined
    to a run before it that ends in a digit ("750 ml" is "750ml").

    One translate and one regex over the joined titles, not a call each. A title that is not
    ASCII or holds a line break joins in as its runs, which the translate leaves as they are."""
    joined = "\n".join(titles)
    odd = list(compress(count(), map(not_, map(str.isascii, titles))))
    if joined.count("\n") >= len(titles):  # (some title holds a line break)
        odd = sorted(set(odd).union(i for i, title in enumerate(titles) if "\n" in title))
    if odd:
        pieces = list(titles)
        for i in odd:
            pieces[i] = " ".join(token_list(titles[i]))
        joined = "\n".join(pieces)
    text = joined.encode("utf-8").translate(_LINE_RUNS).decode("utf-8")
    return list(map(str.split, _UNIT_GAP.sub("", text).split("\n"))) if titles else []


#: what is not a digit run (nor a title's end), in the sorted words of titles: what is left
#: are a title's numbers, in the order of its sorted words
_NOT_DIGITS = re.compile(r"[^\d\n]+")
#: ASCII digits and the line break as they are, every other byte a space; and the runs of
#: spaces it leaves (see :func:`numbers_of`)
_DIGITS_ONLY = bytes(code if 48 <= code <= 57 or code == 10 else 32 for code in range(256))
_SPACES = re.compile("  +")
#: :data:`~listingkit.rules.columns.LINE_RUNS` (ASCII letters and digits to lower case, the
#: line break kept, every other ASCII byte to a space) leaving the bytes of other scripts as
#: they are (the runs of the titles not in ASCII)
_LINE_RUNS = LINE_RUNS[:128] + bytes(range(128, 256))
#: the spaces between a run ending in a digit and a run of one to three ASCII letters (in the
#: runs, whose letters are lower case): ``(?<=\d) +(?=[a-z]{1,3}\b)``, written to start with
#: the space, which the regex engine can skip to (two and a half times faster)
_UNIT_GAP = re.compile(r" (?<=\d ) *(?=[a-z]{1,3}\b)")


def numbers_in(texts: list[str], collapse: bool = True) -> list[str]:
    """:func:`numbers_of` each of ``texts`` (a line break inside one is a space): the ASCII
    texts joined, in one pass, and the others (an emoji or an accent sends a text there)
    one by one, so that one such text does not send the batch down the regex. ``collapse``
    False: runs of spaces in ASCII texts are left as they are (for ``split``)."""
    ascii_ = list(map(str.isascii, texts))
    plain = list(compress(texts, ascii_))
    joined = "\n".join(plain)
    if joined.count("\n") >= len(plain) > 0:  # (a text holds a line break of its own)
        joined = "\n".join(text.replace("\n", " ") for text in plain)
    found = numbers_of(joined, collapse).split("\n") if plain else []
    for i in compress(count(), map(not_, ascii_)):  # (in order: each lands at its index)
        found.insert(i, _NOT_DIGITS.sub(" ", texts[i].replace("\n", " ")))
    return found


def numbers_of(text: str, collapse: bool = True) -> str:
    """``text`` with every run of characters other than digits and line breaks made one
    space (a title's numbers, from its sorted words). ASCII text (the usual case) in two
    passes in C, a third of the time of the regex: a ``translate`` makes those characters
    spaces, then runs of two spaces or more become one (unless ``collapse`` is False: the
    numbers are the same to ``split``)."""
    if not text.isascii():
        return _NOT_DIGITS.sub(" ", text)
    spaced = text.encode("ascii").translate(_DIGITS_ONLY).decode("ascii")
    return _SPACES.sub(" ", spaced) if collapse else spaced


def _similar(titles: list[str], threshold: float, process: Any, fuzz: Any,
             np: Any) -> list[tuple[int, int, int]]:
    """(i, j, score) for every pair i < j of ``titles`` whose ratio reaches ``threshold``, in
    the order of i, then j.

    Two texts of lengths a <= b have a ratio of at most 100 * 2a / (a + b), so a title is only
    scored against titles at most ``reach`` times its length (the bound loosened by half a
    point, far more than float error: rapidfuzz compares the unrounded score with the cutoff
    and rounds only what passes). Titles are scored in groups of one length against the titles
    of that length and the longer ones within reach (a copy of the list: cdist is slower when
    queries and choices are the same object). Every title meets itself there; a group with no
    other hit is passed over without looking for where its hits are."""
    order = sorted(range(len(titles)), key=lambda k: len(titles[k]))
    ordered = [titles[k] for k in order]
    lengths = [len(t) for t in ordered]
    low = (threshold - 0.5) / 100
    reach = (2 - low) / low if low > 0.5 else None  # (no bound worth having below that)
    found = []
    start, size = 0, len(ordered)
    while start < size:
        length = lengths[start]
        end = bisect_right(lengths, length, start) if reach is not None else size
        stop = bisect_right(lengths, length * reach, start) if reach is not None else size
        if stop - start > 1:
            scores = process.cdist(ordered[start:end], list(ordered[start:stop]),
                                   scorer=fuzz.ratio, workers=1, score_cutoff=threshold,
                                   dtype=np.uint8)
            if np.count_nonzero(scores) == end - start:
                start = end
                continue
            for i, j in zip(*np.nonzero(scores), strict=True):
                if j > i:  # (a pair within the group shows twice; and a title meets itself)
                    a, b = order[start + i], order[start + j]
                    found.append((min(a, b), max(a, b), int(scores[i, j])))
        start = end
    found.sort()
    return found


def _chunks(block: list, size: int) -> Iterable[list]:
    """Split a large block by sorted title, so similar titles stay together."""
    if len(block) <= size:
        yield block
        return
    ordered = sorted(block, key=lambda item: item[4])
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]
