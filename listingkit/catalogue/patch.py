"""Writing a file back by patching its own cells: Shopify and eBay files.

A Shopify product CSV spreads a product over rows (the first row holds the product's fields,
the next ones variants and images) and an eBay File Exchange file carries an Action column;
listingkit reads neither row layout nor every column back into a listing ("Image Position"
is not read). Written from the template, such a file lost what listingkit had not read and
gained empty template columns that clear data on import. Written back (``check --fix``,
``optimize -o`` to the same container), it is now the file as it was, row for row and cell for
cell, with the changed fields of each listing set in the row that holds them: the listing's
first row. A change to a field kept in other rows (a variant's barcode, an image) cannot be
patched and stops the write with a one-line error naming the SKU and field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from listingkit.errors import OutputError
from listingkit.listing import Listing

#: the fields a listing's first row holds (and attributes, "attr:<name>")
_ROW_FIELDS = ("sku", "title", "brand", "description", "search_terms")


def patch_delimited(out: Path, flavour: Any, listings: Iterable[Listing],
                    read_as: Callable[[Listing], Listing],
                    escape: Callable[[str], str]) -> int:
    """Write the file ``flavour`` was read from to ``out``, with each listing's changed
    fields set in its first row. ``escape(new)`` gives a changed cell as written."""
    from listingkit.catalogue.rows import delimited_rows
    from listingkit.catalogue.writer import delimited_writer

    patch = flavour.write["patch"]
    source = Path(patch["source"])
    headers = list(patch["headers"])
    columns: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        columns.setdefault(flavour.target(header)[0], []).append(index)
    changes: dict[int, dict[int, str]] = {}
    skus: dict[int, str] = {}  # the row of each changed listing -> its SKU (for errors)
    count = 0
    for listing in listings:
        count += 1
        before = read_as(listing)
        if before is listing or listing.source is None:
            continue
        cells: dict[int, str] = {}
        for target, old, new in _changed(before, listing):
            if target in ("bullets", "images", "variants"):
                raise OutputError(f"{out}: SKU {listing.sku!r} field {target!r} changed, and "
                                  f"a {flavour.name} file written back keeps it in rows of "
                                  "their own, which are written as they were; nothing was "
                                  "written (write -o OUT.jsonl, or to another format)")
            if target not in columns:  # (a field the file had no column for: its generic
                columns[target] = [len(headers)]  # column at the end, as other files get)
                headers.append(target.removeprefix("attr:"))
            for index in columns[target]:
                cells[index] = escape(new)
        if cells:
            changes[listing.source.row] = cells
            skus[listing.source.row] = listing.sku
    added = len(headers) - len(patch["headers"])
    header_line = int(patch["header_row"])
    with delimited_writer(out, patch) as writer:
        for line, row in delimited_rows(source, patch.get("read_encoding") or None):
            if added:
                row = headers[:] if line == header_line else row + [""] * added
            for index, value in changes.get(line, {}).items():
                row[index] = value
            try:
                writer.writerow(row)
            except UnicodeEncodeError:
                _refuse_unencodable(out, line, skus.get(line, ""), headers,
                                    changes.get(line, {}), patch.get("encoding", "utf-8"))
    return count


def _refuse_unencodable(out: Path, line: int, sku: str, headers: list[str],
                        cells: dict[int, str], encoding: str) -> None:
    """A changed cell the file's encoding cannot hold (the others were read in it): one line
    naming it; nothing is written."""
    for index, value in cells.items():
        bad = next((c for c in value if not c.encode(encoding, "ignore")), None)
        if bad is not None:
            raise OutputError(f"{out}:{line}: SKU {sku!r} field {headers[index]!r}: {bad!r} "
                              f"cannot be written in the file's encoding {encoding}; nothing "
                              "was written (`listingkit convert` writes it as UTF-8)")
    raise OutputError(f"{out}:{line}: SKU {sku!r}: a fixed cell cannot be written in "
                      f"{encoding}; nothing was written")


def _changed(before: Listing, after: Listing) -> Iterable[tuple[str, str, str]]:
    """(target, old, new) for each field that differs; fields of other rows as "their" name
    (``bullets``, ``images``, ``variants``), which no first-row cell holds."""
    for name in _ROW_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            yield name, old, new
    for key in dict.fromkeys([*before.attributes, *after.attributes]):
        old, new = before.attributes.get(key, ""), after.attributes.get(key, "")
        if old != new:
            yield f"attr:{key}", old, new
    for name in ("bullets", "images", "variants"):
        if getattr(before, name) != getattr(after, name):
            yield name, "", ""
