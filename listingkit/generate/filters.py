"""Template filters for listings, bound to one marketplace and language.

``term``        attribute value through the vocabulary (``"navy"|term("color")`` -> ``Marineblau``)
``number``      locale number formatting with Babel (``1.5`` -> ``1,5`` in German)
``measure``     ``"1.5 l"`` -> ``1,5 l`` (de) / ``1.5 L`` (en-US); imperial values are converted
                to metric where the market is metric; ``system="us"`` or ``"metric"`` forces it
``truncate_words``  cut at a word boundary at or under a limit (chars or UTF-8 bytes), never
                inside a protected token (brand, model number, glossary term)
``fit``         truncate_words to the marketplace's limit for a field
``fit_parts``   join parts (name, colour, size...) in order, leaving out any later part that
                would not fit whole: a title loses "navy blue" rather than end in "navy"
``unique_words``  each word once, minus the words of another field (search terms)
``capitalise``  per language: English title case where the spec asks for it (minor words low,
                acronyms and model numbers kept); other languages only capitalise the first
                letter; Japanese and Chinese are left alone
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from listingkit.errors import shown
from listingkit.translate.glossary import Glossary
from listingkit.vocabulary import concept, unit_id

#: to-metric conversions: CLDR unit -> (metric unit, factor)
TO_METRIC = {
    "length-inch": ("length-centimeter", 2.54), "length-foot": ("length-meter", 0.3048),
    "mass-ounce": ("mass-gram", 28.349523125), "mass-pound": ("mass-kilogram", 0.45359237),
    "volume-fluid-ounce": ("volume-milliliter", 29.5735295625),
    "volume-gallon": ("volume-liter", 3.785411784),
}
TO_US = {
    "length-centimeter": ("length-inch", 1 / 2.54), "length-millimeter": ("length-inch", 1 / 25.4),
    "length-meter": ("length-foot", 1 / 0.3048), "mass-gram": ("mass-ounce", 1 / 28.349523125),
    "mass-kilogram": ("mass-pound", 1 / 0.45359237),
    "volume-milliliter": ("volume-fluid-ounce", 1 / 29.5735295625),
    "volume-liter": ("volume-gallon", 1 / 3.785411784),
}
US_CUSTOMARY = {"US", "LR", "MM"}
#: A number and its unit, spaces around: _MEASURE_FORMER's matches in linear time (see
#: _measure_parts). Its lazy unit "(.+?)\s*$" read the rest of a run of spaces again at each
#: space in it (4 s on 40,000 spaces); "(.*\S|.)" ends at the last non-space character at once.
_MEASURE = re.compile(r"^\s*+(\d++(?:[.,]\d++)?+)\s*+(.*\S|.)\s*$")
_MEASURE_FORMER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(.+?)\s*$")
_MEASURE_HEAD = re.compile(r"^\s*+\d++(?:[.,]\d++)?+\s*+")
_EN_MINOR = frozenset([
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "at", "by", "in", "of",
    "on", "to", "up", "as", "with", "from", "per", "via", "vs", "into", "onto", "over"])
_UNIT_AFTER_NUMBER = re.compile(r"\d\s?((?:fl\.? oz\.?)|[^\W\d_]+)")
_NO_SPACES = frozenset({"ja", "zh", "th"})
_TRAILING = " ,;:-–—/|·、"


class FilterError(ValueError):
    """A filter got a value it cannot use; the message says which and why."""


@dataclass
class Filters:
    """The filters for one (marketplace, language); ``notes`` collects untranslatable values."""

    lang: str
    locale: Any
    system: str  # "metric" or "us"
    limits: dict[str, tuple[int, str]]
    capitalisation: dict[str, str]
    glossary: Glossary
    notes: list[str] = field(default_factory=list)

    def table(self) -> dict[str, Callable[..., Any]]:
        return {"term": self.term, "number": self.number, "measure": self.measure,
                "truncate_words": self.truncate_words, "fit": self.fit,
                "capitalise": self.capitalise, "unique_words": self.unique_words,
                "fit_parts": self.fit_parts}

    def term(self, value: Any, name: str) -> str:
        text = str(value)
        found = concept(name).translate(text, self.lang)
        if found is None:
            self.notes.append(f"{name} {shown(text)} is not in the {self.lang} vocabulary")
            return text
        return found

    def number(self, value: Any, digits: int | None = None) -> str:
        from babel.numbers import format_decimal

        number = _to_float(value)
        if digits is not None:
            number = round(number, digits)
        return _plain(str(format_decimal(number, locale=self.locale)))

    def measure(self, value: Any, unit: str | None = None, system: str | None = None,
                length: Literal["short", "long", "narrow"] = "short", strict: bool = True) -> str:
        """``strict=False`` returns a value it cannot read unchanged instead of failing."""
        from babel.units import format_unit

        match = _measure_parts(str(value)) if unit is None else None
        if unit is None and match:
            number, unit = _to_float(match[0]), match[1]
        elif unit is not None:
            number = _to_float(value)
        ident = unit_id(unit) if unit else None
        if ident is None:
            if not strict:
                return str(value)
            raise FilterError(f"measure: {shown(value)} is not a number with a known unit "
                              "(see lexicons/shared/unit.tsv)")
        wanted = system or self.system
        table = TO_METRIC if wanted == "metric" else TO_US if system == "us" else {}
        if ident in table:
            ident, factor = table[ident]
            number = _significant(number * factor, 3)
        if number == int(number):
            number = int(number)
        return _plain(str(format_unit(number, ident, length=length, locale=self.locale)))

    def truncate_words(self, value: Any, limit: int, unit: str = "chars") -> str:
        text = re.sub(r"[ \t]+", " ", str(value)).strip()
        size = _sizer(unit)
        if size(text) <= limit:
            return text
        spans = self.glossary.spans(text)
        inside = {i for start, end in spans for i in range(start + 1, end)}
        every_char = self.lang in _NO_SPACES
        best, used = 0, 0
        for i, char in enumerate(text, 1):
            used += size(char)
            if used > limit:
                break
            boundary = i == len(text) or text[i].isspace() or every_char or text[i] in "、。,"
            if boundary and i not in inside:
                best = i
        return text[:best].rstrip(_TRAILING)

    def fit(self, text: Any, name: str) -> str:
        limit = self.limits.get(name)
        return self.truncate_words(text, *limit) if limit else str(text)

    def fit_parts(self, parts: Any, name: str, sep: str = ", ") -> str:
        items = [str(p) for p in parts if p and str(p).strip()]
        if not items:
            return ""
        limit = self.limits.get(name)
        if limit is None:
            return sep.join(items)
        size = _sizer(limit[1])
        out = self.truncate_words(items[0], *limit)
        for item in items[1:]:
            if size(out + sep + item) <= limit[0]:
                out += sep + item
        return out

    def capitalise(self, value: Any, style: str | None = None, name: str = "title") -> str:
        text = str(value)
        style = style or self.capitalisation.get(name, "sentence")
        if not text or style == "none" or self.lang in _NO_SPACES:
            return text
        if style == "title" and self.lang == "en":
            return self._title_case(text)
        return text[0].upper() + text[1:]

    def unique_words(self, text: Any, exclude: Any = "") -> str:
        """Words of ``text`` once each, in order, leaving out those in ``exclude`` (search
        terms need not repeat the title: Amazon indexes both)."""
        skip = {w.casefold() for w in str(exclude).split()}
        seen: dict[str, str] = {}
        for word in str(text).split():
            key = word.casefold()
            if key not in skip and key not in seen:
                seen[key] = word
        return " ".join(seen.values())

    def _title_case(self, text: str) -> str:
        protected = {i for start, end in self.glossary.spans(text) for i in range(start, end)}
        for match in _UNIT_AFTER_NUMBER.finditer(text):  # "16 fl oz" stays as written
            if unit_id(match.group(1)):
                protected.update(range(match.start(1), match.end(1)))
        out, position = [], 0
        for index, word in enumerate(re.split(r"(\s+)", text)):
            start = position
            position += len(word)
            kept = start in protected or any(c.isupper() for c in word[1:]) \
                or any(c.isdigit() for c in word)
            if not word or word.isspace() or kept:
                out.append(word)
            elif index > 0 and word.lower() in _EN_MINOR:
                out.append(word.lower())
            else:
                out.append(word[0].upper() + word[1:])
        return "".join(out)


def _measure_parts(text: str) -> tuple[str, str] | None:
    """(number, unit) as _MEASURE_FORMER reads them, else None.

    _MEASURE is that regex without going back: where it fails, the former went back only
    when nothing but spaces follows the number (it then took one space, or the number's last
    digit, for the unit), which it does at little cost; else a line break before the unit's end
    made it fail at every shorter number and space too."""
    found = _MEASURE.match(text)
    if found is None and (head := _MEASURE_HEAD.match(text)) and head.end() == len(text):
        found = _MEASURE_FORMER.match(text)
    return (found.group(1), found.group(2)) if found else None


def _plain(text: str) -> str:
    """CLDR's no-break spaces as plain spaces: marketplaces count and index them oddly."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _to_float(value: Any) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise FilterError(f"{shown(value)} is not a number") from None


def _significant(value: float, digits: int) -> float:
    if value == 0:
        return 0.0
    return round(value, max(0, digits - 1 - math.floor(math.log10(abs(value)))))


def _sizer(unit: str) -> Callable[[str], int]:
    if unit == "bytes":
        return lambda s: len(s.encode("utf-8"))
    if unit == "chars":
        return len
    raise FilterError(f"truncate_words: unit must be 'chars' or 'bytes', not {unit!r}")


def market_system(marketplace: Any) -> str:
    """``metric`` unless the spec says ``units.system`` or the store's country is US customary."""
    system = marketplace.value("units.system", None)
    if system:
        return str(system)
    return "us" if str(marketplace.data.get("country", "")).upper() in US_CUSTOMARY else "metric"
