"""Competitor listings from a catalogue file or from plain text (one listing per line).

Plain text: ``--input-format text``, or a ``.txt`` file whose first non-empty line has no tab
(Amazon flat files are ``.txt`` too, but they are tab-separated). Each non-empty line is one
listing's title.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

from listingkit.errors import InputError
from listingkit.listing import Listing, Origin

TEXT_FORMATS = ("text", "txt", "lines")


def is_plain_text(path: Path, input_format: str | None) -> bool:
    """True for ``--input-format text`` or a tab-free ``.txt`` file."""
    if input_format in TEXT_FORMATS:
        return True
    if input_format not in (None, "auto") or path.suffix.lower() != ".txt":
        return False
    try:
        with path.open("rb") as handle:
            for line in handle:
                if line.strip():
                    return b"\t" not in line
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    return True


def text_listings(path: Path, encoding: str | None = None) -> Iterator[Listing]:
    """One listing per non-empty line; the line is the title."""
    from listingkit.catalogue.textio import text_lines

    if not path.is_file():
        raise InputError(f"{path}: file not found")
    for number, line in enumerate(text_lines(path, encoding), start=1):
        text = line.strip()
        if text:
            yield Listing(sku=f"line-{number}", title=text, source=Origin(str(path), number))


def brand_list(path: Path, encoding: str | None = None) -> list[str]:
    """The brand names of a list file: one a line; blank lines and lines that start with "#"
    left out."""
    return [listing.title for listing in text_listings(path, encoding)
            if not listing.title.startswith("#")]


def open_listings(path: str, input_format: str | None, encoding: str | None,
                  catalogue: Callable[[str, str | None, str | None], Any]
                  ) -> Callable[[], Iterator[Listing]]:
    """A re-iterable source of listings: plain text or a catalogue."""
    file = Path(path)
    if not file.exists():
        raise InputError(f"{file}: file not found")
    if is_plain_text(file, input_format):
        return lambda: text_listings(file, encoding)
    cat = catalogue(path, input_format, encoding)
    return lambda: iter(cat)


def group_value(listing: Listing, column: str) -> str:
    """The value of ``column`` for grouping: a field or an attribute (case-insensitive)."""
    if column in ("title", "brand", "description", "search_terms", "sku"):
        return getattr(listing, column)
    if column in listing.attributes:
        return listing.attributes[column]
    lowered = column.lower()
    for name, value in listing.attributes.items():
        if name.lower() == lowered:
            return value
    return ""


def grouped(listings: Iterable[Listing], column: str) -> dict[str, list[Listing]]:
    """Listings by the value of ``column``; an unknown column is an error naming it."""
    groups: dict[str, list[Listing]] = {}
    seen_column = False
    first: Listing | None = None
    for listing in listings:
        first = first or listing
        if column in ("title", "brand", "description", "search_terms", "sku") or any(
                name.lower() == column.lower() for name in listing.attributes):
            seen_column = True
        groups.setdefault(group_value(listing, column).strip(), []).append(listing)
    if first is not None and not seen_column:
        from listingkit.errors import suggest

        names = sorted(first.attributes)
        source = first.source.file if first.source else "input"
        raise InputError(f"{source}: --group-by column {column!r} not found"
                         f"{suggest(column, names)}; columns: {', '.join(names) or 'none'}")
    return groups


def own_group(mine: list[Listing], column: str | None, group: str | None,
              groups: Collection[str | None]) -> list[Listing]:
    """Those of my listings to compare with competitor ``group`` of a ``--group-by column``
    run: the ones whose own ``column`` names that group, and the ones whose value names no
    group (none, or a category the competitors lack), which meet every group."""
    if column is None:
        return mine
    out = []
    for listing in mine:
        value = group_value(listing, column).strip()
        if not value or value == group or value not in groups:
            out.append(listing)
    return out
