"""Tokens a rewrite must never lose: the brand, model numbers, sizes, pack counts, numbers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from listingkit.listing import Listing
from listingkit.scoring.bank import words

#: attributes whose words are protected wherever the title has them
PROTECTED_ATTRIBUTES = ("model", "mpn", "size", "pack_count")


def protected(title: str, listing: Listing) -> Counter[str]:
    """Lower-case tokens of ``title`` that must survive, with how often they occur.

    Every token with a digit (numbers, sizes, model numbers) keeps its count; brand words and
    the words of the model, MPN, size and pack count attributes must still appear.
    """
    found = words(title)
    keep: Counter[str] = Counter(w for w in found if any(c.isdigit() for c in w))
    named = set(words(listing.brand))
    for name in PROTECTED_ATTRIBUTES:
        named.update(words(listing.attributes.get(name, "")))
    for word in set(found) & named:
        keep[word] = max(keep[word], 1)
    return keep


def lost(before: str, after: str, listing: Listing, dropped: Iterable[str] = ()) -> list[str]:
    """Protected tokens of ``before`` that ``after`` lacks (or has fewer of); the words of
    ``dropped`` (banned phrases removed on purpose, "24/7 support") may go."""
    need = protected(before, listing)
    need.subtract(Counter(w for phrase in dropped for w in words(phrase)))
    have = Counter(words(after))
    return [w for w, n in need.items() if have[w] < n]
