"""Translate segments the way an operator can trust: memory first, then the engine if one is
configured, and otherwise say so.

Order for each unique (source language, target language, text): same language -> as is;
the translation memory; the configured engine (glossary protected, checked, stored). Without an
engine, or when the engine fails or its answer is rejected, the segment is *pending*: recorded
in the memory with no translation (``listingkit tm export --pending`` hands it to a
translator) and reported, never replaced by the source text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from listingkit.translate.engine import Engine, EngineError
from listingkit.translate.glossary import Glossary, GlossaryViolation
from listingkit.translate.memory import PENDING, Entry, Memory

if TYPE_CHECKING:
    from listingkit.translate.chunked import TranslationRun

SAME, MEMORY, MACHINE, PENDING_STATUS, REJECTED = "same", "memory", "machine", "pending", \
    "rejected"
_WORDS = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    """One piece of free text to translate, and the extra terms to protect in it."""

    text: str
    source: str
    target: str
    protect: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.text)


@dataclass(frozen=True)
class Outcome:
    """What became of a segment: ``text`` is None unless it is usable in the target language."""

    status: str
    text: str | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.text is not None


@dataclass
class Stats:
    """Counts per status, and engine calls made, for the run summary."""

    counts: dict[str, int] = field(default_factory=dict)
    calls: int = 0

    def add(self, status: str) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1


EngineFactory = Callable[[str, str], Engine]


class TranslationService:
    """Memory + optional engine + glossary. ``engine_factory(source, target)`` builds engines."""

    def __init__(self, memory: Memory | None, engine_factory: EngineFactory | None = None,
                 glossary: Glossary | None = None, batch_size: int = 50,
                 max_failures: int = 5) -> None:
        self.memory = memory
        self.engine_factory = engine_factory
        self.glossary = glossary or Glossary()
        self.batch_size = batch_size
        self.max_failures = max_failures
        self.stats = Stats()
        self._engines: dict[tuple[str, str], Engine] = {}

    def translate(self, segments: Iterable[Segment],
                  progress: Callable[[int, int], None] | None = None
                  ) -> dict[tuple[str, str, str], Outcome]:
        """Outcome per segment key, every segment resolved at once: one chunk of a
        :meth:`chunked` run. ``progress(done, total)`` is called after each batch that
        needed the engine (or was found pending), ``total`` being all such segments."""
        run = self.chunked()
        segments = list(segments)
        if progress is not None:
            total = run.engine_work(segments)
            run.progress = lambda done: progress(done, total)
        return run.outcomes(segments)

    def chunked(self) -> TranslationRun:
        """A run that translates a chunk of segments at a time, remembering a digest per
        distinct text instead of the text (see :mod:`listingkit.translate.chunked`)."""
        from listingkit.translate.chunked import TranslationRun

        return TranslationRun(self)

    def _machine(self, source: str, target: str, segs: list[Segment],
                 progress: Callable[[int], None] | None, failed: dict[tuple[str, str], int]
                 ) -> dict[tuple[str, str, str], Outcome]:
        """Engine outcomes (or pending ones) for segments not in the memory, stored in it a
        batch at a time. ``failed`` holds the engine's failures in a row per language pair,
        carried over from one call to the next (a run in chunks)."""
        out: dict[tuple[str, str, str], Outcome] = {}
        engine = self._engine(source, target) if segs and self.engine_factory else None
        failures = failed.get((source, target), 0)
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
            failed[(source, target)] = failures
        return out

    def _engine(self, source: str, target: str) -> Engine:
        if (source, target) not in self._engines:
            assert self.engine_factory is not None
            self._engines[(source, target)] = self.engine_factory(source, target)
        return self._engines[(source, target)]

    def _one(self, engine: Engine, seg: Segment) -> Outcome:
        glossary = self.glossary.with_terms(seg.protect)
        protected = glossary.protect(seg.text)
        self.stats.calls += 1
        try:
            raw = engine.translate(protected.text)
        except EngineError as exc:
            return Outcome(PENDING_STATUS, reason=f"{engine.name}: {exc.reason}")
        if not raw or not raw.strip():
            return Outcome(REJECTED, reason=f"{engine.name} returned an empty translation")
        if _untranslated(protected.text, raw):
            return Outcome(REJECTED, reason=f"{engine.name} returned the text untranslated")
        try:
            text = glossary.restore(raw, protected)
        except GlossaryViolation as exc:
            return Outcome(REJECTED, reason=f"{engine.name}: {exc}")
        return Outcome(MACHINE, text)


def _untranslated(source: str, result: str) -> bool:
    """The engine echoed the source: same words, and enough of them to be sure."""
    same = " ".join(source.split()).casefold() == " ".join(result.split()).casefold()
    return same and len(_WORDS.findall(source)) >= 2
