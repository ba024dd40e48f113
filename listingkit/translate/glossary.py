"""Do-not-translate protection: glossary terms become placeholders before machine translation
and are put back after it, with a check that nothing was lost on the way.

A term is replaced by ``⟦n⟧`` (mathematical white square brackets, which catalogue text does
not use); HTML tags and character references are protected the same way. After translation
every placeholder must come back exactly once (an engine that mangles them gets the segment
rejected, not silently repaired), every number of the source must still be there (``1.5`` may
become ``1,5``), and every measurement must keep its unit (``inch`` may become ``Zoll``, not
``cm``). Otherwise the segment is rejected with a reason, never written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from listingkit.vocabulary import unit_id

_PLACEHOLDER = re.compile(r"⟦\s*(\d+)\s*⟧")
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")
#: (?<!\d): no match starts inside a run of digits when none starts at its first digit (the
#: unit must follow the run's last digit), and trying each one was quadratic on long numbers
_MEASURE = re.compile(r"(?<!\d)(\d+(?:[.,]\d+)?)\s?([^\W\d_]{1,11}(?:\.?\s?[^\W\d_]{1,5}\.?)?|\")",
                      re.UNICODE)
#: HTML tags and character references (Shopify bodies): never sent as translatable text
_MARKUP = re.compile(r"<[^<>]{1,200}>|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,10});")
#: tokens with letters and digits (XR-200, A1234, 2B-45): model numbers, never translated.
#: A model starts a run of word characters and hyphens, or follows a hyphen in it, and the run
#: from there holds a digit and a letter (see _models; one regex with lookaheads for that,
#: "(?<![\w⟦])(?=[\w-]*\d)(?=[\w-]*[^\W\d_])" + _MODEL_BODY, read the run to its end from
#: every hyphen in it: quadratic on "1-1-1-...")
_MODEL_RUN = re.compile(r"[\w-]+")
_MODEL_BODY = re.compile(r"[^\W_][\w]*(?:-[\w]+)*(?![\w⟧])")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


class GlossaryViolation(Exception):
    """A translation lost or duplicated a protected term, a number or a unit."""


@dataclass(frozen=True)
class Protected:
    """Text with its glossary terms replaced by ``⟦0⟧``, ``⟦1⟧``, ... and what they stand for."""

    source: str
    text: str
    tokens: tuple[str, ...]


class Glossary:
    """Brands, model numbers and user terms that must come out of translation untouched."""

    def __init__(self, terms: Iterable[str] = (), protect_models: bool = True) -> None:
        unique = sorted({t.strip() for t in terms if t and t.strip()}, key=lambda t: (-len(t), t))
        self.terms = tuple(unique)
        self.protect_models = protect_models
        self._pattern = (re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in unique),
                                    re.IGNORECASE) if unique else None)

    def with_terms(self, extra: Iterable[str]) -> Glossary:
        """This glossary plus per-listing terms (its brand, model, MPN)."""
        more = [t for t in extra if t and t.strip()]
        return Glossary((*self.terms, *more), self.protect_models) if more else self

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where protected tokens sit in ``text`` (no overlaps, in order)."""
        found: list[tuple[int, int]] = []
        if self._pattern is not None:
            found.extend(m.span() for m in self._pattern.finditer(text))
        found.extend(m.span() for m in _MARKUP.finditer(text))
        if self.protect_models:
            for match in _models(text):
                if not _is_measure(match.group()):
                    found.append(match.span())
        found.sort()
        merged: list[tuple[int, int]] = []
        for start, end in found:
            if merged and start < merged[-1][1]:
                continue
            merged.append((start, end))
        return merged

    def protect(self, text: str) -> Protected:
        out: list[str] = []
        tokens: list[str] = []
        last = 0
        for start, end in self.spans(text):
            out.append(text[last:start])
            out.append(f"⟦{len(tokens)}⟧")
            tokens.append(text[start:end])
            last = end
        out.append(text[last:])
        return Protected(source=text, text="".join(out), tokens=tuple(tokens))

    def restore(self, translated: str, protected: Protected) -> str:
        """Put the terms back; GlossaryViolation when the translation is not safe to use."""
        seen = Counter(int(m.group(1)) for m in _PLACEHOLDER.finditer(translated))
        for index, token in enumerate(protected.tokens):
            if seen[index] != 1:
                what = "dropped" if seen[index] == 0 else f"repeated {seen[index]} times"
                raise GlossaryViolation(f"protected term {token!r} {what}")
        extra = sorted(set(seen) - set(range(len(protected.tokens))))
        if extra:
            raise GlossaryViolation(f"unknown placeholder ⟦{extra[0]}⟧ in the translation")
        restored = _PLACEHOLDER.sub(lambda m: protected.tokens[int(m.group(1))], translated)
        check_numbers(protected.source, restored)
        return restored


def _models(text: str) -> Iterator[re.Match[str]]:
    """The model numbers in ``text``, in order, as the one regex found them, in linear time."""
    for run in _MODEL_RUN.finditer(text):
        start, end = run.span()
        # a start after the run's last digit or last letter lacks it, as every later start does
        limit = start + min(_last(run.group(), _DIGIT), _last(run.group(), _LETTER))
        at = start if start == 0 or text[start - 1] != "⟦" else _after_hyphen(text, start, end)
        while 0 <= at <= limit:
            found = _MODEL_BODY.match(text, at)
            if found:
                yield found
                at = found.end()
            at = _after_hyphen(text, at, end)


def _after_hyphen(text: str, start: int, end: int) -> int:
    """The index after the first hyphen in ``text[start:end]``, else -1."""
    found = text.find("-", start, end)
    return found + 1 if found >= 0 else -1


def _last(run: str, pattern: re.Pattern[str]) -> int:
    """The index in ``run`` of the last match of a one-character ``pattern``, else -1."""
    found = pattern.search(run[::-1])
    return len(run) - 1 - found.start() if found else -1


def _is_measure(token: str) -> bool:
    match = re.fullmatch(r"\d+(?:[.,]\d+)?([^\W\d_]+)", token)
    return bool(match and unit_id(match.group(1)))


def _digits(text: str) -> Counter[str]:
    return Counter(re.sub(r"\D", "", n) for n in _NUMBER.findall(text))


def _units(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for _number, unit in _MEASURE.findall(text):
        ident = unit_id(unit) or unit_id(unit.split()[0].rstrip("."))
        if ident:
            found[ident] += 1
    return found


def check_numbers(source: str, target: str) -> None:
    """Every number and unit of ``source`` must be in ``target`` (separators may change)."""
    lost = _digits(source) - _digits(target)
    if lost:
        raise GlossaryViolation(f"number {next(iter(lost))!r} missing from the translation")
    lost_units = _units(source) - _units(target)
    if lost_units:
        raise GlossaryViolation(f"unit {next(iter(lost_units))} missing from the translation")
