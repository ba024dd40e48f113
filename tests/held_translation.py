"""``generate``'s translation pass as it was when it held every distinct text of the catalogue
with its translation (one call to ``translate`` for the whole catalogue, then the rendering):
the oracle tests/test_generate_chunks.py compares the chunked pass against. The code is the
earlier ``Generator.run``, ``TranslationService.translate`` and ``_machine``, unchanged but
for being functions of the generator or service they were methods of."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from listingkit.generate.run import Generator, Result
from listingkit.listing import Listing
from listingkit.translate.memory import PENDING, Entry
from listingkit.translate.service import (
    MEMORY,
    PENDING_STATUS,
    SAME,
    Outcome,
    Segment,
    TranslationService,
)


def held_run(self: Generator, listings: Iterable[Listing],
             progress: Callable[[int, int], None] | None = None) -> Iterator[Result]:
    """The earlier ``Generator.run``: every segment of the catalogue translated at once."""
    if iter(listings) is listings:
        listings = list(listings)
    outcomes = held_translate(
        self.service, (seg for listing in listings for seg in self.segments(listing)), progress)
    for listing in listings:
        yield self.generate(listing, outcomes)


def held_translate(self: TranslationService, segments: Iterable[Segment],
                   progress: Callable[[int, int], None] | None = None
                   ) -> dict[tuple[str, str, str], Outcome]:
    unique: dict[tuple[str, str, str], Segment] = {}
    for seg in segments:
        unique.setdefault(seg.key, seg)
    out: dict[tuple[str, str, str], Outcome] = {}
    todo: dict[tuple[str, str], list[Segment]] = {}
    for key, seg in unique.items():
        if seg.source == seg.target or not seg.text.strip():
            out[key] = Outcome(SAME, seg.text)
        else:
            todo.setdefault((seg.source, seg.target), []).append(seg)
    rest: dict[tuple[str, str], list[Segment]] = {}
    for (source, target), segs in todo.items():
        known = self.memory.lookup_many(source, target, (s.text for s in segs)) \
            if self.memory else {}
        for seg in segs:
            if seg.text in known:
                out[seg.key] = Outcome(MEMORY, known[seg.text])
            else:
                rest.setdefault((source, target), []).append(seg)
    total = sum(len(segs) for segs in rest.values())
    for (source, target), segs in rest.items():
        out.update(_held_machine(self, source, target, segs,
                                 (lambda n: progress(n, total)) if progress else None))
    for outcome in out.values():
        self.stats.add(outcome.status)
    return out


def _held_machine(self: TranslationService, source: str, target: str, segs: list[Segment],
                  progress: Callable[[int], None] | None
                  ) -> dict[tuple[str, str, str], Outcome]:
    out: dict[tuple[str, str, str], Outcome] = {}
    engine = self._engine(source, target) if segs and self.engine_factory else None
    failures = 0
    for start in range(0, len(segs), self.batch_size):
        batch = segs[start:start + self.batch_size]
        entries = []
        for seg in batch:
            if engine is None:
                outcome = Outcome(PENDING_STATUS, reason="no translation engine configured "
                                  "and not in the translation memory")
            elif failures >= self.max_failures:
                outcome = Outcome(PENDING_STATUS, reason=f"not tried: the engine failed "
                                  f"{failures} times in a row")
            else:
                outcome = self._one(engine, seg)
                failures = failures + 1 if outcome.status == PENDING_STATUS else 0
            out[seg.key] = outcome
            entries.append(Entry(source, target, seg.text, outcome.text,
                                 engine.name if outcome.ok and engine else PENDING))
        if self.memory:
            self.memory.put_many(entries)
        if progress:
            progress(len(batch))
    return out
