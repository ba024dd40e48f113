"""Writing a catalogue as XLSX: a new workbook, or the workbook it was read from written back.

Every string goes in as text (never a formula); the workbook is saved atomically (see
:mod:`listingkit.atomic`).
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from listingkit.atomic import atomic_write
from listingkit.catalogue.escaping import text_cell
from listingkit.errors import OutputError
from listingkit.listing import Listing

if TYPE_CHECKING:
    from listingkit.catalogue.writer import Row
    from listingkit.catalogue.writer import _Layout as Layout

#: the most XML (uncompressed bytes) of a workbook written back into itself
MAX_WRITE_BACK_XML = 256 * 1024 * 1024


def write_xlsx(out: Path, layout: Layout, rows: Iterator[Row]) -> int:
    """A new workbook of one sheet: ``layout``'s rows above the header, the header, ``rows``."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Template" if layout.flavour.id == "amazon" else "Listings")
    count = 0
    try:
        for row in (*layout.preamble(), layout.header):
            sheet.append(row)
        for listing, cells, _ in rows:
            for index, cell in enumerate(cells):
                if ILLEGAL_CHARACTERS_RE.search(cell):
                    _refuse_control(out, listing, layout.header[index])
            sheet.append([text_cell(sheet, c) for c in cells])
            count += listing is not None
    except OSError as exc:  # (openpyxl streams a sheet to a temporary file of its own first)
        _discard(book)
        raise OutputError(f"{out}: cannot write: {exc.strerror or exc} (openpyxl's temporary "
                          f"file in {tempfile.gettempdir()}); nothing was written") from None
    except BaseException:
        _discard(book)
        raise
    save_workbook(book, out)
    return count


def save_workbook(book: Any, out: Path) -> None:
    """Save ``book`` to ``out`` atomically. A save that fails (a full disk) leaves no temporary
    file behind, and nothing half-written that Python would close when garbage-collected, at
    exit, on the temporary file already closed: openpyxl's own ``save`` left its zip archive
    open ("Exception ignored in ZipFile.__del__ ... seek of closed file"), and a write-only
    sheet not yet zipped its row stream."""
    import datetime
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    with atomic_write(out, mode="wb") as handle:
        archive = zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        try:  # (what openpyxl.Workbook.save does, with the archive in hand)
            book.properties.modified = datetime.datetime.now(datetime.UTC).replace(
                tzinfo=None)
            ExcelWriter(book, archive).save()
        except BaseException:
            _discard(book)
            with contextlib.suppress(Exception):
                archive.close()  # (into the temporary file, which is then removed)
            raise


def _discard(book: Any) -> None:
    """Close a write-only workbook's row streams without saving it, so that nothing of it
    runs again when it is garbage-collected (at exit, on a full or closed temporary file)."""
    if not book.write_only:
        return
    for sheet in book.worksheets:
        streams = (getattr(sheet, "_rows", None),
                   getattr(getattr(sheet, "_writer", None), "xf", None))
        for stream in streams:
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()


def _refuse_control(out: Path, listing: Listing | None, header: str) -> None:
    sku = listing.sku if listing else "?"
    raise OutputError(f"{out}: SKU {sku!r} field {header!r} holds a control character that "
                      "XLSX cannot store; nothing was written")


def write_back_xlsx(out: Path, layout: Layout,
                    rows: Iterator[Row], dialect: dict[str, str]) -> int:
    """An XLSX written back: the workbook it was read from with the changed cells set, as
    text, and nothing else touched. Other sheets, styles, formulas, data validation, defined
    names and macros (.xlsm) stay; openpyxl does not keep pictures or charts. A field the
    sheet had no column for gets one at the end of its header row. openpyxl keeps formulas
    but not their saved results, so a sheet written back must hold none: those on other
    sheets are worked out again when Excel opens the file."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from listingkit.catalogue.rows import cell_text

    source = Path(dialect["source"])
    _refuse_large_workbook(out, source)
    try:
        book = openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm",
                                      keep_links=True)
    except Exception as exc:  # noqa: BLE001 (read a moment ago: changed since, or gone)
        raise OutputError(f"{out}: cannot open {source} again to write it back: "
                          f"{type(exc).__name__}: {exc}; nothing was written") from None
    sheet, top = book[dialect["sheet"]], int(dialect["header_row"])
    formula = next((c.coordinate for row in sheet.iter_rows() for c in row
                    if c.data_type == "f"), None)
    if formula is not None:
        raise OutputError(f"{out}: sheet {sheet.title!r} of {source} holds formulas ({formula}), "
                          "which openpyxl writes back without their results (a marketplace "
                          "would read those cells as empty): paste them as values in Excel, "
                          "or write the result with -o fixed.csv; nothing was written")
    book.calculation.fullCalcOnLoad = True  # (other sheets' formulas: Excel works them out)
    places: dict[str, list[int]] = {}  # header -> its columns, left to right
    for cell in sheet[top]:
        places.setdefault(cell_text(cell.value), []).append(cell.column)
    columns, last = [], sheet.max_column
    for header in layout.header:
        if places.get(header):
            columns.append(places[header].pop(0))
        else:
            last += 1
            sheet.cell(top, last, header)
            columns.append(last)
    count = 0
    for listing, cells, changed in rows:
        count += listing is not None
        if listing is None or listing.source is None:
            continue  # (a sheet written back is never regrouped: see flavours.as_read)
        for index, (column, value) in enumerate(zip(columns, cells)):
            if changed is not None and not changed[index]:
                continue
            if ILLEGAL_CHARACTERS_RE.search(value):
                _refuse_control(out, listing, layout.header[index])
            cell = sheet.cell(listing.source.row, column)
            cell.value = value or None
            if value:
                cell.data_type = "s"  # (text, never a formula)
    save_workbook(book, out)
    return count


def _refuse_large_workbook(out: Path, source: Path) -> None:
    """openpyxl edits a workbook whole, in memory: about eight bytes of memory per byte of
    the workbook's XML (100,000 rows of 10 columns: 72 MB of XML, 530 MB more than the run
    needed before). A larger workbook is refused rather than the machine run out of memory."""
    import zipfile

    with zipfile.ZipFile(source) as archive:
        size = sum(item.file_size for item in archive.infolist())
    if size > MAX_WRITE_BACK_XML:
        raise OutputError(f"{out}: {source} is too large to write back into its workbook "
                          f"({size / 1e6:.0f} MB of XML; openpyxl would hold about "
                          f"{size * 8 / 1e9:.1f} GB in memory): write the result with "
                          "-o fixed.csv instead; nothing was written")
