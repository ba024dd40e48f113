"""Remembering what a run of field rules found for a text, so a repeated text is checked once.

Catalogues repeat themselves: variants share bullets and descriptions, product lines share
search terms. A rule that declares :attr:`Rule.memo` reads only its own field (plus the brand,
to exempt brand names), so its hits for the same text are the same. The runner groups
neighbouring memo rules of one field into a :class:`FieldMemo` and asks it for the group's
findings; the memo computes them once per distinct key.

The key is the field's value, plus the brand only where the brand occurs in that value (a
brand that does not occur cannot exempt anything). The memo lives for one run and is bounded.
A miss costs one key and one dict store, about a microsecond, against tens of microseconds
saved for every repeat; a memo whose first few thousand texts were all different (titles,
usually) switches itself off and frees what it held.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from listingkit.listing import Listing

#: the fields a memo can key on: the listing's own text fields
MEMO_FIELDS = ("title", "brand", "bullets", "description", "search_terms")
#: most distinct keys one memo holds before it starts over
MAX_ENTRIES = 50_000
#: a memo whose first PROBE lookups all missed switches itself off (texts that never repeat)
PROBE = 5_000


class FieldMemo:
    """The findings of a group of memo rules on one field, per distinct key."""

    __slots__ = ("brand", "compute", "field", "lookups", "memo", "rules")

    def __init__(self, field: str, rules: list[Any],
                 compute: Callable[[Any, Listing, str], list[Any]]) -> None:
        self.field = field
        self.rules = rules
        self.compute = compute
        self.memo: dict[Hashable, list[Any]] | None = {}
        self.lookups = 0
        self.brand = any(getattr(rule, "uses_brand", True) for rule in rules)

    def text(self, listing: Listing) -> str:
        """The field's text (bullets joined by newlines)."""
        if self.field == "bullets":
            return "\n".join(listing.bullets)
        return getattr(listing, self.field)

    def key(self, listing: Listing, text: str) -> Hashable:
        """The field's value (and the brand when it occurs there)."""
        value: Hashable = tuple(listing.bullets) if self.field == "bullets" else text
        brand = listing.brand if self.brand else ""
        if brand and brand_occurs(brand, text):
            return (value, brand)
        return value

    def findings(self, listing: Listing) -> list[Any]:
        """What the group's rules report for this listing (computed or remembered)."""
        text = self.text(listing)
        if not (listing.bullets if self.field == "bullets" else text):
            return []  # an empty field: its rules have nothing to say (C001 has)
        memo = self.memo
        if memo is None:
            return self.compute(self.rules, listing, text)
        key = self.key(listing, text)
        found = memo.get(key)
        if found is None:
            found = self.compute(self.rules, listing, text)
            if len(memo) >= MAX_ENTRIES:
                memo.clear()  # bounded: start over rather than keep stale texts
            memo[key] = found
            self.lookups += 1
            if self.lookups == PROBE and len(memo) == PROBE:
                self.memo = None  # the first PROBE texts were all different: stop looking
        else:
            self.lookups += 1
        return found


def brand_occurs(brand: str, text: str) -> bool:
    """Whether the brand, or any letter/digit run of it, occurs in ``text`` (case-folded: a
    generous test, so a brand that could matter is always part of the key)."""
    runs = _BRAND_RUNS.get(brand)
    if runs is None:
        if len(_BRAND_RUNS) >= MAX_ENTRIES:
            _BRAND_RUNS.clear()
        name = brand.strip().casefold()
        runs = _BRAND_RUNS[brand] = (name, *_RUN.findall(name))
    folded = text.casefold()
    for run in runs:
        if run in folded:
            return True
    return False


_RUN = re.compile(r"[^\W_]+")
#: brand -> the strings :func:`brand_occurs` looks for (brands repeat on every row)
_BRAND_RUNS: dict[str, tuple[str, ...]] = {}


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def remember(memo: dict[K, V], key: K, compute: Callable[[], V]) -> V:
    """``memo[key]``, computing and storing it first when missing; a full memo starts over.

    For rules that look at several fields, each field's text once per run."""
    try:
        return memo[key]
    except KeyError:
        pass
    value = compute()
    if len(memo) >= MAX_ENTRIES:
        memo.clear()
    memo[key] = value
    return value
