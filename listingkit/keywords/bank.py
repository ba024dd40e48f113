"""Keyword lists: import tool exports, clean them, count words, pack a search-terms string.

Reads plain lists (one keyword per line) and the CSV exports of Helium 10 (Cerebro, Magnet),
Jungle Scout (Keyword Scout) and Data Dive, recognised by their headers; search volume is kept
when the export has it. Cleaning lower-cases, strips symbols and stop words, and merges
duplicates (keeping the highest volume). Packing fills a byte budget (Amazon counts UTF-8
bytes of the search terms) with unique words, most valuable first.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from listingkit.errors import InputError

#: tool id -> a header only that tool's export has (lower case)
TOOL_MARKERS = {"helium10-cerebro": ("cerebro iq score",), "helium10-magnet": ("magnet iq score",),
                "jungle-scout": ("exact match search volume", "broad match search volume",
                                 "jungle scout"),
                "data-dive": ("relevancy", "ranking juice", "rj score")}
KEYWORD_HEADERS = ("keyword phrase", "keyword", "keywords", "search term", "search terms",
                   "phrase", "search query")
_SYMBOLS = re.compile(r"[^\w\s\-'’]+")
_SPACES = re.compile(r"\s+")
_MARKS = re.compile("[®™©℠]")  # before NFKC, which would spell ™ as "TM"


@dataclass
class Entry:
    keyword: str
    volume: int | None = None
    sources: set[str] = field(default_factory=set)

    def to_dict(self) -> dict[str, Any]:
        return {"keyword": self.keyword, "volume": self.volume, "sources": sorted(self.sources)}


@dataclass
class Bank:
    entries: dict[str, Entry] = field(default_factory=dict)
    tools: set[str] = field(default_factory=set)

    def add(self, keyword: str, volume: int | None, source: str) -> None:
        entry = self.entries.setdefault(keyword, Entry(keyword))
        if volume is not None:
            entry.volume = max(volume, entry.volume or 0)
        entry.sources.add(source)

    def ranked(self) -> list[Entry]:
        return sorted(self.entries.values(), key=lambda e: (-(e.volume or 0), e.keyword))

    def word_counts(self) -> Counter[str]:
        """How many bank keywords use each word."""
        return Counter(w for e in self.entries.values() for w in dict.fromkeys(e.keyword.split()))

    def word_values(self) -> Counter[str]:
        """Each word's value: summed volume of the keywords using it (1 each without one)."""
        values: Counter[str] = Counter()
        for e in self.entries.values():
            for word in dict.fromkeys(e.keyword.split()):  # (in order: ties stay put)
                values[word] += e.volume if e.volume is not None else 1
        return values


def detect_tool(headers: list[str]) -> str:
    lowered = [h.strip().lower() for h in headers]
    for tool, markers in TOOL_MARKERS.items():
        if any(m in h for h in lowered for m in markers):
            return tool
    return "csv"


def clean(keyword: str, stop_words: frozenset[str]) -> str:
    """Lower-case, no symbols, no stop words, single spaces."""
    text = unicodedata.normalize("NFKC", _MARKS.sub(" ", keyword)).lower()
    text = _SYMBOLS.sub(" ", text)
    words = [w.strip("-'’") for w in _SPACES.split(text)]
    return " ".join(w for w in words if w and w not in stop_words)


def _volume(raw: str, path: Path, row: int, column: str) -> int | None:
    text = raw.strip().replace(",", "").replace(" ", "")
    if text in ("", "-", "n/a", "N/A", ">", "<"):
        return None
    text = text.lstrip("<>~≈")
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not 0 <= number < math.inf:  # (nan fails too)
        raise InputError(f"{path}:{row}: field {column!r}: not a search volume: {raw!r}")
    return int(text) if text.isdigit() else int(number)  # (digits: exact, however many)


def load(path: Path, bank: Bank, stop_words: frozenset[str], encoding: str | None = None
         ) -> None:
    """Add the keywords of one list or tool export to ``bank``."""
    from listingkit.catalogue.textio import read_text

    if not path.is_file():
        raise InputError(f"{path}: file not found")
    text = read_text(path, encoding)
    first = text.lstrip().split("\n", 1)[0].lower()
    header_like = any(h in first for h in KEYWORD_HEADERS) and ("," in first or "\t" in first)
    if not header_like:
        for number, line in enumerate(text.splitlines(), start=1):
            for part in line.split(",") if "," in line else [line]:
                keyword = clean(part, stop_words)
                if keyword:
                    bank.add(keyword, None, path.name)
        bank.tools.add("list")
        return
    dialect = "excel-tab" if "\t" in first and first.count("\t") >= first.count(",") else "excel"
    reader = csv.reader(io.StringIO(text.lstrip()), dialect=dialect)
    headers = next(reader)
    lowered = [h.strip().lower() for h in headers]
    tool = detect_tool(headers)
    col = next((lowered.index(h) for h in KEYWORD_HEADERS if h in lowered), None)
    if col is None:
        raise InputError(f"{path}:1: no keyword column (expected one of "
                         f"{', '.join(KEYWORD_HEADERS)})")
    volumes = [i for i, h in enumerate(lowered) if "search volume" in h or h == "volume"]
    volumes.sort(key=lambda i: ("exact" not in lowered[i], i))
    vol = volumes[0] if volumes else None
    bank.tools.add(tool)
    for number, row in enumerate(reader, start=2):
        if len(row) <= col or not row[col].strip():
            continue
        keyword = clean(row[col], stop_words)
        if not keyword:
            continue
        volume = _volume(row[vol], path, number, headers[vol]) if vol is not None and len(
            row) > vol else None
        bank.add(keyword, volume, tool)


def pack(bank: Bank, budget: int, separator: str = " ", exclude: set[str] | None = None
         ) -> str:
    """Unique words, most valuable first, within ``budget`` UTF-8 bytes."""
    exclude = exclude or set()
    out: list[str] = []
    used = 0
    for word, _value in sorted(bank.word_values().items(), key=lambda kv: (-kv[1], kv[0])):
        if word in exclude:
            continue
        cost = len(word.encode("utf-8")) + (len(separator.encode("utf-8")) if out else 0)
        if used + cost > budget:
            continue
        out.append(word)
        used += cost
    return separator.join(out)
