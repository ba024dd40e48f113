"""Catalogue rules (C): required fields, whitespace, placeholders, duplicate SKUs (near-duplicate
titles, C006: :mod:`.near`)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from itertools import chain, compress, count, repeat
from operator import and_, not_

from listingkit.listing import TEXT_FIELDS, Listing
from listingkit.rules.base import Fix, Hit, Rule, register
from listingkit.rules.chunk import Chunk
from listingkit.rules.columns import Column
from listingkit.rules.matching import INVISIBLE, SPACES, tokens
from listingkit.rules.memo import Verdicts, store
from listingkit.rules.screens import phrase_screen


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
        empty = None  # the required fields whose text is empty or all whitespace
        for name, _ in self.required:
            value = getattr(listing, name)
            if name == "bullets":
                value = "".join(value)
            if not value or value[0].isspace() and not value.strip():
                empty = [name] if empty is None else [*empty, name]
        return () if empty is None else self.hits(tuple(empty))

    def rows(self, chunk: Chunk) -> Collection[int]:
        """The rows where a required field is empty, or starts with whitespace (it may be
        all whitespace)."""
        found: set[int] = set()
        for name, _ in self.required:
            lines = chunk.bullet_lines() if name == "bullets" else None
            if lines is not None:
                # a bullet a line: the rows whose bullets are all empty, or where one starts
                # with a space (or holds other whitespace)
                empty = map(not_, map(any, chunk.values("bullets")))
                found |= set(compress(count(), empty)) | lines.rows_with("\n ") | \
                    lines.rows_with_odd_space()
                continue
            column = chunk.column(name, "")  # (bullets joined by nothing: empty when all are)
            found |= column.empty_rows() | column.rows_with("\n ")
            found |= column.rows_where(_starts_with_space, column.odd_rows())
        return found

    def hits(self, empty: tuple[str, ...]) -> list[Hit]:
        """The hits for the fields ``empty``: the same for every listing that leaves the
        same ones empty, built once (hits are read-only)."""
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
        self.first_row: dict[str, int] = {}  # SKU -> the row it was first seen on
        self.hits: list[tuple[Listing, Hit]] = []
        return True

    def check(self, listing: Listing) -> Iterable[Hit]:
        row = listing.source.row if listing.source else 0
        key = listing.sku.strip()
        if not key:
            self.hits.append((Listing(sku="", source=listing.source),
                              Hit("SKU is empty", field="sku", key=f"row{row}")))
        elif key in self.first_row:
            self.hits.append((Listing(sku=listing.sku, source=listing.source),
                              Hit(f"SKU {key!r} already used on row {self.first_row[key]}",
                                  field="sku", key=key)))
        else:
            self.first_row[key] = row
        return ()

    def see(self, chunk: Chunk) -> None:
        """:meth:`check` on each listing; in one step when the chunk's SKUs are all new,
        distinct and not empty (the usual case)."""
        keys = list(map(str.strip, chunk.values("sku")))
        rows = chunk.source_rows()
        if rows is None or not all(keys) or len(set(keys)) < len(keys) or \
                not self.first_row.keys().isdisjoint(keys):
            super().see(chunk)
            return
        self.first_row.update(zip(keys, rows))

    def finish(self) -> Iterable[tuple[Listing, Hit]]:
        return self.hits


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

    def rows(self, chunk: Chunk) -> Collection[int]:
        """The rows with a text that starts or ends with a space or holds two in a row (found
        over the columns; texts that are not printable ASCII one by one), or a bullet that
        does (each distinct bullet of the chunk looked at once)."""
        columns = [chunk.column(name) for name in ("title", "brand", "search_terms")]
        found = set().union(*(column.rows_with_spaces() for column in columns))
        fields = [column.texts for column in columns]
        found |= {i for i in set().union(*(column.odd_rows() for column in columns))
                  if not _all_tidy(tuple(texts[i] for texts in fields))}
        lines = chunk.bullet_lines()
        if lines is not None:  # (a bullet a line: found over the column)
            return found | lines.rows_with_stray_space()
        distinct = chunk.distinct_bullets()
        texts = distinct.texts
        stray = {texts[j] for j in distinct.rows_with_spaces()} | {
            texts[j] for j in distinct.odd_rows() if _stray(texts[j])}
        if stray:
            found |= {i for i, bullets in enumerate(chunk.values("bullets"))
                      if not stray.isdisjoint(bullets)}
        return found

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


def _starts_with_space(text: str) -> bool:
    return text[:1].isspace()


def _space_at_an_end(text: str) -> bool:
    return text[:1].isspace() or text[-1:].isspace()


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
        #: the texts that hold every word of a placeholder phrase (over a column at once)
        self.phrases = phrase_screen([self.anywhere])
        #: text -> its placeholder ("" for none), for the brands, bullets and descriptions of
        #: the run (they repeat: one dict look-up per text and row; bounded like a memo)
        self.seen: dict[str, str] = {}
        #: the verdicts of each field's texts (brands repeat, descriptions rarely: each field
        #: stops remembering on its own, see Verdicts), kept in :attr:`seen`
        self.verdicts: dict[str, Verdicts[str]] = {
            name: Verdicts(self.seen) for name in ("brand", "description", "bullets")}
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

    def known(self, text: str) -> str:
        """:meth:`found`, looked up first."""
        hit = self.seen.get(text)
        return self.found(text) if hit is None else hit

    def check(self, listing: Listing) -> Iterable[Hit]:
        # titles and search terms are nearly always new: tested, not remembered
        for text in (listing.title, listing.search_terms):
            if text and self.placeholder(text):
                return self.hits(listing)
        for text in (listing.brand, listing.description, *listing.bullets):
            if text and self.known(text):
                return self.hits(listing)
        return ()

    def rows(self, chunk: Chunk) -> Collection[int]:
        """The rows :meth:`check` may report on, found over each column (the texts are nearly
        all distinct in real catalogues: none is looked at alone unless it may hold a
        placeholder, see :meth:`maybe`). A brand or description that may is looked up (or
        worked out once, in :attr:`seen`). Bullets, where the bullets' screen has worked out
        the words of the bullets column (distinct bullets): the rows whose bullets hold every
        word of a placeholder phrase, and those with a bullet short enough to be one or with
        space to strip (among the chunk's distinct bullets); else (bullets that repeat) each
        distinct bullet is looked up, or worked out once."""
        found: set[int] = set()
        for name in ("title", "search_terms"):
            found |= self.maybe(chunk.column(name))
        for name in ("brand", "description"):
            found |= self.holders(chunk.column(name), name)
        if self.anywhere.screen is None:
            return found | (set(range(len(chunk.listings))) - chunk.column("bullets", ""
                                                                            ).empty_rows())
        bullets = chunk.column("bullets")
        if not bullets.words_known:  # (bullets that repeat: each distinct one once a run)
            if self.holders(chunk.distinct_bullets(), "bullets"):
                found |= {i for i, bullets in enumerate(chunk.values("bullets"))
                          if any(map(self.known, bullets))}
            return found
        found |= self.phrases.rows(bullets)  # type: ignore[attr-defined]
        lines = chunk.bullet_lines()
        if lines is not None:
            # a bullet a line: the rows with a bullet short enough to be a placeholder found
            # by length (when the chunk has any), and those with space to strip
            each = chunk.values("bullets")
            flat = list(chain.from_iterable(each))
            found |= lines.rows_with_stray_space()
            if min(map(len, flat), default=self.longest + 1) > self.longest:
                return found
            owners = chain.from_iterable(map(repeat, range(len(each)), map(len, each)))
            return found | set(compress(owners, map(
                and_, map(bool, flat), map(self.longest.__ge__, map(len, flat)))))
        distinct = chunk.distinct_bullets()
        short = {distinct.texts[i] for i in self.whole_rows(distinct)}
        if short:
            found |= {i for i, bullets in enumerate(chunk.values("bullets"))
                      if not short.isdisjoint(bullets)}
        return found

    def holders(self, column: Column, name: str) -> set[int]:
        """The rows of ``column`` (of field ``name``) whose text is or holds a placeholder,
        each distinct text worked out once per run (:attr:`seen`; the new ones screened over
        a column of them, see :class:`~listingkit.rules.memo.Verdicts`)."""
        found = self.verdicts[name](column, self.maybe, lambda text: self.placeholder(text) or "",
                                    "")
        return set(compress(count(), found))

    def maybe(self, column: Column) -> set[int]:
        """The rows of ``column`` whose text may be or hold a placeholder: short enough to be
        one, with space to strip, or holding every word of a placeholder phrase."""
        if self.anywhere.screen is None:
            return set(range(len(column.texts))) - column.empty_rows()
        return self.whole_rows(column) | self.phrases.rows(column)  # type: ignore[attr-defined]

    def whole_rows(self, column: Column) -> set[int]:
        """The rows of ``column`` whose text may be a placeholder as a whole: not empty, and
        short enough to be one or with space to strip."""
        found = set(compress(count(), map(self.longest.__ge__, map(len, column.texts)))) | \
            column.rows_with_spaces() | column.rows_where(_space_at_an_end, column.odd_rows())
        return found - column.empty_rows()

    def hits(self, listing: Listing) -> list[Hit]:
        hits = []
        for name in ("title", "brand", "description", "search_terms", "bullets"):
            items = listing.bullets if name == "bullets" else (getattr(listing, name),)
            for text in items:
                if not text:
                    continue
                found = self.known(text)
                if found:
                    hits.append(Hit(f"{name.replace('_', ' ')} has placeholder text {found!r}",
                                    field=name, key=found.lower()))
                    break
        return hits
