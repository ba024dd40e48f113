"""Search terms: the words shoppers search for that the title and bullets do not already
have, packed into the marketplace's byte budget (Amazon counts UTF-8 bytes)."""

from __future__ import annotations

from dataclasses import dataclass, field

from listingkit.listing import Listing
from listingkit.scoring.bank import KeywordBank, words


@dataclass
class Packed:
    text: str
    used: int
    budget: int
    unfit: list[str] = field(default_factory=list)


def build(listing: Listing, bank: KeywordBank | None, budget: int, separator: str = " ",
          stop: frozenset[str] = frozenset(), top: int = 50) -> Packed:
    """The listing's own search-term words, then the bank's, most valuable first.

    Words already in the title, bullets or brand, repeats and stop words are left out; a
    word that does not fit is skipped (a shorter one after it may still fit) and reported.
    """
    have = set(words(" ".join([listing.title, listing.brand, *listing.bullets])))
    chosen: list[str] = []
    seen: set[str] = set()
    candidates = words(listing.search_terms)
    for term in bank.top(top) if bank else ():
        if term.kind != "brand":
            candidates.extend(term.words)
    sep = len(separator.encode("utf-8"))
    used = 0
    unfit: list[str] = []
    for word in candidates:
        if word in seen or word in have or word in stop:
            continue
        seen.add(word)
        cost = len(word.encode("utf-8")) + (sep if chosen else 0)
        if used + cost > budget:
            unfit.append(word)
            continue
        chosen.append(word)
        used += cost
    return Packed(separator.join(chosen), used, budget, unfit)
