"""Language identification with langdetect, seeded so every run gives the same answer.

langdetect is random by design; with a fixed seed its answers repeat. Detection is restricted
to the languages that are plausible for a store (a detector is built with only their profiles,
which is also about three times faster than all 55), and short strings are not judged at all:
a title of three words is too short to tell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

#: Fewer letters than this and we do not guess.
MIN_LETTERS = 20
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_TO_PROFILES = {"zh": ("zh-cn", "zh-tw")}
_FROM_PROFILE = {"zh-cn": "zh", "zh-tw": "zh"}


@dataclass(frozen=True)
class Guess:
    """The most likely language among the candidates, and its probability."""

    lang: str
    probability: float


@cache
def _factory(candidates: frozenset[str] | None) -> Any:
    """A langdetect factory with the profiles of ``candidates`` (all when None), seeded."""
    from pathlib import Path

    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.seed = 0
    folder = Path(PROFILES_DIRECTORY)
    if candidates is None:
        factory.load_profile(str(folder))
        return factory
    names = [p for c in sorted(candidates) for p in _TO_PROFILES.get(c, (c,))
             if (folder / p).is_file()]
    if len(names) < 2:
        return None  # one language (or none) is not a question worth asking
    factory.load_json_profile([(folder / n).read_text(encoding="utf-8") for n in names])
    return factory


def detect(text: str, candidates: Iterable[str] | None = None) -> Guess | None:
    """Guess the language of ``text`` among ``candidates``; None when it cannot be judged.

    Too few letters, a single candidate or an undecidable string give None.
    """
    if len(_LETTERS.findall(text)) < MIN_LETTERS:
        return None
    factory = _factory(frozenset(candidates) if candidates is not None else None)
    if factory is None:
        return None
    from langdetect.lang_detect_exception import LangDetectException

    detector = factory.create()
    detector.append(text)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return None
    scores: dict[str, float] = {}
    for item in ranked:
        code = _FROM_PROFILE.get(item.lang, item.lang)
        scores[code] = scores.get(code, 0.0) + item.prob
    if not scores:
        return None
    best = max(scores, key=lambda c: scores[c])
    return Guess(lang=best, probability=scores[best])
