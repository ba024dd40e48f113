"""A sample of at most ``size`` listings of a stream, the same whatever order they come in:
what a keyword bank is built from when the catalogue (or ``--competitors``) is large.

Each listing gets a key, a hash of its SKU and title (BLAKE2b, so the same on every machine
and Python); the sample holds the listings of the ``size`` smallest keys ("bottom-k"
sampling), a heap of them in memory and nothing else. Every listing is as likely as any
other to be in it, and reading the file sorted another way gives the same sample. The
listings are given back in the order they came, as the whole stream would have been.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from hashlib import blake2b
from typing import Any, Generic, TypeVar

from listingkit.listing import Listing

T = TypeVar("T")


def key_of(listing: Listing) -> int:
    """The listing's place in the sample's order: a 64-bit hash of its SKU and title."""
    text = f"{listing.sku}\x1f{listing.title}".encode("utf-8", "surrogatepass")
    return int.from_bytes(blake2b(text, digest_size=8).digest(), "big")


class Sample(Generic[T]):
    """At most ``size`` items of those added, each added with the listing it stands for (its
    key decides whether it stays); ``seen`` counts every one added."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("a sample holds at least one listing")
        self.size, self.seen = size, 0
        #: (-key, -index, item): the root is the item of the largest key, the first to go
        self._heap: list[tuple[int, int, T]] = []

    def add(self, listing: Listing, item: T) -> None:
        index, self.seen = self.seen, self.seen + 1
        entry = (-key_of(listing), -index, item)
        if len(self._heap) < self.size:
            heapq.heappush(self._heap, entry)
        elif entry[:2] > self._heap[0][:2]:  # (a smaller key; of equal keys the first read stays)
            heapq.heapreplace(self._heap, entry)

    @property
    def sampled(self) -> bool:
        """Whether some of the listings added were left out."""
        return self.seen > len(self._heap)

    def items(self) -> list[T]:
        """The items kept, in the order they were added."""
        return [item for _, _, item in sorted(self._heap, key=lambda entry: -entry[1])]

    def describe(self, what: str) -> str:
        """``what``, saying how many of how many listings it is when it is a sample."""
        if not self.sampled:
            return what
        return f"{what} (a sample of {len(self._heap):,} of {self.seen:,})"


def sample_of(listings: Iterable[Listing], size: int,
              keep: Callable[[Listing], Any] | None = None) -> Sample[Any]:
    """The :class:`Sample` of ``listings``, each kept as ``keep(listing)`` (as itself
    without ``keep``)."""
    sample: Sample[Any] = Sample(size)
    for listing in listings:
        sample.add(listing, listing if keep is None else keep(listing))
    return sample
