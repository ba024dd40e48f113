"""Catalogue rules (C): required fields, whitespace, placeholders, duplicate SKUs and titles."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from listingkit.listing import TEXT_FIELDS, Listing
from listingkit.rules.base import Fix, Hit, Rule, register
from listingkit.rules.matching import INVISIBLE, SPACES, token_list, tokens, words
from listingkit.rules.memo import remember, store


@register
class MissingRequired(Rule):
    """A field the marketplace requires is empty.

    Why: the row is rejected on upload, or the listing is suppressed until it is filled in.
    Fix: fill in the field (see `listingkit rules C001 --platform ID` for which are required).
    Fail: {title = "Acme Water Bottle"}
    Pass: {title = "Acme Water Bottle", brand = "Acme", bullets = ["Keeps drinks cold"]}
    """

    code, name, field = "C001", "catalogue.missing-required", ""
    facts = ("fields.title.required", "fields.brand.required", "fields.bullets.required",
             "fields.description.required", "fields.search_terms.required")

    def prepare(self) -> bool:
        self.required = []
        for name in ("sku", *TEXT_FIELDS):
            fact = self.ctx.marketplace.fact(f"fields.{name}.required")
            if fact is not None and fact.value is True:
                self.required.append((name, fact.uncertain))
        #: the empty fields -> their hits (at most one entry per subset of required fields)
        self.made: dict[tuple[str, ...], list[Hit]] = {}
        return bool(self.required)

    def check(self, listing: Listing) -> Iterable[Hit]:
        # the usual case first: every required field has a text that is not all whitespace
        for name, _ in self.required:
            value = getattr(listing, name)
            if name == "bullets":
                value = "".join(value)
            if not value or value[0].isspace() and not value.strip():
                return self.hits(listing)
        return ()

    def hits(self, listing: Listing) -> list[Hit]:
        """The hits for the fields ``listing`` leaves empty: the same hits for every listing
        that leaves the same ones empty, built once (hits are read-only)."""
        text = listing.text
        empty = tuple([name for name, _ in self.required if not text(name).strip()])
        found = self.made.get(empty)
        if found is None:
            found = self.made[empty] = [
                Hit(f"{name.replace('_', ' ')} is required by {self.ctx.marketplace.id} "
                    "but empty", field=name, key=name, severity="warning" if uncertain else "")
                for name, uncertain in self.required if name in empty]
        return found


@register
class DuplicateSku(Rule):
    """The same SKU appears on more than one row.

    Why: the later row silently overwrites the earlier one on upload.
    Fix: give each product its own SKU, or merge the rows.
    Fail: [{sku = "A1", title = "Acme Bottle"}, {sku = "A1", title = "Acme Mug"}]
    Pass: [{sku = "A1", title = "Acme Bottle"}, {sku = "A2", title = "Acme Mug"}]
    """

    code, name, field, scope = "C005", "catalogue.duplicate-sku", "sku", "catalogue"

    def prepare(self) -> bool:
        self.rows: dict[str, int] = {}
        self.hits: list[tuple[Listing, Hit]] = []
        return True

    def check(self, listing: Listing) -> Iterable[Hit]:
        row = listing.source.row if listing.source else 0
        key = listing.sku.strip()
        if not key:
            self.hits.append((Listing(sku="", source=listing.source),
                              Hit("SKU is empty", field="sku", key=f"row{row}")))
        elif key in self.rows:
            self.hits.append((Listing(sku=listing.sku, source=listing.source),
                              Hit(f"SKU {key!r} already used on row {self.rows[key]}",
                                  field="sku", key=key)))
        else:
            self.rows[key] = row
        return ()

    def finish(self) -> Iterable[tuple[Listing, Hit]]:
        return self.hits


#: characters of a title that near-duplicate detection compares
MAX_COMPARED = 1000


@register
class NearDuplicateTitle(Rule):
    """Two different SKUs have the same or nearly the same title.

    Why: near-identical titles compete with each other in search and make shoppers think the
    products are the same; marketplaces may treat them as duplicate listings. Variants of one
    parent are exempt. Similarity is rapidfuzz's token-sort ratio within blocks of titles that
    share brand or first word, so it scales to large catalogues.
    Fix: put the difference (size, colour, pack count) in the title, or merge the listings as
    variants of one parent.
    Fail: [{sku = "A", title = "Acme Steel Water Bottle 750 ml Blue"}, {sku = "B", title = "Acme Steel Water Bottle, 750ml, Blue"}]
    Pass: [{sku = "A", title = "Acme Steel Water Bottle 750 ml Blue"}, {sku = "B", title = "Acme Ceramic Coffee Mug 350 ml White"}]
    """

    code, name, field, scope, severity = "C006", "catalogue.near-duplicate-title", "title", \
        "catalogue", "warning"

    def prepare(self) -> bool:
        self.threshold = float(self.ctx.option("near_duplicate_threshold", 95))
        self.blocks: dict[str, list[tuple[str, str, str, int, str, str]]] = defaultdict(list)
        self.firsts: dict[str, str] = {}  # brand -> its first word ("" if none)
        return True

    def check(self, listing: Listing) -> Iterable[Hit]:
        # similarity is quadratic in length: compare the first MAX_COMPARED characters (every
        # marketplace's title limit is far below it), so a 6 MB title cannot stall the run
        runs = _runs(listing.title[:MAX_COMPARED])
        title = " ".join(runs)
        if len(title) >= 10:
            brand = listing.brand
            first = self.firsts.get(brand)
            if first is None:
                first = remember(self.firsts, brand, lambda: (words(brand.lower()) or [""])[0])
            first = first or (words(title) or [""])[0]
            row = listing.source.row if listing.source else 0
            file = listing.source.file if listing.source else ""
            parent = listing.attributes.get("parent_sku", "")
            # (and the words sorted: token-sort ratio is the plain ratio of those)
            runs.sort()
            self.blocks[first].append((listing.sku, title, parent, row, file, " ".join(runs)))
        return ()

    def finish(self) -> Iterable[tuple[Listing, Hit]]:
        import numpy as np
        from rapidfuzz import fuzz, process

        from listingkit.listing import Origin

        best: dict[tuple[str, int], tuple[int, tuple, tuple]] = {}
        for block in self.blocks.values():
            for chunk in _chunks(block, 2000):
                if len(chunk) < 2:
                    continue
                # token-sort ratio is the plain ratio of the titles' sorted words: sorted once
                # per title, not once per pair inside the scorer (ten times faster)
                titles = [item[5] for item in chunk]
                for i, j, score in _similar(titles, self.threshold, process, fuzz, np):
                    a, b = chunk[i], chunk[j]
                    if a[0] == b[0] or (a[2] and a[2] == b[2]) or a[0] == b[2] or b[0] == a[2]:
                        continue
                    later, earlier = (b, a) if (b[3], b[0]) > (a[3], a[0]) else (a, b)
                    key = (later[4], later[3])
                    old = best.get(key)
                    # one finding per listing: its closest, then earliest, look-alike
                    if old is None or (score, -earlier[3]) > (old[0], -old[2][3]):
                        best[key] = (score, later, earlier)
        for score, later, earlier in sorted(best.values(), key=lambda v: (v[1][4], v[1][3])):
            yield (Listing(sku=later[0], source=Origin(later[4], later[3])),
                   Hit(f"title is {score}% similar to SKU {earlier[0]!r} (row {earlier[3]})",
                       field="title", key=earlier[0]))


def _normal(title: str) -> str:
    """Lower case, punctuation to spaces, numbers joined to their units ("750 ml" = "750ml")."""
    return " ".join(_runs(title))


def _runs(title: str) -> list[str]:
    """The words of :func:`_normal`: the title's letter/digit runs (the runs the title rules
    have split already), a run of one to three ASCII letters joined to a run before it that
    ends in a digit."""
    runs = token_list(title)
    if len(runs) < 2:
        return list(runs)
    out = [runs[0]]
    digit = runs[0][-1].isdecimal()
    for run in runs[1:]:
        if digit and len(run) <= 3 and run.isascii() and run.isalpha() and run.islower():
            out[-1] += run
        else:
            out.append(run)
        digit = run[-1].isdecimal()
    return out


def _similar(titles: list[str], threshold: float, process: Any, fuzz: Any,
             np: Any) -> list[tuple[int, int, int]]:
    """(i, j, score) for every pair i < j of ``titles`` whose ratio reaches ``threshold``, in
    the order of i, then j.

    Two texts of lengths a <= b have a ratio of at most 100 * 2a / (a + b), so a title is only
    scored against titles at most ``reach`` times its length (the bound loosened by 2 points:
    scores are rounded). Titles are scored in groups of one length against the titles of that
    length and the longer ones within reach (a copy of the list: cdist is slower when queries
    and choices are the same object)."""
    order = sorted(range(len(titles)), key=lambda k: len(titles[k]))
    ordered = [titles[k] for k in order]
    lengths = [len(t) for t in ordered]
    low = (threshold - 2) / 100
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
    ordered = sorted(block, key=lambda item: item[1])
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]


@register
class Whitespace(Rule):
    """Leading, trailing or doubled spaces, tabs, line breaks or invisible characters in a field.

    Why: invisible characters break search matching and duplicate detection; stray spaces look
    careless and waste characters.
    Fix: `--fix` trims and collapses them.
    Fail: {title = "  Acme  Water Bottle "}
    Pass: {title = "Acme Water Bottle"}
    """

    code, name, field, severity, fixable = "C007", "catalogue.whitespace", "", "warning", "safe"

    def check(self, listing: Listing) -> Iterable[Hit]:
        if _all_tidy((listing.title, listing.brand, listing.search_terms, *listing.bullets)):
            return ()
        return self.hits(listing)

    def hits(self, listing: Listing) -> Iterable[Hit]:
        for name in ("title", "brand", "search_terms", "bullets"):
            items = listing.bullets if name == "bullets" else [getattr(listing, name)]
            for text in items:
                if text and _stray(text):
                    break
            else:
                continue
            fixed = [_clean(text) for text in items]
            if fixed != items:
                value: str | list[str] = [b for b in fixed if b] if name == "bullets" \
                    else fixed[0]
                yield Hit(f"{name.replace('_', ' ')} has stray whitespace or invisible "
                          "characters", field=name, key=name,
                          fix=Fix(name, value, True, "trim and collapse whitespace"))


_STRAY = re.compile("^\\s|\\s$|\\s\\s|[\t\r\n\u00a0\u3000\u200b\u200c\u2060\ufeff\u00ad]")


def _stray(text: str) -> bool:
    """Whether :data:`_STRAY` matches; plain ASCII text (the usual case) is tested without the
    regex, whose alternation costs microseconds per character."""
    if text.isascii() and text.isprintable():  # the only whitespace is then " "
        return text[:1] == " " or text[-1:] == " " or "  " in text
    return _STRAY.search(text) is not None


def _all_tidy(texts: tuple[str, ...]) -> bool:
    """True when :func:`_stray` is false for every text: a quick test over the texts joined by
    "|" that may say False in vain (a text holding " |"), then :func:`_stray` one by one. An
    empty text joins as "||", which has no space."""
    joined = "|".join(texts)
    # printable ASCII (no control character left after deleting the printable bytes): the
    # only whitespace is then " "
    if joined.isascii() and not joined.encode("ascii").translate(None, _PRINTABLE):
        return not (joined[:1] == " " or joined[-1:] == " " or "  " in joined
                    or " |" in joined or "| " in joined)
    return not any(_stray(text) for text in texts if text)


#: the printable ASCII bytes
_PRINTABLE = bytes(range(32, 127))


def _clean(text: str) -> str:
    text = INVISIBLE.sub("", text)
    text = re.sub(r"[\t\r\n]+", " ", text)
    return SPACES.sub(" ", text).strip()


@register
class Placeholder(Rule):
    """Placeholder text left in a field (TBD, N/A, lorem ipsum, "insert title here").

    Why: placeholders go live as-is and make the listing look broken; Amazon prohibits them.
    Fix: write the real text, or leave an optional field empty.
    Fail: {title = "Acme Water Bottle", description = "Lorem ipsum dolor sit amet"}
    Pass: {title = "Acme Water Bottle", description = "A steel bottle that keeps drinks cold."}
    """

    code, name, field = "C008", "catalogue.placeholder", ""

    def prepare(self) -> bool:
        entries = self.ctx.words("placeholder")
        self.whole = {e for e in entries if len(re.sub(r"\W", "", e)) <= 4 and " " not in e}
        self.longest = max((len(e) for e in self.whole), default=0)
        self.anywhere = self.ctx.matcher("placeholder", exclude=frozenset(self.whole))
        #: text -> its placeholder ("" for none), for the brands, bullets and descriptions of
        #: the run (they repeat: one dict look-up per text and row; bounded like a memo)
        self.seen: dict[str, str] = {}
        return bool(entries)

    def placeholder(self, text: str) -> str | None:
        """The placeholder ``text`` is or holds, if any."""
        # only a short text, or one with space to strip, can be a whole placeholder
        if len(text) <= self.longest or text[:1].isspace() or text[-1:].isspace():
            stripped = text.strip()
            if not stripped:
                return None
            if len(stripped) <= self.longest and stripped.lower() in self.whole:
                return stripped.lower()
        screen = self.anywhere.screen  # (the matcher's own first test, without the call)
        if screen is not None and screen.isdisjoint(tokens(text)):
            return None
        return next(iter(self.anywhere.find(text)), None)

    def found(self, text: str) -> str:
        """:meth:`placeholder`, remembered per text ("" for none)."""
        return store(self.seen, text, self.placeholder(text) or "")

    def check(self, listing: Listing) -> Iterable[Hit]:
        # titles and search terms are nearly always new: testing them is cheaper than
        # remembering them (the test of :meth:`placeholder`, with its common case inline)
        screen, longest = self.anywhere.screen, self.longest
        for text in (listing.title, listing.search_terms):
            if text and (screen is None or len(text) <= longest or text[:1].isspace()
                         or text[-1:].isspace() or not screen.isdisjoint(tokens(text))) \
                    and self.placeholder(text):
                return self.hits(listing)
        seen = self.seen
        for text in (listing.brand, listing.description, *listing.bullets):
            if text:
                found = seen.get(text)
                if found is None:
                    found = self.found(text)
                if found:
                    return self.hits(listing)
        return ()

    def hits(self, listing: Listing) -> list[Hit]:
        seen = self.seen
        hits = []
        for name in ("title", "brand", "description", "search_terms", "bullets"):
            items = listing.bullets if name == "bullets" else (getattr(listing, name),)
            for text in items:
                if not text:
                    continue
                found = seen.get(text)
                if found is None:
                    found = self.found(text)
                if found:
                    hits.append(Hit(f"{name.replace('_', ' ')} has placeholder text {found!r}",
                                    field=name, key=found.lower()))
                    break
        return hits


