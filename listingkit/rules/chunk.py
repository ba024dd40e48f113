"""A chunk of listings as the rules see it: its fields as lists, each text field as a
:class:`~listingkit.rules.columns.Column`, and what rules work out once per chunk and share.

Rules ask for a field of every listing through :meth:`Chunk.values` and
:meth:`Chunk.attribute`, and index ``chunk.listings`` only for the rows they look at closely.
A chunk read from a table (:class:`~listingkit.catalogue.plan.Rows`) then makes the listings of
those rows alone; its fields come straight from the cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain, repeat
from operator import attrgetter
from typing import Any

from listingkit.catalogue.plan import Rows
from listingkit.listing import Listing
from listingkit.rules.columns import Column


class Chunk:
    """A chunk of listings and, built when first asked for, the columns of their fields."""

    __slots__ = ("columns", "listings", "shared")

    def __init__(self, listings: Sequence[Listing]) -> None:
        self.listings = listings
        self.columns: dict[tuple[str, str], Column] = {}
        #: what rules work out once per chunk and share (e.g. each row's identifiers)
        self.shared: dict[str, Any] = {}

    def values(self, name: str) -> list[Any]:
        """Field ``name`` of every listing, worked out once (treat it as read-only)."""
        listings = self.listings
        if isinstance(listings, Rows):
            return self.share(f"values {name}", lambda: listings.values(name))  # type: ignore
        return self.share(f"values {name}",  # type: ignore[no-any-return]
                          lambda: list(map(attrgetter(name), listings)))

    def attribute(self, name: str) -> list[str]:
        """Attribute ``name`` of every listing ("" where it has none), worked out once."""
        listings = self.listings
        if isinstance(listings, Rows):
            return self.share(f"attribute {name}",  # type: ignore[no-any-return]
                              lambda: listings.attribute(name))
        return self.share(f"attribute {name}", lambda: list(map(  # type: ignore[no-any-return]
            dict.get, self.values("attributes"), repeat(name), repeat(""))))

    def column(self, name: str, join: str = "\n") -> Column:
        """The column of text field ``name``; bullets joined by ``join``."""
        key = (name, join if name == "bullets" else "")
        found = self.columns.get(key)
        if found is None:
            texts = self.values(name)
            if name == "bullets":
                texts = list(map(join.join, texts))
            found = self.columns[key] = Column(texts)
        return found

    def bullet_lines(self) -> Column | None:
        """The bullets column (bullets joined by line breaks) when no bullet holds a line
        break of its own: each line of its texts is then one bullet (one count over the
        column: its line breaks are the frame's, one between rows, and one between bullets of
        a row); else None."""
        def make() -> Column | None:
            column = self.column("bullets")
            bullets = self.values("bullets")
            between = sum(map(len, bullets)) - sum(map(bool, bullets))
            return column if column.joined.count("\n") == len(bullets) + 1 + between else None
        return self.share("bullet lines", make)  # type: ignore[no-any-return]

    def distinct_bullets(self) -> Column:
        """A column of the chunk's distinct bullets, each on its own (for questions about the
        words, not the rows: a product line's listings share their bullets, not always all
        of them at once)."""
        return self.share("distinct bullets", lambda: Column(list(dict.fromkeys(
            chain.from_iterable(self.values("bullets"))))))

    def source_rows(self) -> list[int] | None:
        """The row number of each listing in its file (None when one has no source); worked
        out once (several catalogue rules ask)."""
        listings = self.listings

        def make() -> list[int] | None:
            if isinstance(listings, Rows):
                return listings.rows()
            try:
                return list(map(_SOURCE_ROW, listings))
            except AttributeError:
                return None
        return self.share("source rows", make)  # type: ignore[no-any-return]

    def source_files(self) -> list[str]:
        """The file of each listing ("" where one has no source)."""
        listings = self.listings
        if isinstance(listings, Rows):
            return [listings.plan.path] * len(listings)
        return [listing.source.file if listing.source else "" for listing in listings]

    def attribute_names(self) -> set[str]:
        """The attribute (column) names of the chunk's listings, worked out once."""
        listings = self.listings
        if isinstance(listings, Rows):
            return self.share("attribute names", listings.attribute_names)  # type: ignore
        return self.share("attribute names",  # type: ignore[no-any-return]
                          lambda: set(chain.from_iterable(self.values("attributes"))))

    def share(self, key: str, make: Callable[[], Any]) -> Any:
        """``make()``, once per chunk for each ``key`` (None too is kept)."""
        try:
            return self.shared[key]
        except KeyError:
            found = self.shared[key] = make()
            return found


_SOURCE_ROW = attrgetter("source.row")
