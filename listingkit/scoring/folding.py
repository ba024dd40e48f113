"""Word parts, the normalised form keywords and titles are matched in: case, hyphens and
spaces ("Leak-Proof", "leak proof", "leakproof"), and the plural of each word.

Words repeat across a catalogue, so each one's parts are worked out once per run
(:func:`word_parts`); keywords' parts are cached too (banks are small).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from typing import Any

from listingkit.scoring.bank import words

_PARTS = re.compile(r"[-‐‑–'’.]+")
MAX_SPAN = 6


@lru_cache(maxsize=65536)
def fold(part: str) -> str:
    """One word part, lower case, plural folded to singular ("bottles" -> "bottle")."""
    part = part.lower()
    if len(part) > 3 and part.isalpha() and part.endswith("s") and not part.endswith(("ss", "us",
                                                                                     "is")):
        return part[:-1]
    return part


def parts(text: str) -> list[str]:
    """The folded word parts of ``text``: hyphenated words split ("leak-proof" -> leak, proof)."""
    return word_parts(words(text))


#: word -> its folded parts (words repeat across a catalogue; cleared when full)
_PARTS_OF: dict[str, tuple[str, ...]] = {}
_MAX_WORDS = 200_000


def word_parts(ws: list[str]) -> list[str]:
    """:func:`parts` of words already split by :func:`~listingkit.scoring.bank.words`."""
    known = _PARTS_OF
    try:
        return list(chain.from_iterable(map(known.__getitem__, ws)))
    except KeyError:
        if len(known) >= _MAX_WORDS:
            known.clear()
        for w in ws:
            if w not in known:
                known[w] = tuple(fold(p) for p in _PARTS.split(w) if p)
        return list(chain.from_iterable(map(known.__getitem__, ws)))


@lru_cache(maxsize=65536)
def term_parts(text: str) -> tuple[str, ...]:
    """:func:`parts` of a keyword or one of its forms (cached: banks are small)."""
    return tuple(parts(text))


@lru_cache(maxsize=65536)
def squashed(text: str) -> str:
    """A keyword form's parts run together: "Leak-Proof" and "leak proof" -> "leakproof"."""
    return "".join(term_parts(text))


def has_digit(term: Any) -> bool:
    return any(c.isdigit() for c in term.text)


class Words:
    """A text's folded parts and every run of them squashed together, so "Leak-Proof",
    "leak proof" and "leakproof" are the same phrase."""

    __slots__ = ("_spans", "longest", "parts", "set")

    def __init__(self, *texts: str, leave_out: frozenset[str] = frozenset(),
                 longest: int = MAX_SPAN) -> None:
        self.parts = [p for text in texts if text for p in parts(text) if p not in leave_out]
        self.set = frozenset(self.parts)
        self.longest = longest  # the longest phrase (in parts) that will be looked up
        self._spans: frozenset[str] | None = None

    @property
    def spans(self) -> frozenset[str]:
        """Every run of up to ``longest`` parts, squashed (built on first use)."""
        if self._spans is None:
            ps, n = self.parts, self.longest
            self._spans = frozenset(ps) if n == 1 else frozenset(
                "".join(ps[i:j]) for i in range(len(ps)) for j in range(i + 1, min(i + n, len(ps)) + 1))
        return self._spans

    def has(self, term: Any) -> bool:
        """Any form of ``term`` (its text, variants, lemma, plural) appears as a phrase."""
        spans = self.spans
        return any(squashed(form) in spans for form in term.forms)

    def overlaps(self, term: Any) -> bool:
        """Any word of ``term`` is here (the conservative test before adding it)."""
        return any(p in self.set for p in term_parts(term.text))
