"""Row sources: delimited text and XLSX, streamed as ``(row_number, cells)``."""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from listingkit.catalogue.textio import decoded_lines, pick_encoding, writing_codec
from listingkit.errors import InputError

#: Largest cell accepted (bytes of text); bigger is an error, not a silent cut.
MAX_CELL = 32 * 1024 * 1024
#: Largest XLSX uncompressed size and compression ratio accepted (zip-bomb guard).
MAX_XLSX_BYTES = 1 << 30
MAX_XLSX_RATIO = 200

csv.field_size_limit(MAX_CELL)

_DELIMITERS = {".tsv": "\t", ".txt": "\t", ".tab": "\t", ".csv": ","}
_SEP_HINT = re.compile(r"sep=([^\r\n])\r?\n?\Z")


def _sniff_delimiter(line: str, default: str) -> str:
    counts = {d: line.count(d) for d in ("\t", ",", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts.get(default, 0) else default


def delimited_rows(path: Path, encoding: str | None, dialect: dict[str, str] | None = None
                   ) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, cells)`` for each record; strict quoting, errors name the line.

    ``dialect``, when given, is filled before the first row with what writing the file back
    as it was needs: ``delimiter``, ``encoding``, ``lineterminator`` and ``sep`` (Excel's
    "sep=;" line, or "")."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    with handle:
        head = handle.read(4)
        handle.seek(0)
        codec = pick_encoding(head, encoding)
        lines = decoded_lines(path, handle, codec)
        first = next(lines, None)
        start = 1
        hinted = _SEP_HINT.match(first or "")
        if hinted:  # Excel's "sep=;" first line names the delimiter
            delimiter, first, start = hinted.group(1), next(lines, None), 2
        if first is None:
            return
        if not hinted:
            delimiter = _sniff_delimiter(first, _DELIMITERS.get(path.suffix.lower(), ","))
        if dialect is not None:
            dialect.update(delimiter=delimiter, encoding=writing_codec(head, codec),
                           lineterminator="\r\n" if first.endswith("\r\n") else "\n",
                           sep=delimiter if hinted else "")

        def chained() -> Iterator[str]:
            yield first
            yield from lines

        reader = csv.reader(chained(), delimiter=delimiter, strict=True)
        skipped = start - 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                msg = str(exc)
                if "field larger" in msg:
                    msg = f"a cell is larger than {MAX_CELL // (1024 * 1024)} MiB"
                elif "unexpected end of data" in msg or "EOF" in msg:
                    msg = "unclosed quote: a quoted cell runs to the end of the file"
                raise InputError(f"{path}:{start}: malformed CSV: {msg}") from None
            if cells:
                yield start, cells
            start = reader.line_num + skipped + 1


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _guard_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise InputError(f"{path}: not an XLSX file (it is not a zip archive)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_XLSX_BYTES or (total > 50_000_000 and total / packed > MAX_XLSX_RATIO):
        raise InputError(f"{path}: XLSX inflates to {total:,} bytes from {packed:,}; refusing "
                         "a possible zip bomb")


def xlsx_rows(path: Path, dialect: dict[str, str] | None = None
              ) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(row, cells)`` from the 'Template' sheet or the first visible one; ``dialect``,
    when given, gets the sheet's name (to write the file back)."""
    _guard_zip(path)
    import openpyxl  # defusedxml, when installed, makes openpyxl parse XML safely

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for broken files
        raise InputError(f"{path}: broken XLSX: {_why(exc)}") from None
    try:
        sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
        if not sheets:
            raise InputError(f"{path}: XLSX has no visible worksheet")
        sheet = next((ws for ws in sheets if ws.title.lower() == "template"), sheets[0])
        if dialect is not None:
            dialect["sheet"] = sheet.title
        # a declared <dimension> would pad every row (and every missing row) to its width
        sheet.reset_dimensions()
        formulas = _formula_rows(path, sheet.title) if _has_formulas(path) else None
        try:
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if formulas is not None:
                    _check_results(path, sheet.title, number, row, next(formulas, ()))
                cells = [cell_text(v) for v in row]
                while cells and cells[-1] == "":
                    cells.pop()
                if cells:
                    yield number, cells
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - the same, while reading the rows
            raise InputError(f"{path}: broken XLSX sheet {sheet.title!r}: {_why(exc)}"
                             ) from None
    finally:
        book.close()


def _why(exc: Exception) -> str:
    """What openpyxl's error says, on one line; for its several-line "Unable to read
    workbook ... see the exception" the exception it means (bad or unsafe XML, a DOCTYPE)."""
    cause = exc.__cause__ or exc.__context__
    if str(exc).startswith("Unable to read workbook") and cause is not None:
        name, said = type(cause).__name__, str(cause)
        text = ("invalid or unsafe XML in a worksheet: "
                + (said if said.startswith(name) else f"{name}: {said}"))
    else:
        text = f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet holds a formula (a streaming scan for ``<f``)."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(name) as handle:
                tail = b""
                for block in iter(lambda: handle.read(1 << 20), b""):
                    if re.search(rb"<(?:\w+:)?f[\s>/]", tail + block):
                        return True
                    tail = block[-16:]
    return False


def _formula_rows(path: Path, title: str) -> Iterator[tuple[object, ...]]:
    """The sheet's rows as formulas (not results), to spot formulas with no saved result."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = book[title]
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()


def _check_results(path: Path, title: str, number: int, row: tuple[object, ...],
                   formulas: tuple[object, ...]) -> None:
    for index, (value, formula) in enumerate(zip(row, formulas)):
        if value is None and isinstance(formula, str) and formula.startswith("="):
            from openpyxl.utils import get_column_letter

            raise InputError(f"{path}:{number}: sheet {title!r} cell "
                             f"{get_column_letter(index + 1)}{number} holds a formula with no "
                             "saved result (files written by scripts often lack them); open "
                             "and save it in Excel, or paste values, then retry")
