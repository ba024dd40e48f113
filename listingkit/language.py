"""Language identification with langdetect, seeded so every run gives the same answer.

langdetect is random by design; with a fixed seed its answers repeat. Detection is restricted
to the languages that are plausible for a store, and short strings are not judged at all: a
title of three words is too short to tell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

#: Fewer letters than this and we do not guess.
MIN_LETTERS = 20
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_CODE_MAP = {"zh-cn": "zh", "zh-tw": "zh"}


@dataclass(frozen=True)
class Guess:
    """The most likely language among the candidates, and its probability."""

    lang: str
    probability: float


@cache
def _factory_ready() -> bool:
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0
    return True


def detect(text: str, candidates: Iterable[str] | None = None) -> Guess | None:
    """Guess the language of ``text``; None when it is too short to judge.

    With ``candidates``, only those languages are considered (their probabilities are
    renormalised), so a German title is never called Afrikaans.
    """
    if len(_LETTERS.findall(text)) < MIN_LETTERS:
        return None
    _factory_ready()
    from langdetect import detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    try:
        ranked = detect_langs(text)
    except LangDetectException:
        return None
    if not ranked:
        return None
    allowed = set(candidates) if candidates else None
    scores: dict[str, float] = {}
    for item in ranked:
        code = _CODE_MAP.get(item.lang, item.lang)
        if allowed is None or code in allowed:
            scores[code] = scores.get(code, 0.0) + item.prob
    if not scores:  # none of the plausible languages: report the detector's own best guess
        top = ranked[0]
        return Guess(lang=_CODE_MAP.get(top.lang, top.lang), probability=top.prob)
    total = sum(scores.values())
    best = max(scores, key=lambda c: scores[c])
    return Guess(lang=best, probability=scores[best] / total)
