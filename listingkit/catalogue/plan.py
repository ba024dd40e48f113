"""Which column of a tabular catalogue feeds which part of a listing (:class:`Plan`), and a
chunk of rows read that way, whose listings are made only when asked for (:class:`Rows`).

`check` looks closely at a few rows of each chunk and answers the rest over its columns
(:mod:`listingkit.rules.columns`). Making a :class:`~listingkit.listing.Listing` of every row
was half of reading a CSV file; a :class:`Rows` gives each field of the chunk as a list
(:meth:`Rows.values`, :meth:`Rows.attribute`) straight from the cells, in ``map`` and ``zip``
(no Python call per row in the usual case), and makes a row's listing when it is indexed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import compress, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any, overload

from listingkit.listing import Listing, Origin

if TYPE_CHECKING:
    from listingkit.catalogue.flavours import Flavour

#: rows read from a file: (line number, cells)
Lines = list[tuple[int, list[str]]]


class Plan:
    """Which column feeds which part of a listing, worked out once per header."""

    SCALARS = ("sku", "title", "brand", "description", "search_terms")

    def __init__(self, flavour: Flavour, targets: list[tuple[str, int]], path: Any) -> None:
        self.path = str(path)
        self.grouped = bool(flavour.group_by)
        self.scalars = [(i, t) for i, (t, _) in enumerate(targets) if t in self.SCALARS]
        self.multi = {name: [(i, flavour.split.get(name)) for n, i, _ in
                             sorted((n, i, t) for i, (t, n) in enumerate(targets) if t == name)]
                      for name in ("bullets", "images")}
        self.attrs = [(i, t[5:]) for i, (t, _) in enumerate(targets) if t.startswith("attr:")]
        self.variant = [(i, t[8:]) for i, (t, _) in enumerate(targets)
                        if t.startswith("variant:")]

    def listing(self, rows: Lines) -> Listing:
        """One listing from one row, or from a group of rows that share a handle."""
        fields: dict[str, str] = {}
        attributes: dict[str, str] = {}
        lists: dict[str, list[str]] = {"bullets": [], "images": []}
        variants = []
        for _, cells in rows:
            for i, name in self.scalars:
                if cells[i] and name not in fields:
                    fields[name] = cells[i]
            for i, name in self.attrs:
                if cells[i] and name not in attributes:
                    attributes[name] = cells[i]
            for name, columns in self.multi.items():
                lists[name] += parts(cells, columns)
            variant = {name: cells[i] for i, name in self.variant if cells[i]}
            if variant:
                variants.append(variant)
        if self.grouped and "sku" not in fields:
            fields["sku"] = rows[0][1][0]
        return Listing(sku=fields.get("sku", ""), title=fields.get("title", ""),
                       brand=fields.get("brand", ""), description=fields.get("description", ""),
                       search_terms=fields.get("search_terms", ""), bullets=lists["bullets"],
                       images=list(dict.fromkeys(lists["images"])), attributes=attributes,
                       variants=variants, source=Origin(self.path, rows[0][0]))


def parts(cells: list[str], columns: list[tuple[int, str | None]]) -> list[str]:
    """The values of a row's bullets or images ``columns`` (column, separator inside a cell):
    each cell's parts stripped, empty ones left out."""
    found: list[str] = []
    for i, sep in columns:
        value = cells[i]
        if value:
            found.extend(p.strip() for p in (value.split(sep) if sep else (value,)) if p.strip())
    return found


class Rows(Sequence[Listing]):
    """A chunk of a tabular catalogue's rows, one listing a row (not a grouped flavour), as a
    sequence of its listings: each made from its row when first indexed, then kept (the same
    object every time). :meth:`values` and :meth:`attribute` give a field of every row without
    making any: each equals ``[getattr(listing, name) for listing in rows]`` (and
    ``listing.attributes.get(name, "")``)."""

    __slots__ = ("_made", "lines", "plan", "texts")

    def __init__(self, plan: Plan, lines: Lines) -> None:
        self.plan, self.lines = plan, lines
        #: each row's cells
        self.texts: list[list[str]] = list(map(itemgetter(1), lines))
        self._made: list[Listing | None] = [None] * len(lines)

    def __len__(self) -> int:
        return len(self.lines)

    @overload
    def __getitem__(self, index: int) -> Listing: ...

    @overload
    def __getitem__(self, index: slice) -> list[Listing]: ...

    def __getitem__(self, index: int | slice) -> Listing | list[Listing]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.lines)))]
        found = self._made[index]
        if found is None:
            found = self._made[index] = self.plan.listing([self.lines[index]])
        return found

    def __iter__(self) -> Iterator[Listing]:
        return map(self.__getitem__, range(len(self.lines)))

    def cells(self, index: int) -> list[str]:
        """Column ``index`` of every row."""
        return list(map(itemgetter(index), self.texts))

    def rows(self) -> list[int]:
        """Each row's line number (its listing's ``source.row``)."""
        return list(map(itemgetter(0), self.lines))

    def values(self, name: str) -> list[Any]:
        """Field ``name`` of every row's listing ("sku", "title", "brand", "description",
        "search_terms", "bullets", "images", "attributes", "variants" or "source")."""
        plan, size = self.plan, len(self.lines)
        if name in Plan.SCALARS:
            return self._first([i for i, field in plan.scalars if field == name])
        if name in plan.multi:
            return self._lists(name)
        if name == "attributes":
            return self._attributes()
        if name == "variants" and not plan.variant:
            return [[] for _ in range(size)]
        return [getattr(listing, name) for listing in self]

    def attribute(self, name: str) -> list[str]:
        """Attribute ``name`` of every row's listing ("" where it has none)."""
        return self._first([i for i, key in self.plan.attrs if key == name])

    def attribute_names(self) -> set[str]:
        """The attribute names some row of the chunk holds a value for."""
        texts = self.texts
        return {key for i, key in self.plan.attrs if any(map(itemgetter(i), texts))}

    def _first(self, columns: list[int]) -> list[str]:
        """The first cell of ``columns`` that is not empty, in every row ("" if none is)."""
        if not columns:
            return [""] * len(self.lines)
        if len(columns) == 1:
            return self.cells(columns[0])
        found = [self.cells(i) for i in columns]
        return [next(filter(None, cells), "") for cells in zip(*found)]

    def _lists(self, name: str) -> list[list[str]]:
        """Bullets or images of every row: the cells' parts stripped, empty ones left out
        (images once each, in order)."""
        columns = self.plan.multi[name]
        if not columns:
            return [[] for _ in range(len(self.lines))]
        cells = [self.cells(i) for i, _ in columns]
        if any(sep and sep in "\0".join(texts) for (_, sep), texts in zip(columns, cells)):
            found = [parts(row, columns) for row in self.texts]  # (a cell to split)
            return list(map(list, map(dict.fromkeys, found))) if name == "images" else found
        kept = map(filter, repeat(None), zip(*(map(str.strip, texts) for texts in cells)))
        if name == "images":
            return list(map(list, map(dict.fromkeys, kept)))
        return list(map(list, kept))

    def _attributes(self) -> list[dict[str, str]]:
        """Every row's attributes: its cells of the attribute columns that are not empty."""
        attrs = self.plan.attrs
        names = [key for _, key in attrs]
        if len(set(names)) < len(names):  # (the first value of a name wins: row by row)
            return [listing.attributes for listing in self]
        if not attrs:
            return [{} for _ in range(len(self.lines))]
        rows = [tuple(cells[i] for i, _ in attrs) for cells in self.texts]
        return list(map(dict, map(compress, map(zip, repeat(names), rows), rows)))
