"""Write listings in any supported format, atomically, safe to open in a spreadsheet.

Exported CSV, TSV and XLSX cells that start with ``= + - @``, a tab or a carriage return get a
leading apostrophe (the OWASP advice against formula injection, see
:mod:`listingkit.catalogue.escaping`), unless escaping is turned off; only a cell written back
unchanged into the file it was read from stays as it was (see :func:`write_catalogue`).
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from listingkit.atomic import atomic_write
from listingkit.catalogue.escaping import escape_formula
from listingkit.catalogue.flavours import Flavour, builtin_flavours, get_flavour
from listingkit.catalogue.reader import _EXTENSIONS, CONTAINERS
from listingkit.catalogue.workbook import write_back_xlsx, write_xlsx
from listingkit.errors import ConfigError, OutputError, suggest
from listingkit.listing import Listing

_DEFAULT_CONTAINER = {"amazon": "tsv", "google-merchant": "tsv", "shopify": "csv",
                      "ebay": "csv", "generic": "csv"}

Source = Callable[[], Iterable[Listing]]
#: a listing written back -> the listing as it was read (itself when nothing changed)
ReadAs = Callable[[Listing], Listing]
#: an output row: its listing (None on a group's further rows), its cells, and which of them
#: changed from the file read (None: all are new)
Row = tuple[Listing | None, list[str], list[bool] | None]


def resolve_output(out: Path, to: str | None, flavour_hint: str | Flavour | None
                   ) -> tuple[str, Flavour]:
    """Pick the container and flavour of an output from ``--to``, the extension and a hint
    (a flavour's id, or the flavour a catalogue was read with, to write it back as it was)."""
    flavours = builtin_flavours()
    if to and to not in CONTAINERS and to not in flavours:
        known = (*CONTAINERS, *flavours)
        raise ConfigError(f"unknown --to {to!r}{suggest(to, known)}; known: {', '.join(known)}")
    if isinstance(flavour_hint, Flavour) and to not in flavours:
        flavour = flavour_hint
    else:
        hint = flavour_hint.id if isinstance(flavour_hint, Flavour) else flavour_hint
        flavour = get_flavour(to if to in flavours else hint or "generic")
    container = to if to in CONTAINERS else _EXTENSIONS.get(out.suffix.lower())
    return container or _DEFAULT_CONTAINER[flavour.id], flavour


def write_catalogue(source: Source, out: str | Path, to: str | None = None,
                    flavour_hint: str | Flavour | None = None,
                    escape_formulas: bool = True, read_as: ReadAs | None = None,
                    shape: Shape | None = None) -> int:
    """Write every listing ``source()`` yields to ``out``; returns the count written.

    Tabular outputs read the source twice (once to size the columns), so memory stays flat,
    unless ``shape`` gives the :class:`Shape` of the listings it yields already.
    With ``escape_formulas`` every CSV, TSV and XLSX cell that would start a formula is
    escaped (:func:`escape_formula`), with one exception: ``read_as`` gives, for a catalogue
    written back into its own container (``check --fix``, ``optimize -o``: CSV to CSV, XLSX
    to XLSX), each listing as it was read, and a cell left unchanged is then written as it
    was, never escaped (an apostrophe added to "- Keeps drinks cold" would reach the
    marketplace); an XLSX read with the same layout is changed in place (see
    :func:`listingkit.catalogue.workbook.write_back_xlsx`), and a Shopify or eBay file has
    its own cells patched (see :mod:`listingkit.catalogue.patch`). A changed cell is always
    escaped, and so is every cell written to another container than the one read (an XLSX
    text cell is a live formula in a CSV), as ``convert`` does."""
    out = Path(out)
    container, flavour = resolve_output(out, to, flavour_hint)
    if container in ("json", "jsonl"):
        return _write_json(source(), out, container)
    if read_as is not None and _read_container(flavour) != container:
        read_as = None  # (not written back: a new file, every cell escaped)
    patch = flavour.write.get("patch")
    if read_as is not None and patch:
        from listingkit.catalogue.patch import patch_delimited

        return patch_delimited(out, flavour, source(), read_as,
                               escape_formula if escape_formulas else str)
    layout = _Layout(flavour, shape if shape is not None else Shape.of(source()))
    rows = layout.rows(source(), escape_formulas, read_as)
    # a file written back in its own container keeps how it was written (flavours.as_read)
    dialect = flavour.write.get("dialect") or {}
    if container == "xlsx":
        if read_as is not None and dialect.get("container") == "xlsx" and "sheet" in dialect:
            return write_back_xlsx(out, layout, rows, dialect)
        return write_xlsx(out, layout, rows)
    if dialect.get("container") != container or "delimiter" not in dialect:
        dialect = {"delimiter": "\t" if container == "tsv" else ",", "encoding": "utf-8",
                   "lineterminator": "\r\n", "sep": ""}
    count = 0
    with delimited_writer(out, dialect) as writer:
        for row in layout.preamble():
            writer.writerow(row)
        writer.writerow(layout.header)
        for listing, cells, _ in rows:
            if any("\x00" in c for c in cells):
                _refuse_nul(out, listing, layout, cells)
            try:
                writer.writerow(cells)
            except UnicodeEncodeError:
                _refuse_unencodable(out, listing, layout, cells, dialect["encoding"])
            count += listing is not None
    return count


@contextlib.contextmanager
def delimited_writer(out: Path, dialect: Mapping[str, str]) -> Iterator[Any]:
    """A ``csv.writer`` on an atomic output written the way ``dialect`` says (delimiter,
    encoding, line ends; Excel's "sep=" line first when the file had one)."""
    with atomic_write(out, encoding=dialect.get("encoding", "utf-8")) as handle:
        end = dialect.get("lineterminator", "\r\n")
        if dialect.get("sep"):
            handle.write(f"sep={dialect['sep']}{end}")  # (Excel's delimiter line, kept)
        yield csv.writer(handle, delimiter=dialect["delimiter"], lineterminator=end)


def _read_container(flavour: Flavour) -> str | None:
    """The container of the file ``flavour`` was read from, to write it back (see
    ``flavours.as_read``); None when that is not known (JSON, a Shopify XLSX)."""
    kept = flavour.write.get("dialect") or flavour.write.get("patch") or {}
    return kept.get("container")


def _refuse_unencodable(out: Path, listing: Listing | None, layout: _Layout, cells: list[str],
                        encoding: str) -> None:
    """A cell the file's own encoding cannot hold: one line naming it; nothing is written."""
    for header, cell in zip(layout.header, cells):
        bad = next((c for c in cell if not c.encode(encoding, "ignore")), None)
        if bad is not None:
            sku = listing.sku if listing else ""
            raise OutputError(f"{out}: SKU {sku!r} field {header!r}: {bad!r} cannot be written "
                              f"in the file's encoding {encoding}; nothing was written "
                              "(`listingkit convert` writes it as UTF-8)")
    raise OutputError(f"{out}: a cell cannot be written in {encoding}; nothing was written")


def _refuse_nul(out: Path, listing: Listing | None, layout: _Layout, cells: list[str]) -> None:
    """A NUL would make the export unreadable (listingkit and spreadsheets refuse it)."""
    field = layout.header[next(i for i, c in enumerate(cells) if "\x00" in c)]
    sku = listing.sku if listing else "?"
    raise OutputError(f"{out}: SKU {sku!r} field {field!r} holds a NUL character that "
                      f"{out.suffix or 'CSV'} cannot store; nothing was written")


def _write_json(listings: Iterable[Listing], out: Path, container: str) -> int:
    count = 0
    with atomic_write(out, newline="\n") as handle:
        if container == "json":
            handle.write("[\n")
        for listing in listings:
            line = json.dumps(listing.to_record(), ensure_ascii=False)
            if container == "json":
                line = ("  " if count == 0 else ",\n  ") + line
            else:
                line += "\n"
            handle.write(line)
            count += 1
        if container == "json":
            handle.write("\n]\n")
    return count


class Shape:
    """What sizes a tabular output's columns, added up over the listings to write: the most
    bullets and images of a listing, the optional fields some listing uses, and the attribute
    names in the order they first appear. A command that has seen every listing it will write
    (``check --fix``) hands it to :func:`write_catalogue`, which then reads its source once."""

    def __init__(self) -> None:
        self.need = {"bullets": 0, "images": 0}
        self.used: set[str] = set()
        self.extra: dict[str, None] = {}

    def add(self, listing: Listing) -> None:
        need = self.need
        need["bullets"] = max(need["bullets"], len(listing.bullets))
        need["images"] = max(need["images"], len(listing.images))
        self.used.update(f for f in ("brand", "description", "search_terms")
                         if getattr(listing, f))
        for name in listing.attributes:
            self.extra.setdefault(name, None)

    @classmethod
    def of(cls, listings: Iterable[Listing]) -> Shape:
        shape = cls()
        for listing in listings:
            shape.add(listing)
        return shape


class _Layout:
    """The output columns of a tabular flavour, sized by the :class:`Shape` of the listings."""

    def __init__(self, flavour: Flavour, shape: Shape) -> None:
        self.flavour = flavour
        need, used, extra = shape.need, shape.used, shape.extra
        self.columns: list[tuple[str, str, int]] = []  # (header, target, n)
        written = list(flavour.write.get("columns", []))
        have = {flavour.target(c.replace("{n}", "1"))[0] for c in written}
        # fields the columns lack get their template's column (a file written back as read:
        # generic_keywords in an Amazon file), else their generic name, so nothing is lost
        for spare in (flavour.write.get("template", []),
                      builtin_flavours()["generic"].write["columns"]):
            added = [(c, t) for c in spare if (t := flavour.target(c.replace("{n}", "1"))[0])
                     not in have and (need.get(t) or t in used)]
            written += [c for c, _ in added]
            have |= {t for _, t in added}
        fixed = {t: sum(1 for c in written if "{n}" not in c and flavour.target(c)[0] == t)
                 for t in need}
        for column in written:
            target, _ = flavour.target(column.replace("{n}", "1"))
            repeated = column in flavour.repeatable and target in need \
                and target not in flavour.split
            if "{n}" in column or repeated:
                floor = flavour.write.get("max_n", {}).get(column, 0)
                more = need[target] - fixed[target] + (1 if repeated else 0)
                for n in range(1, max(floor, more, 1 if repeated else 0) + 1):
                    self.columns.append((column.replace("{n}", str(n)), target, n))
            else:
                self.columns.append((column, target, 0))
        mapped = {t[5:] for _, t, _ in self.columns if t.startswith("attr:")}
        self.columns += [(name, "attr:" + name, 0) for name in extra if name not in mapped]
        self.header = [c for c, _, _ in self.columns]

    def preamble(self) -> list[list[str]]:
        """The rows above the header: a template's padded to the header's width, a file's
        own (written back as read) as they were."""
        rows = self.flavour.write.get("preamble", [])
        if self.flavour.write.get("dialect") is not None:  # (flavours.as_read)
            return [list(r) for r in rows]
        return [list(r) + [""] * (len(self.header) - len(r)) for r in rows]

    def rows(self, listings: Iterable[Listing], escape: bool, read_as: ReadAs | None = None
             ) -> Iterator[Row]:
        """Each output row: its listing (None on a group's further rows), its cells, and
        which of them changed (None: all are new).

        With ``read_as`` (a file written back into its own container: each listing to the
        one read), a cell equal to the one read is written as it was and a changed cell is
        escaped: a write-back changes the fixed cells only."""
        for listing in listings:
            rows = self._listing_rows(listing)
            if read_as is None:
                for owner, cells in rows:
                    yield owner, [escape_formula(c) for c in cells] if escape else cells, None
                continue
            read = read_as(listing)
            if read is listing:  # (nothing changed: the usual row of a write-back)
                for owner, cells in rows:
                    yield owner, cells, [False] * len(cells)
                continue
            before = [cells for _, cells in self._listing_rows(read)]
            for index, (owner, cells) in enumerate(rows):
                old = before[index] if index < len(before) else [""] * len(cells)
                changed = [c != o for c, o in zip(cells, old)]
                if escape:
                    cells = [escape_formula(c) if new else c for c, new in zip(cells, changed)]
                yield owner, cells, changed

    def _listing_rows(self, listing: Listing) -> list[tuple[Listing | None, list[str]]]:
        constants = self.flavour.write.get("constant", {})
        lists = {"bullets": list(listing.bullets), "images": list(listing.images)}
        variants = listing.variants or [{}]
        count = max(len(variants), 1) if self.flavour.group_by else 1
        if self.flavour.group_by:
            count = max(count, len(lists["images"]))
        return [((listing if index == 0 else None),
                 [self._cell(listing, header, target, lists, constants, index,
                             variants[index] if index < len(variants) else {})
                  for header, target, _ in self.columns])
                for index in range(count)]

    def _cell(self, listing: Listing, header: str, target: str, lists: dict[str, list[str]],
              constants: dict[str, str], index: int, variant: dict[str, str]) -> str:
        if header in constants:
            return constants[header]
        if self.flavour.group_by and target == "sku":
            return listing.sku
        if target.startswith("variant:"):
            return variant.get(target[8:], "")
        if index > 0 and target != "images":
            return ""
        if target in lists:
            items = lists[target]
            if not items:
                return ""
            if self.flavour.group_by:
                return items[index] if index < len(items) else ""
            sep = self.flavour.split.get(target)
            last_fixed = header == next((h for h, t, n in reversed(self.columns)
                                         if t == target and n == 0), None)
            if sep and last_fixed and not any(t == target and n for _, t, n in self.columns):
                taken, lists[target] = items, []
                return sep.join(taken)
            lists[target] = items[1:]
            return items[0]
        if target.startswith("attr:"):
            return listing.attributes.get(target[5:], "")
        if target == "ignore":
            return ""
        value = getattr(listing, target, "")
        return value if isinstance(value, str) else ""
