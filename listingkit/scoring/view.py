"""A listing's text prepared once for all criteria and for the relevance check.

The title is tokenised once (:func:`~listingkit.scoring.bank.words`); the other fields only
when a criterion asks, and then once. Everything the criteria and
:mod:`~listingkit.scoring.relevance` read comes from here, so no text is split twice.
"""

from __future__ import annotations

from listingkit.listing import Listing
from listingkit.scoring.bank import _WORD, Index, words


class View:
    """A listing's text, prepared once: lower-case words per field, how many title words are
    visible on mobile, and which of the bank's top terms each field (and the visible start of
    the title) uses. Other fields' words and the padded strings are built on first use."""

    __slots__ = ("_bullets", "_description", "_padded", "_terms", "head_hits", "hits",
                 "listing", "relevance", "shown", "title", "title_words")

    def __init__(self, listing: Listing, visible: int, index: Index | None = None) -> None:
        self.listing = listing
        title = self.title = listing.title
        lower = title.lower()
        cut = "'" in title or "’" in title  # possessives: words() cuts their 's
        ws = self.title_words = words(title) if cut else _WORD.findall(lower)
        if len(title) > visible:
            shown = _visible(lower, ws, visible) if not cut and len(lower) == len(title) \
                else len(_WORD.findall(title[:visible].lower()))
            if shown and title[visible:visible + 1].isalnum():
                shown -= 1  # a word cut at the edge is not visible
        else:
            shown = len(ws)
        self.shown = shown
        self._bullets: list[str] | None = None
        self._terms: list[str] | None = None
        self._description: list[str] | None = None
        self._padded: dict[str, str] | None = None
        self.relevance: object = None  # what :mod:`.relevance` prepared from this view
        self.hits: dict[str, dict[int, int]] = {}
        self.head_hits: set[int] = set()
        if index is not None:
            self.find(index)

    def find(self, index: Index) -> None:
        """Which of ``index``'s terms each field uses (``hits``), and which of them end in
        the visible part of the title (``head_hits``)."""
        listing = self.listing
        hits = self.hits = {}
        title_hits = hits["title"] = index.hits(self.title_words)
        shown = self.shown
        self.head_hits = {t for t, end in title_hits.items() if end < shown}
        if listing.bullets:
            bullets = self.bullet_words
            if bullets:
                hits["bullets"] = index.hits(bullets)
        if listing.search_terms:
            hits["search_terms"] = index.hits(self.term_words)
        if listing.description:
            hits["description"] = index.hits(self.description_words)

    @property
    def bullet_words(self) -> list[str]:
        if self._bullets is None:
            listing = self.listing
            self._bullets = words(listing.text("bullets")) if listing.bullets else []
        return self._bullets

    @property
    def term_words(self) -> list[str]:
        if self._terms is None:
            text = self.listing.search_terms
            self._terms = words(text) if text else []
        return self._terms

    @property
    def description_words(self) -> list[str]:
        if self._description is None:
            text = self.listing.description
            self._description = words(text) if text else []
        return self._description

    @property
    def head(self) -> str:
        """The visible title words, padded with spaces (`" acme water bottle "`)."""
        return _pad(self.title_words[:self.shown])

    @property
    def padded(self) -> dict[str, str]:
        """Title and bullet words, each joined and padded with spaces, for phrase lookups."""
        if self._padded is None:
            self._padded = {"title": _pad(self.title_words), "bullets": _pad(self.bullet_words)}
        return self._padded

    def indexed_words(self) -> set[str]:
        """Every word of the fields the marketplace indexes for search."""
        return {*self.title_words, *self.bullet_words, *self.term_words}


def _visible(lower: str, ws: list[str], visible: int) -> int:
    """How many of the words ``ws`` of ``lower`` start in its first ``visible`` characters:
    the number of words in ``lower[:visible]`` (a word cut at the edge counts once). Each
    word is found after the one before it; the gaps between words hold no letter or digit,
    so a word's first occurrence there is where it starts."""
    pos = count = 0
    for w in ws:
        start = lower.find(w, pos)
        if start >= visible:
            break
        count += 1
        pos = start + len(w)
    return count


def _pad(ws: list[str]) -> str:
    return " " + " ".join(ws) + " " if ws else ""
