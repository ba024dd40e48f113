"""A listing's text prepared once for all criteria."""

from __future__ import annotations

from listingkit.listing import Listing
from listingkit.scoring.bank import Index, words


class View:
    """A listing's text, prepared once: lower-case words per field, and which of the bank's
    top terms each field (and the visible start of the title) uses."""

    __slots__ = ("head", "head_hits", "hits", "listing", "padded", "title", "title_words")

    def __init__(self, listing: Listing, visible: int, index: Index | None = None) -> None:
        self.listing = listing
        self.title = listing.title
        self.title_words = words(listing.title)
        shown = len(words(listing.title[:visible])) if len(listing.title) > visible \
            else len(self.title_words)
        if shown and len(listing.title) > visible and listing.title[visible:visible + 1].isalnum():
            shown -= 1  # a word cut at the edge is not visible
        self.head = _pad(self.title_words[:shown])
        bullets = words(listing.text("bullets")) if listing.bullets else []
        self.padded = {"title": _pad(self.title_words), "bullets": _pad(bullets)}
        self.hits: dict[str, dict[int, int]] = {}
        self.head_hits: set[int] = set()
        if index is not None:
            title_hits = self.hits["title"] = index.hits(self.title_words)
            self.head_hits = {t for t, end in title_hits.items() if end < shown}
            if bullets:
                self.hits["bullets"] = index.hits(bullets)
            for name in ("search_terms", "description"):
                text = getattr(listing, name)
                if text:
                    self.hits[name] = index.hits(words(text))


    def indexed_words(self) -> set[str]:
        """Every word of the fields the marketplace indexes for search."""
        listing = self.listing
        return {*self.title_words, *words(listing.text("bullets")), *words(listing.search_terms)}


def _pad(ws: list[str]) -> str:
    return " " + " ".join(ws) + " " if ws else ""
