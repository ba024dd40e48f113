"""Identifier rules (C): GTIN/EAN/UPC/JAN/ISBN check digits, spreadsheet damage, duplicates."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from itertools import compress, count, repeat
from operator import and_, not_

from listingkit.listing import Listing
from listingkit.rules.base import Fix, Hit, Rule, register
from listingkit.rules.chunk import Chunk
from listingkit.rules.memo import store

#: attribute names (lower case) that hold a barcode number
ID_KEYS = ("gtin", "ean", "upc", "jan", "isbn", "barcode", "variant barcode", "product id",
           "external_product_id", "gtin13", "gtin12", "gtin14", "gtin8")
LENGTHS = {"UPC": (12,), "EAN": (8, 13), "JAN": (8, 13), "GTIN": (8, 12, 13, 14),
           "ISBN": (10, 13)}
#: the lengths of a number whose type is not given (any GTIN)
_ANY_LENGTH = (8, 12, 13, 14)
_SEPARATORS = re.compile(r"[\s-]")
SCIENTIFIC = re.compile(r"^\s*[0-9](?:[.,][0-9]+)?[eE]\+?[0-9]+\s*$")


def _doubtful(found: list[tuple[str, str]], kind: str) -> bool:
    """Whether :class:`BadCheckDigit` must look closer: an ISBN, or a number that is not all
    digits of an accepted length with a valid check digit (the usual case is that)."""
    if kind == "ISBN":
        return True
    lengths = LENGTHS.get(kind, _ANY_LENGTH)
    for _, value in found:
        if not (value.isdigit() and len(value) in lengths and gs1_valid(value)):
            return True
    return False


def gs1_valid(digits: str) -> bool:
    """GS1 check digit (GTIN-8/12/13/14): weights 3,1 from the right, excluding the check.
    ``digits`` are all digits; ASCII ones (the usual case) are summed as bytes, in C."""
    if digits.isascii():
        data = digits.encode()
        threes, ones = data[-2::-2], data[-3::-2]
        total = 3 * (sum(threes) - 48 * len(threes)) + sum(ones) - 48 * len(ones)
        return (10 - total % 10) % 10 == data[-1] - 48
    check = int(digits[-1])
    total = 3 * sum(map(int, digits[-2::-2])) + sum(map(int, digits[-3::-2]))
    return (10 - total % 10) % 10 == check


def not_gtins(values: list[str]) -> list[int]:
    """The indices of ``values`` (barcodes, "" for none) that are not a GTIN: not all digits,
    not of a GTIN length, or with a wrong check digit (what ``value and not (value.isdigit()
    and len(value) in (8, 12, 13, 14) and gs1_valid(value))`` says of each), in order.

    The codes of ASCII digits of each length are checked together: a code's weighted digit
    sum is at most 252 (fourteen digits of 9), a byte, so the sums of all of them are one
    integer with a byte per code, built from one bytes slice per digit position."""
    sizes = list(map(len, values))
    kinds = set(sizes)
    joined = "".join(values)
    # (every value ASCII digits or empty, the usual case: none is looked at alone)
    plain = None if joined.isascii() and joined.isdigit() else list(
        map(and_, map(str.isascii, values), map(str.isdigit, values)))
    bad: list[int] = []
    for size in kinds - {0}:
        rows = list(range(len(values))) if len(kinds) == 1 else list(
            compress(count(), map(size.__eq__, sizes)))
        if size not in _ANY_LENGTH:
            bad += rows
            continue
        if plain is not None:  # (other digits, or not digits: one by one)
            bad += [i for i in rows if not plain[i] and not (
                values[i].isdigit() and gs1_valid(values[i]))]
            rows = list(compress(rows, map(plain.__getitem__, rows)))
        if rows:
            data = "".join(map(values.__getitem__, rows)).encode("ascii").translate(
                _DIGIT_VALUES)
            total = 0
            for k in range(size):  # weights 1 (the check digit), 3, 1, 3, ... from the right
                total += (3 if (size - k) % 2 == 0 else 1) * int.from_bytes(data[k::size], "big")
            bad += compress(rows, map(not_, total.to_bytes(len(rows), "big").translate(_TENS)))
    return sorted(bad)


#: ASCII digits to their values (0-9); and a byte value to 1 where it is a multiple of ten
_DIGIT_VALUES = bytes.maketrans(b"0123456789", bytes(range(10)))
_TENS = bytes(1 if value % 10 == 0 else 0 for value in range(256))


def isbn10_valid(code: str) -> bool:
    if not re.fullmatch(r"[0-9]{9}[0-9Xx]", code):
        return False
    total = sum((10 - i) * (10 if c in "Xx" else int(c)) for i, c in enumerate(code))
    return total % 11 == 0


def identifiers(listing: Listing) -> list[tuple[str, str]]:
    """(attribute name, value) for every barcode-like attribute and variant barcode."""
    names = _ID_NAMES
    found = []
    for name, value in listing.attributes.items():  # (a loop: cheaper than a comprehension)
        if names[name] if name in names else _is_id(name):
            stripped = value.strip()
            if stripped:
                found.append((name, stripped))
    if listing.variants:
        for variant in listing.variants:
            found += [(name, value.strip()) for name, value in variant.items()
                      if name.lower() in ID_KEYS and value.strip()]
    return found


def chunk_identifiers(chunk: Chunk) -> list[list[tuple[str, str]]]:
    """:func:`identifiers` of each listing of ``chunk``, worked out once for the rules that
    read them (from :func:`id_column` when the chunk has one)."""
    def make() -> list[list[tuple[str, str]]]:
        column = id_column(chunk)
        if column is None:
            return list(map(identifiers, chunk.listings))
        name, values = column
        return [[(name, value)] if value else [] for value in values]
    return chunk.share("identifiers", make)  # type: ignore[no-any-return]


def id_column(chunk: Chunk) -> tuple[str, list[str]] | None:
    """The usual shape of a chunk's identifiers, a column: when no listing has variants and
    one attribute name holds barcodes (or none does), that name ("" for none) and each row's
    value, stripped ("" where the row has none); else None. Worked out once per chunk, in
    ``map`` (no Python call per row)."""
    def make() -> tuple[str, list[str]] | None:
        if any(chunk.values("variants")):
            return None
        names = [name for name in chunk.attribute_names()
                 if (_ID_NAMES[name] if name in _ID_NAMES else _is_id(name))]
        if not names:
            return "", [""] * len(chunk.listings)
        if len(names) > 1:
            return None
        return names[0], list(map(str.strip, chunk.attribute(names[0])))
    return chunk.share("identifier column", make)  # type: ignore[no-any-return]


def _is_id(name: str) -> bool:
    """Whether an attribute (column) name holds a barcode; each name is looked at once."""
    found = _ID_NAMES.get(name)
    if found is None:
        found = store(_ID_NAMES, name, name.lower() in ID_KEYS, 10_001)
    return found


#: column name -> whether it holds a barcode (catalogues repeat their column names every row)
_ID_NAMES: dict[str, bool] = {}


def id_type(listing: Listing) -> str:
    return (listing.attributes.get("gtin_type") or "").strip().upper()


@register
class BadCheckDigit(Rule):
    """A GTIN, EAN, UPC, JAN or ISBN with a wrong check digit, wrong length or non-digits.

    Why: marketplaces reject the row or match it to someone else's product.
    Fix: copy the number again from the packaging or the GS1 record; for an 11-digit UPC that a
    spreadsheet stripped of its leading zero, `--unsafe-fixes` puts the zero back when the
    check digit then validates.
    Fail: {attributes = {gtin = "4006381333932"}}
    Pass: {attributes = {gtin = "4006381333931"}}
    """

    code, name, field, fixable = "C002", "identifiers.check-digit", "identifiers", "unsafe"
    facts = ("fields.identifiers.types",)

    def check(self, listing: Listing) -> Iterable[Hit]:
        found = identifiers(listing)
        if not found:
            return ()
        kind = id_type(listing)
        return self.hits(found, kind) if _doubtful(found, kind) else ()

    def check_chunk(self, chunk: Chunk) -> Iterable[tuple[int, Iterable[Hit]]]:
        """:meth:`check` on each row with identifiers (found once per chunk). In a chunk
        without identifier types whose identifiers are a column (most catalogues, see
        :func:`id_column`), the values are checked together (:func:`not_gtins`)."""
        listings = chunk.listings
        column = id_column(chunk)
        if column is not None and not any(chunk.attribute("gtin_type")):
            name, values = column
            return [(i, self.hits([(name, values[i])], "")) for i in not_gtins(values)]
        return [(i, self.hits(found, kind)) for i, found in enumerate(chunk_identifiers(chunk))
                if found and _doubtful(found, kind := id_type(listings[i]))]

    def hits(self, found: list[tuple[str, str]], kind: str) -> Iterator[Hit]:
        for name, value in found:
            if SCIENTIFIC.match(value):
                continue  # C003 says what happened
            compact = value if value.isdigit() else _SEPARATORS.sub("", value)
            if kind == "ISBN" and len(compact) == 10:
                if not isbn10_valid(compact):
                    yield Hit(f"{name} {value!r} is not a valid ISBN-10", self.field, value)
                continue
            if not compact.isdigit():
                yield Hit(f"{name} {value!r} has characters other than digits", self.field,
                          value)
                continue
            lengths = LENGTHS.get(kind, _ANY_LENGTH)
            if len(compact) not in lengths:
                fix = None
                for pad in range(1, 3):
                    padded = "0" * pad + compact
                    if len(padded) in lengths and gs1_valid(padded):
                        fix = Fix(f"attr:{name}", padded, False, f"restore the leading zero(s): "
                                  f"{padded}")
                        break
                what = f"{kind} " if kind else ""
                hint = "; a spreadsheet may have dropped leading zeros" if fix else ""
                yield Hit(f"{name} {value!r} has {len(compact)} digits, not a {what}length "
                          f"({'/'.join(map(str, lengths))}){hint}", self.field, value, fix)
            elif not gs1_valid(compact):
                yield Hit(f"{name} {value!r} has a wrong check digit", self.field, value)


@register
class ScientificNotation(Rule):
    """A barcode that a spreadsheet turned into scientific notation (4.00638E+12).

    Why: the digits after the first few are lost for good; the marketplace rejects the row.
    Fix: re-export the column formatted as text, or retype the number from the source.
    Fail: {attributes = {gtin = "4.00638E+12"}}
    Pass: {attributes = {gtin = "4006381333931"}}
    """

    code, name, field = "C003", "identifiers.scientific-notation", "identifiers"

    def rows(self, chunk: Chunk) -> Collection[int]:
        """The rows with an identifier holding an "e" or "E" (none, usually: one test over
        all of the chunk's values)."""
        column = id_column(chunk)
        if column is not None:
            texts = column[1]
            joined = "\n".join(texts)
            if "e" not in joined and "E" not in joined:
                return ()
            return [i for i, text in enumerate(texts) if "e" in text or "E" in text]
        found = chunk_identifiers(chunk)
        values = "\n".join(value for items in found for _, value in items)
        if "e" not in values and "E" not in values:
            return ()
        return [i for i, items in enumerate(found)
                if any("e" in value or "E" in value for _, value in items)]

    def check(self, listing: Listing) -> Iterable[Hit]:
        hits = []
        for name, value in identifiers(listing):
            # (scientific notation has an "e" or "E": the regex runs only then)
            if ("e" in value or "E" in value) and SCIENTIFIC.match(value):
                hits.append(Hit(f"{name} {value!r} was turned into scientific notation by a "
                                "spreadsheet; its digits are lost", self.field, value))
        return hits


@register
class UnacceptedIdType(Rule):
    """The identifier type is one the marketplace does not accept.

    Why: the upload fails for the row.
    Fix: use one of the accepted types (see `listingkit rules C004 --platform ID`).
    Fail: {attributes = {gtin = "4006381333931", gtin_type = "ASIN-ISH"}}
    Pass: {attributes = {gtin = "4006381333931", gtin_type = "EAN"}}
    """

    code, name, field = "C004", "identifiers.type", "identifiers"
    facts = ("fields.identifiers.types",)

    def prepare(self) -> bool:
        self.types = {t.upper() for t in self.ctx.marketplace.value(
            "fields.identifiers.types", [])}
        return bool(self.types)

    def rows(self, chunk: Chunk) -> Collection[int]:
        """The rows with an identifier type (none, in most catalogues: one ``map``)."""
        return list(compress(count(), chunk.attribute("gtin_type")))

    def check(self, listing: Listing) -> Iterable[Hit]:
        if not listing.attributes.get("gtin_type"):
            return ()  # (the usual case, without a generator)
        kind = id_type(listing)
        if kind and kind not in self.types:
            return [Hit(f"identifier type {kind!r} is not accepted by "
                        f"{self.ctx.marketplace.id} ({', '.join(sorted(self.types))})",
                        self.field, kind)]
        return ()


@register
class DuplicateGtin(Rule):
    """Two different SKUs carry the same GTIN.

    Why: the marketplace merges them into one product page or rejects the second; usually a
    copy-paste slip in the spreadsheet.
    Fix: give each SKU its own GTIN (variants of one product each need their own).
    Fail: [{sku = "A", attributes = {gtin = "4006381333931"}}, {sku = "B", attributes = {gtin = "4006381333931"}}]
    Pass: [{sku = "A", attributes = {gtin = "4006381333931"}}, {sku = "B", attributes = {gtin = "5012345678900"}}]
    """

    code, name, field, scope = "C009", "identifiers.duplicate", "identifiers", "catalogue"

    def prepare(self) -> bool:
        self.seen: dict[str, tuple[str, int]] = {}
        self.hits: list[tuple[Listing, Hit]] = []
        return True

    def check(self, listing: Listing) -> Iterable[Hit]:
        self.take(listing, identifiers(listing))
        return ()

    def see(self, chunk: Chunk) -> None:
        """:meth:`take` on each listing's identifiers; in one step when they are a column
        (see :func:`id_column`) of digits, all new and distinct (the usual case)."""
        column, rows = id_column(chunk), chunk.source_rows()
        if column is not None:
            values = column[1]
            held = list(compress(values, values))
            if not held:
                return
            if rows is not None and "".join(held).isdigit():
                keys = list(map(str.lstrip, held, repeat("0")))
                if len(set(keys)) == len(keys) and self.seen.keys().isdisjoint(keys):
                    self.seen.update(zip(keys, zip(compress(chunk.values("sku"), values),
                                                   compress(rows, values))))
                    return
        for listing, items in zip(chunk.listings, chunk_identifiers(chunk)):
            if items:
                self.take(listing, items)

    def take(self, listing: Listing, found: list[tuple[str, str]]) -> None:
        """Remember the listing's identifiers ``found``; note a clash with an earlier SKU."""
        for name, value in found:
            compact = value if value.isdigit() else _SEPARATORS.sub("", value)
            if not compact.isdigit():
                continue
            first = self.seen.setdefault(compact.lstrip("0"), (listing.sku, _row(listing)))
            if first[0] != listing.sku:
                self.hits.append((Listing(sku=listing.sku, source=listing.source), Hit(
                    f"{name} {value} is also used by SKU {first[0]!r} (row {first[1]})",
                    self.field, value)))

    def finish(self) -> Iterable[tuple[Listing, Hit]]:
        return self.hits


def _row(listing: Listing) -> int:
    return listing.source.row if listing.source else 0
