"""Remembering what a run of field rules found for a text, so a repeated text is checked once.

Catalogues repeat themselves: variants share bullets and descriptions, product lines share
search terms. A rule that declares :attr:`Rule.memo` reads only its own field (plus the brand,
to exempt brand names), so its hits for the same text are the same. The runner groups
neighbouring memo rules of one field into a :class:`FieldMemo` and asks it for the group's
findings; the memo computes them once per distinct key.

The key is the field's value, plus the brand only where the brand occurs in that value (a
brand that does not occur cannot exempt anything). The memo lives for one run and is bounded.
A miss costs one key and one dict store, about a microsecond, against tens of microseconds
saved for every repeat; a memo whose first thousand look-ups were nearly all different texts
(titles, search terms) switches itself off and frees what it held.

Before the memo, the union of the group's screens (:mod:`listingkit.rules.screens`) runs: a
text that no rule of the group wants is skipped without a key, and remembered in a set while
such texts repeat (a set look-up is cheaper than the screen).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from itertools import compress, count, repeat
from operator import not_
from typing import Any, Generic, TypeVar

from listingkit.listing import Listing
from listingkit.rules.chunk import Chunk
from listingkit.rules.columns import Column
from listingkit.rules.screens import union

#: the fields a memo can key on: the listing's own text fields
MEMO_FIELDS = ("title", "brand", "bullets", "description", "search_terms")
#: most distinct keys one memo holds before it starts over
MAX_ENTRIES = 50_000
#: remembering stops when the first PROBE texts were more than UNIQUE_SHARE new (texts that
#: rarely repeat: a miss costs more than the few hits save)
PROBE = 5_000
UNIQUE_SHARE = 0.75
#: the same for a field memo's first LOOKUPS look-ups: only the texts its screen passes are
#: looked up, a few in a hundred rows, so PROBE of them would take a whole catalogue
LOOKUPS = 1_000


class FieldMemo:
    """The findings of a group of memo rules on one field, per distinct key."""

    __slots__ = ("brand", "clean", "compute", "field", "lookups", "memo", "rules", "screen",
                 "screened")

    def __init__(self, field: str, rules: list[Any],
                 compute: Callable[[Any, list[tuple[Listing, str]]], list[list[Any]]]) -> None:
        self.field = field
        self.rules = rules
        self.compute = compute
        self.memo: dict[Hashable, list[Any]] | None = {}
        self.lookups = 0
        self.brand = any(getattr(rule, "uses_brand", True) for rule in rules)
        #: the union of the rules' screens: when it says no, no rule of the group is called
        #: (None when a rule has no screen)
        self.screen = union(getattr(rule, "wants", None) for rule in rules)
        #: texts the screen said no to (a set look-up is cheaper than the screen), while they
        #: repeat; and how many the screen said no to
        self.clean: set[str] | None = set() if self.screen is not None else None
        self.screened = 0

    def key(self, listing: Listing, text: str) -> Hashable:
        """The field's value (and the brand when it occurs there)."""
        value: Hashable = tuple(listing.bullets) if self.field == "bullets" else text
        brand = listing.brand if self.brand else ""
        if brand and brand_occurs(brand, text):
            return (value, brand)
        return value

    def findings_of(self, chunk: Chunk) -> list[tuple[int, list[Any]]]:
        """What the group's rules report on ``chunk`` (computed or remembered): (row, its
        findings) for each row with some, in no particular order (most rows have none: the
        runner looks only at these).

        The chunk's texts are screened together (:func:`~listingkit.rules.screens.build`'s
        ``rows``, over a :class:`~listingkit.rules.columns.Column` of them); the texts to work
        out are gathered (a key twice in the chunk once) and handed to ``compute`` together,
        which runs each rule over all of them (see
        :meth:`listingkit.lint.Runner.check_rows`)."""
        listings = chunk.listings
        out: list[tuple[int, list[Any]]] = []
        clean, screen = self.clean, self.screen
        column = chunk.column(self.field)
        texts = column.texts
        # the rows to screen: not empty (an empty field: the group's rules have nothing to say;
        # C001 has), not known to be clean
        todo = list(compress(count(), texts)) if clean is None else [
            i for i, text in enumerate(texts) if text and text not in clean]
        if screen is not None and todo:
            # (the chunk's own column when every row is screened: other rules share it)
            screened = column if len(todo) == len(texts) else Column([texts[i] for i in todo])
            wanted = screen.rows(screened)  # type: ignore[attr-defined]
            if clean is not None:
                for k, i in enumerate(todo):
                    if k not in wanted and self.clean is not None:
                        self.remember_clean(self.clean, texts[i])
            todo = [todo[k] for k in sorted(wanted)]
        work: list[tuple[Listing, str]] = []  # the texts to work out, with their listing
        keys: list[Hashable] = []  # and the key of each (None without a memo)
        slots: list[list[int]] = []  # and the listings that get its findings
        waiting: dict[Hashable, list[int]] = {}  # key -> its listings, computed once
        memo = self.memo
        for i in todo:
            listing, text = listings[i], texts[i]
            if memo is None:
                work.append((listing, text))
                keys.append(None)
                slots.append([i])
                continue
            key = self.key(listing, text)
            self.lookups += 1
            found = memo.get(key)
            if found is not None:
                if found:
                    out.append((i, found))
            elif key in waiting:
                waiting[key].append(i)
            else:
                waiting[key] = slot = [i]
                work.append((listing, text))
                keys.append(key)
                slots.append(slot)
            if self.lookups == LOOKUPS and len(memo) + len(waiting) > LOOKUPS * UNIQUE_SHARE:
                self.memo = None  # the texts rarely repeat: stop looking (after this chunk)
        if work:
            for key, slot, found in zip(keys, slots, self.compute(self.rules, work)):
                if key is not None and self.memo is not None:
                    store(self.memo, key, found)
                if found:
                    out += zip(slot, repeat(found))
        return out

    def remember_clean(self, clean: set[str], text: str) -> None:
        """Add a text the screen said no to; stop when the first PROBE rarely repeated."""
        if len(clean) >= MAX_ENTRIES:
            clean.clear()
        clean.add(text)
        self.screened += 1
        if self.screened == PROBE and len(clean) > PROBE * UNIQUE_SHARE:
            self.clean = None


def brand_occurs(brand: str, text: str) -> bool:
    """Whether the brand, or any letter/digit run of it, occurs in ``text`` (case-folded: a
    generous test, so a brand that could matter is always part of the key)."""
    runs = _BRAND_RUNS.get(brand)
    if runs is None:
        name = brand.strip().casefold()
        runs = store(_BRAND_RUNS, brand, (name, *_RUN.findall(name)))
    folded = text.lower() if text.isascii() else text.casefold()  # (the same on ASCII)
    for run in runs:
        if run in folded:
            return True
    return False


_RUN = re.compile(r"[^\W_]+")
#: brand -> the strings :func:`brand_occurs` looks for (brands repeat on every row)
_BRAND_RUNS: dict[str, tuple[str, ...]] = {}


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Verdicts(Generic[V]):
    """Each text's verdict, remembered per distinct text for the run while texts repeat
    (catalogues repeat bullets and descriptions across variants; most of their texts are
    distinct): the texts not seen yet go together into a column, ``maybe`` picks the rows
    whose verdict may be other than ``none``, and ``judge`` works out those alone. When the
    first PROBE texts were mostly new, remembering stops (a miss costs a hash of the whole
    text and a store). The memo, a dict its owner may also read, is bounded."""

    __slots__ = ("fresh", "looked", "memo")

    def __init__(self, memo: dict[str, V]) -> None:
        self.memo: dict[str, V] | None = memo
        self.looked = self.fresh = 0

    def __call__(self, column: Column, maybe: Callable[[Column], set[int]],
                 judge: Callable[[str], V], none: V) -> list[V]:
        texts, memo = column.texts, self.memo
        if memo is None:  # (texts rarely repeat: each chunk worked out on its own)
            out = [none] * len(texts)
            for i in maybe(column):
                out[i] = judge(texts[i])
            return out
        fresh = list(compress(count(), map(not_, map(memo.__contains__, texts))))
        if fresh:
            if len(memo) + len(fresh) > MAX_ENTRIES:  # (bounded: start over)
                memo.clear()
                fresh = list(range(len(texts)))
            distinct = list(dict.fromkeys(texts[i] for i in fresh) if len(fresh) < len(texts)
                            else dict.fromkeys(texts))
            new = column if len(distinct) == len(texts) else Column(distinct)
            memo.update(zip(new.texts, repeat(none)))
            for j in maybe(new):
                memo[new.texts[j]] = judge(new.texts[j])
        out = list(map(memo.__getitem__, texts))
        if self.looked < PROBE:
            self.looked += len(texts)
            self.fresh += len(fresh)
            if self.looked >= PROBE and self.fresh > UNIQUE_SHARE * self.looked:
                self.memo = None
        return out


def remember(memo: dict[K, V], key: K, compute: Callable[[], V]) -> V:
    """``memo[key]``, computing and storing it first when missing; a full memo starts over.

    For rules that look at several fields, each field's text once per run."""
    try:
        return memo[key]
    except KeyError:
        pass
    return store(memo, key, compute())


def store(memo: dict[K, V], key: K, value: V, limit: int | None = None) -> V:
    """``memo[key] = value``, a memo holding ``limit`` entries (MAX_ENTRIES unless given)
    starting over first (bounded: stale entries go rather than grow without end); gives back
    ``value``."""
    if len(memo) >= (MAX_ENTRIES if limit is None else limit):
        memo.clear()
    memo[key] = value
    return value
