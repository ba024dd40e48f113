"""Translate a run's segments a chunk at a time, keeping a digest per distinct text, not the text.

:meth:`TranslationService.translate` resolves every segment it is given at once and returns
each distinct text with its outcome. For ``generate`` that meant every distinct text of the
catalogue and its translation held until the last SKU was rendered: the peak memory grew with
the catalogue. A :class:`TranslationRun` takes the segments of a few listings at a time and
gives their outcomes; what it keeps per distinct (source, target, text) is a 16-byte digest
in a dict, so that a text seen in an earlier chunk is neither counted nor sent to the engine
again, with as its value:

* :data:`_USABLE` for a text that was the same language, found in the memory, or translated
  by the engine and stored there: when it recurs it is read from the memory again (or is its
  own outcome, for the same language);
* the :class:`Outcome` of a pending or rejected text, for which the memory holds no
  translation to read again; the outcomes are shared, and their reasons mostly a handful of
  constant sentences;
* the whole outcome of a usable text the memory does not hold as it was made: with no memory
  at all (an API use), or where the memory kept another translation (a ``human`` row without
  a translation, which a machine row never replaces).

What does not change: each distinct text is counted once in :class:`Stats`, with the status of
its one resolution; the engine is asked about the same texts in the same order; its failures in
a row carry over from chunk to chunk as from batch to batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from listingkit.translate.service import (
    MEMORY,
    PENDING_STATUS,
    SAME,
    Outcome,
    Segment,
    TranslationService,
)

Key = tuple[str, str, str]
Pair = tuple[str, str]
#: a text whose outcome is usable and can be had again (from the memory, or the text itself)
_USABLE = object()
#: texts looked up in the memory together when counting the engine's work up front
_LOOKUP = 500


def digest(key: Key) -> bytes:
    """16 bytes that stand for a (source, target, text) key: the text itself is not kept."""
    data = "\0".join(key).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).digest()


def _same(seg: Segment) -> bool:
    return seg.source == seg.target or not seg.text.strip()


class TranslationRun:
    """One run's translations through ``service``, a chunk of segments at a time.

    ``progress(done)``, when set, is called after each batch of segments that needed the
    engine (or was found pending), as :meth:`TranslationService.translate` calls it."""

    def __init__(self, service: TranslationService) -> None:
        self.service = service
        self.progress: Callable[[int], None] | None = None
        self._seen: dict[bytes, object] = {}
        self._shared: dict[Outcome, Outcome] = {}
        self._failed: dict[Pair, int] = {}  # (the engine's failures in a row, per pair)

    def engine_work(self, segments: Iterable[Segment]) -> int:
        """How many distinct segments will need the engine: those not in the memory now (a
        reading pass over the catalogue, made before any chunk so that a progress bar knows
        its length; it writes nothing)."""
        counted: set[bytes] = set()
        batch: dict[Pair, list[str]] = {}
        count = waiting = 0
        for seg in segments:
            if _same(seg):
                continue
            key = digest(seg.key)
            if key in counted:
                continue
            counted.add(key)
            batch.setdefault((seg.source, seg.target), []).append(seg.text)
            waiting += 1
            if waiting >= _LOOKUP:
                count += self._missing(batch)
                batch, waiting = {}, 0
        return count + self._missing(batch)

    def _missing(self, batch: dict[Pair, list[str]]) -> int:
        memory = self.service.memory
        count = 0
        for (source, target), texts in batch.items():
            known = memory.lookup_many(source, target, texts) if memory else {}
            count += sum(1 for text in texts if text not in known)
        return count

    def outcomes(self, segments: Iterable[Segment]) -> dict[Key, Outcome]:
        """Outcome per key of ``segments`` (a chunk's): new texts resolved as
        :meth:`TranslationService.translate` resolves them (same language, memory, engine)
        and counted; texts of earlier chunks given again without a count or a call."""
        unique: dict[Key, Segment] = {}
        for seg in segments:
            unique.setdefault(seg.key, seg)
        out: dict[Key, Outcome] = {}
        new: dict[Pair, list[tuple[Segment, bytes]]] = {}
        again: dict[Pair, list[Segment]] = {}
        for key, seg in unique.items():
            hashed = digest(key)
            known = self._seen.get(hashed)
            if known is None:
                if _same(seg):
                    self._resolved(hashed, key, Outcome(SAME, seg.text), out)
                else:
                    new.setdefault((seg.source, seg.target), []).append((seg, hashed))
            elif known is _USABLE:
                if _same(seg):
                    out[key] = Outcome(SAME, seg.text)
                else:
                    again.setdefault((seg.source, seg.target), []).append(seg)
            else:
                assert isinstance(known, Outcome)
                out[key] = known
        for pair in {**new, **again}:
            self._pair(pair, new.get(pair, []), again.get(pair, []), out)
        return out

    def _pair(self, pair: Pair, new: list[tuple[Segment, bytes]], again: list[Segment],
              out: dict[Key, Outcome]) -> None:
        """One language pair's texts of a chunk: one memory lookup for the new texts and the
        usable ones seen before, then the engine for new texts the memory does not know."""
        source, target = pair
        memory = self.service.memory
        # (the new texts last: where two texts are one memory entry, Unicode forms of each
        # other, lookup_many answers for the later one, as it did for the whole catalogue)
        known = memory.lookup_many(source, target, [*(s.text for s in again),
                                                    *(s.text for s, _ in new)]) \
            if memory else {}
        for seg in again:
            text = known.get(seg.text)
            if text is None and memory:  # (shadowed by another form of it in the lookup)
                entry = memory.get(source, target, seg.text)
                text = entry.target_text if entry else None
            out[seg.key] = Outcome(MEMORY, text) if text is not None else Outcome(
                PENDING_STATUS, reason="no longer in the translation memory")
        rest: list[Segment] = []
        hashes: dict[Key, bytes] = {}
        for seg, hashed in new:
            if seg.text in known:
                self._resolved(hashed, seg.key, Outcome(MEMORY, known[seg.text]), out)
            else:
                rest.append(seg)
                hashes[seg.key] = hashed
        if not rest:
            return
        made = self.service._machine(source, target, rest, self.progress, self._failed)
        for seg in rest:
            self._resolved(hashes[seg.key], seg.key, made[seg.key], out)
        if memory and any(made[s.key].ok for s in rest):
            self._keep_unstored(source, target, [(s, h) for s, h in new if out[s.key].ok], out)

    def _resolved(self, hashed: bytes, key: Key, outcome: Outcome, out: dict[Key, Outcome]
                  ) -> None:
        """A new text's one resolution: counted, given, and remembered by its digest."""
        self.service.stats.add(outcome.status)
        out[key] = outcome
        if outcome.ok and (self.service.memory or outcome.status == SAME):
            self._seen[hashed] = _USABLE
        else:
            self._seen[hashed] = self._shared.setdefault(outcome, outcome)

    def _keep_unstored(self, source: str, target: str, usable: list[tuple[Segment, bytes]],
                       out: dict[Key, Outcome]) -> None:
        """After the engine's translations of a chunk went into the memory: the chunk's new
        usable texts whose translation the memory does not hold as given are kept whole, for
        a recurrence could not read it back (a ``human`` row without a translation refuses a
        machine one; two Unicode forms of one text share one row, the later write winning)."""
        memory = self.service.memory
        assert memory is not None
        stored = memory.lookup_many(source, target, [s.text for s, _ in usable])
        for seg, hashed in usable:
            if stored.get(seg.text) != out[seg.key].text:
                self._seen[hashed] = out[seg.key]
