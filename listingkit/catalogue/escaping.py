"""Formula injection: the cells a spreadsheet would run as a formula, and how they are defused.

A CSV, TSV or XLSX cell that starts with ``= + - @``, a tab or a carriage return gets a leading
apostrophe (the OWASP advice); an XLSX cell is also always stored as text, never as a formula.
Which cells of an export are escaped is the writer's call (see
:func:`listingkit.catalogue.writer.write_catalogue`); this module only says how.
"""

from __future__ import annotations

from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def text_cell(sheet: Any, value: str) -> Any:
    """An XLSX cell (of a write-only ``sheet``) that holds text even when it starts with '='
    (openpyxl stores such a string as a formula)."""
    if not value.startswith("="):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell
