"""Read any supported catalogue as a stream of :class:`Listing` records."""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from listingkit.catalogue.flavours import (
    FIELD_TARGETS,
    Flavour,
    as_read,
    builtin_flavours,
    detect,
    get_flavour,
    normalise,
    with_columns,
)
from listingkit.catalogue.jsonstream import (
    NotListings,
    invalid,
    listing_items,
    no_duplicates,
    reject_constant,
)
from listingkit.catalogue.plan import Plan, Rows
from listingkit.catalogue.rows import delimited_rows, xlsx_rows
from listingkit.catalogue.textio import decoded_lines, pick_encoding
from listingkit.errors import InputError, suggest
from listingkit.listing import Listing, Origin

CONTAINERS = ("csv", "tsv", "xlsx", "json", "jsonl")
_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".txt": "tsv", ".tab": "tsv", ".xlsx": "xlsx",
               ".xlsm": "xlsx", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}

#: a catalogue with no content at all: it cannot run (a header with no rows is 0 listings)
EMPTY = "empty file: no header and no listings"

#: first bytes of files operators mistake for catalogues -> what they are
_BINARY = ((b"PK\x03\x04", "a zip archive (an XLSX workbook? pass --input-format xlsx)"),
           (b"\xd0\xcf\x11\xe0", ("an Excel 97-2003 .xls or a password-protected workbook "
                                    "(save it as .xlsx without a password)")),
           (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
           (b"%PDF", "a PDF document"), (b"\x1f\x8b", "a gzip archive (unpack it first)"),
           (b"\x7fELF", "a program"), (b"MZ\x90\x00", "a Windows program"))


def container_of(path: Path) -> str:
    """The container kind of a file, from its extension, else from its first bytes.

    A binary file with a text extension (a workbook renamed .csv) is refused by what it is.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    kind = _EXTENSIONS.get(path.suffix.lower())
    if kind and kind != "xlsx":
        what = next((name for magic, name in _BINARY if head.startswith(magic)), None)
        if what:
            raise InputError(f"{path}: not a {kind.upper()} file: it is {what}")
    if kind:
        return kind
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"{"):
        return "jsonl"
    return "csv"


class Catalogue:
    """A catalogue file. Iterating it streams listings; it can be iterated again."""

    def __init__(self, path: str | Path, input_format: str | None = None,
                 encoding: str | None = None, columns: Mapping[str, str] | None = None,
                 require: tuple[str, ...] = ("sku", "title"),
                 split: Mapping[str, str] | None = None) -> None:
        self.path = Path(path)
        #: the fields a tabular file must have a column for (competitor listings need no SKU)
        self.require = require
        if not self.path.exists():
            raise InputError(f"{self.path}: file not found")
        if self.path.is_dir():
            raise InputError(f"{self.path}: is a folder, not a catalogue file")
        if self.path.is_file() and self.path.stat().st_size == 0:
            raise InputError(f"{self.path}: {EMPTY}")
        self.encoding = encoding
        self.columns = dict(columns or {})
        self.split = dict(split or {})  # (separators inside bullets and images cells)
        self.forced: Flavour | None = None
        if input_format in (None, "auto"):
            self.container = container_of(self.path)
        elif input_format in CONTAINERS:
            self.container = input_format
        else:
            known = (*CONTAINERS, *builtin_flavours())
            if input_format not in builtin_flavours():
                raise InputError(f"unknown --input-format {input_format!r}"
                                 f"{suggest(input_format, known)}; known: {', '.join(known)}")
            self.forced = get_flavour(input_format)
            self.container = container_of(self.path)
        self.flavour: Flavour | None = None

    def __iter__(self) -> Iterator[Listing]:
        if self.container in ("json", "jsonl"):
            self.flavour = with_columns(builtin_flavours()["generic"], self.columns)
            yield from _json_listings(self.path, self.container, self.encoding, self.flavour)
            return
        yield from _listings(*self._table())

    def chunks(self, size: int) -> Iterator[Sequence[Listing]]:
        """The listings in lists of ``size`` (the last one shorter), as iterating gives them.
        A CSV, TSV or XLSX file with one row a listing gives each chunk as :class:`Rows`: its
        listings are made when indexed, its fields read as columns straight from the cells
        (see :mod:`listingkit.catalogue.plan`)."""
        if self.container in ("json", "jsonl"):
            stream: Iterator[Listing] = iter(self)
        else:
            plan, lines, group_col = self._table()
            if group_col is None:
                while batch := list(itertools.islice(lines, size)):
                    yield Rows(plan, batch)
                return
            stream = _listings(plan, lines, group_col)  # (rows of one handle: one listing)
        while chunk := list(itertools.islice(stream, size)):
            yield chunk

    def _table(self) -> tuple[Plan, Iterator[tuple[int, list[str]]], int | None]:
        """A tabular file opened: the header's plan, the data rows (ragged ones refused, or
        padded in a workbook), and the column that groups rows into one listing (None: a
        listing a row)."""
        #: how the file was written: to write it back the same (see flavours.as_read)
        self.dialect: dict[str, str] = {"container": self.container}
        ragged_ok = self.container == "xlsx"
        if ragged_ok:
            rows = xlsx_rows(self.path, self.dialect)
        else:
            rows = delimited_rows(self.path, self.encoding, self.dialect)
        preamble: list[tuple[int, list[str]]] = []
        found = None
        for line, cells in rows:
            preamble.append((line, cells))
            found = (self.forced if self.forced and self.forced.matches(cells)
                     else None if self.forced else detect(cells))
            if found or len(preamble) > 2:
                break
        if not preamble:
            sheet = self.dialect.get("sheet")
            raise InputError(f"{self.path}: " + (f"sheet {sheet!r} is empty: no header and no "
                                                  "listings" if sheet else EMPTY))
        if found:  # the header is the row that matched; rows above it were a preamble
            (header_line, headers), pending = preamble[-1], []
        else:
            (header_line, headers), pending = preamble[0], preamble[1:]
        flavour = with_columns(found or self.forced or builtin_flavours()["generic"],
                               self.columns, self.split)
        targets = _check_header(self.path, header_line, headers, flavour, self.require)
        # written back as it was read (see flavours.as_read)
        above = [cells for _, cells in preamble[:-1]] if found else []
        # (written back into its own workbook, or patched cell by cell: see flavours.as_read)
        self.dialect.update(source=str(self.path), header_row=str(header_line))
        if self.container != "xlsx":  # (a patched file is read again as it was read)
            self.dialect["read_encoding"] = self.encoding or ""
        self.flavour = as_read(flavour, headers, targets, self.dialect, above)
        plan = Plan(flavour, targets, self.path)
        group_col = None
        if flavour.group_by:
            group_col = next(i for i, h in enumerate(headers)
                             if normalise(h, flavour.strip_parameters) == flavour.group_by)

        def checked() -> Iterator[tuple[int, list[str]]]:
            for line, cells in itertools.chain(pending, rows):
                if len(cells) != len(headers):
                    if len(cells) > len(headers) or not ragged_ok:
                        raise InputError(f"{self.path}:{line}: ragged row: {len(cells)} cells "
                                         f"but the header (line {header_line}) has "
                                         f"{len(headers)}")
                    cells = cells + [""] * (len(headers) - len(cells))
                yield line, cells

        return plan, checked(), group_col


def _listings(plan: Plan, lines: Iterator[tuple[int, list[str]]], group_col: int | None
              ) -> Iterator[Listing]:
    """The listings of a table's data rows: one a row, or one for each run of rows with the
    same value in ``group_col``."""
    if group_col is None:
        for row in lines:
            yield plan.listing([row])
        return
    group: list[tuple[int, list[str]]] = []
    for line, cells in lines:
        if group and cells[group_col] != group[0][1][group_col]:
            yield plan.listing(group)
            group = []
        group.append((line, cells))
    if group:
        yield plan.listing(group)


def _check_header(path: Path, line: int, headers: list[str], flavour: Flavour,
                  require: tuple[str, ...] = ("sku", "title")) -> list[tuple[str, int]]:
    seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = normalise(header, flavour.strip_parameters)
        if key == "":
            raise InputError(f"{path}:{line}: column {index + 1} has an empty header")
        if key in seen and key not in flavour.repeatable:
            raise InputError(f"{path}:{line}: duplicate header {header!r} "
                             f"(columns {seen[key] + 1} and {index + 1})")
        seen[key] = index
    targets = [flavour.target(h) for h in headers]
    have = {t for t, _ in targets}
    for index, name in flavour.aliased([h if t.startswith("attr:") else None
                                        for h, (t, _) in zip(headers, targets)], have).items():
        targets[index] = (name, 0)
        have.add(name)
    missing = [t for t in require if t not in have]
    if missing:
        names = " or ".join("SKU" if m == "sku" else m for m in missing)
        looked = "; ".join(f"{'SKU' if m == 'sku' else m}: {', '.join(flavour.accepted(m))}"
                           for m in missing if flavour.accepted(m))
        raise InputError(f"{path}:{line}: no {names} column in the {flavour.name} header"
                         f"{f' (looked for {looked})' if looked else ''}; name it, map it in "
                         "[tool.listingkit.columns], or pass --input-format")
    return targets


def _json_listings(path: Path, container: str, encoding: str | None, flavour: Flavour
                   ) -> Iterator[Listing]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    with handle:
        codec = pick_encoding(handle.read(4), encoding)
        handle.seek(0)
        lines = decoded_lines(path, handle, codec, chunked=container == "json")
        if container == "jsonl":
            seen = False
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    seen = True
                    yield _json_record(_loads(line, path, number), path, number, flavour)
            if not seen:
                raise InputError(f"{path}: {EMPTY}")
            return
        try:  # (an array is read item by item: see jsonstream)
            for index, item in enumerate(listing_items(path, lines), start=1):
                yield _json_record(item, path, index, flavour)
        except NotListings as exc:
            if not exc.found:
                raise InputError(f"{path}: {EMPTY}") from None
            raise InputError(f"{path}: expected a JSON array of listings (or "
                             f"{{\"listings\": [...]}}), found {exc.found}") from None


def _loads(text: str, path: Path, line: int) -> Any:
    try:
        return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=reject_constant)
    except json.JSONDecodeError as exc:
        raise invalid(path, line, exc.msg, exc.colno) from None
    except (ValueError, RecursionError) as exc:
        raise invalid(path, line, exc) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: Any, path: Path, where: int, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(f"{path}:{where}: field {key!r} must be text, "
                         f"found {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{path}:{where}: field {key!r} holds a number too large for a "
                         "float; quote it as text")
    text = str(value)
    if "\x00" in text:
        raise InputError(f"{path}:{where}: field {key!r} holds a NUL character (\\u0000)")
    if _SURROGATE.search(text):
        raise InputError(f"{path}:{where}: field {key!r} holds an unpaired surrogate escape "
                         "(\\ud800-\\udfff), which is not a character")
    return text


def _text_list(value: Any, path: Path, where: int, key: str) -> list[str]:
    if isinstance(value, list):
        return [_text(v, path, where, key) for v in value]
    text = _text(value, path, where, key)
    return [text] if text else []


def _json_record(item: Any, path: Path, where: int, flavour: Flavour) -> Listing:
    if not isinstance(item, dict):
        raise InputError(f"{path}:{where}: expected a JSON object per listing, "
                         f"found {type(item).__name__}")
    listing = Listing(sku="", source=Origin(str(path), where))
    fed: set[str] = set()  # the fields the record's keys feed
    loose: list[str] = []  # the keys that became attributes
    for key, value in item.items():
        if key in ("bullets", "images"):
            setattr(listing, key, _text_list(value, path, where, key))
        elif key == "attributes":
            if not isinstance(value, dict):
                raise InputError(f"{path}:{where}: field 'attributes' must be an object")
            for name, attr in value.items():
                _text(name, path, where, "attributes")
                listing.attributes[name] = _text(attr, path, where, f"attributes.{name}")
        elif key == "variants":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise InputError(f"{path}:{where}: field 'variants' must be a list of objects")
            listing.variants = [{_text(k, path, where, "variants"):
                                 _text(v, path, where, f"variants.{k}") for k, v in var.items()}
                                for var in value]
        elif key == "source":
            continue
        elif key in FIELD_TARGETS:
            setattr(listing, key, _text(value, path, where, key))
            fed.add(key)
        else:
            target, _ = flavour.target(_text(key, path, where, "name"))
            text = _text(value, path, where, key)
            if target in ("bullets", "images"):
                getattr(listing, target).append(text)
            elif target.startswith("attr:"):
                listing.attributes[target[5:]] = text
                loose.append(target[5:])
                continue
            elif target in FIELD_TARGETS:
                setattr(listing, target, text)
            fed.add(target)
    if loose and flavour.aliases:  # keys no field takes: a header row's aliases apply
        for index, name in flavour.aliased(loose, fed).items():
            value = listing.attributes.pop(loose[index])
            if name in ("bullets", "images"):
                getattr(listing, name).append(value)
            else:
                setattr(listing, name, value)
    return listing
