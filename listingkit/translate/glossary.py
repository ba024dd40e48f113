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
from collections.abc import Iterable
from dataclasses import dataclass

from listingkit.vocabulary import unit_id

_PLACEHOLDER = re.compile(r"⟦\s*(\d+)\s*⟧")
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")
_MEASURE = re.compile(r"(\d+(?:[.,]\d+)?)\s?([^\W\d_]{1,11}(?:\.?\s?[^\W\d_]{1,5}\.?)?|\")",
                      re.UNICODE)
#: HTML tags and character references (Shopify bodies): never sent as translatable text
_MARKUP = re.compile(r"<[^<>]{1,200}>|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,10});")
#: tokens with letters and digits (XR-200, A1234, 2B-45): model numbers, never translated
_MODEL = re.compile(r"(?<![\w⟦])(?=[\w-]*\d)(?=[\w-]*[^\W\d_])[^\W_][\w]*(?:-[\w]+)*(?![\w⟧])")


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
            for match in _MODEL.finditer(text):
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
