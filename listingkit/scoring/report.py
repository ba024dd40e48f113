"""Rendering scores as a table, CSV or JSON."""

from __future__ import annotations

import csv
import statistics
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from types import SimpleNamespace
from typing import Any

from listingkit.parts import Items, gathered, json_parts
from listingkit.scoring.engine import ListingScore
from listingkit.scoring.policy import CRITERIA

FORMATS = ("table", "csv", "json")
SHORT = {"compliance": "COMPL", "length": "LEN", "front_loading": "FRONT", "keywords": "KW",
         "stuffing": "STUFF", "capitalisation": "CAPS", "attributes": "ATTR", "language": "LANG"}


def _escape(value: Any) -> Any:
    from listingkit.catalogue.writer import escape_formula

    return escape_formula(value) if isinstance(value, str) else value


#: lines of a report given out together by :func:`render_parts`
LINES = 512


class Shape:
    """What the table needs of every result before it writes the first (the SKU column's
    width, whether there is a rank column) and after the last (the scores' summary), added
    up as the results come: so results kept on disk are read once."""

    def __init__(self, results: Iterable[ListingScore] = ()) -> None:
        self.widest, self.ranked = 3, False
        self.scores = array("d")  # (8 bytes a score, not a float object each)
        for result in results:
            self.add(result)

    def add(self, result: ListingScore) -> None:
        self.widest = max(self.widest, len(result.sku))
        self.ranked = self.ranked or bool(result.rank)
        self.scores.append(result.score)

    @property
    def width(self) -> int:
        return min(self.widest, 24)


def render(results: Sequence[ListingScore], fmt: str, policy: Any, bank_source: str,
           suggestions: int = 3) -> str:
    return "".join(render_parts(results, fmt, policy, bank_source, suggestions))


def render_parts(results: Iterable[ListingScore], fmt: str, policy: Any, bank_source: str,
                 suggestions: int = 3, shape: Shape | None = None) -> Iterator[str]:
    """:func:`render` in parts, in order, to be written as they come: a report of 100k
    listings is never one string (nor a list of its lines) in memory. ``results`` are read
    once when ``shape`` is given (:class:`Shape`, of the same results), else twice."""
    if fmt == "json":
        # (what json.dumps(data, indent=2, ensure_ascii=False) writes, each listing's dict
        # made and encoded in turn, gathered into parts)
        data = {"platform": policy.market_id, "keyword_bank": bank_source or None,
                "weights": policy.weights, "listings": Items(r.to_dict() for r in results)}
        return gathered(chain(json_parts(data), ["\n"]))
    if fmt == "csv":
        return _csv(results)
    return _table(results, policy, bank_source, suggestions, shape or Shape(results))


def _csv(results: Iterable[ListingScore]) -> Iterator[str]:
    lines: list[str] = []
    writer = csv.writer(SimpleNamespace(write=lines.append), lineterminator="\n")
    writer.writerow(("sku", "score", "rank", "of", *CRITERIA, "suggestions"))
    for r in results:
        points = {c.name: (round(c.points, 1) if c.max else "") for c in r.criteria}
        writer.writerow([_escape(v) for v in (
            r.sku, round(r.score, 1), r.rank[0] if r.rank else "", r.rank[1] if r.rank else "",
            *(points[n] for n in CRITERIA),
            " | ".join(f"{s.action} (+{s.gain:.1f})" for s in r.suggestions))])
        if len(lines) >= LINES:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines)


def _table(results: Iterable[ListingScore], policy: Any, bank_source: str,
           suggestions: int, shape: Shape) -> Iterator[str]:
    width, ranked = shape.width, shape.ranked
    head = f"{'SKU':<{width}}  {'SCORE':>5}" + ("  RANK   " if ranked else "")
    head += "  " + " ".join(f"{SHORT[n]:>5}" for n in CRITERIA)
    lines = [head]
    other = 0
    for r in results:
        row = f"{r.sku[:width]:<{width}}  {r.score:5.1f}"
        if ranked:
            rank = f"{r.rank[0]}/{r.rank[1]}" if r.rank else "-"
            row += f"  {rank:<7}"
        cells = {c.name: (f"{c.points:5.1f}" if c.max else "    -") for c in r.criteria}
        row += "  " + " ".join(cells[n] for n in CRITERIA)
        if r.capped:
            row += "  (capped: check errors)"
        lines.append(row)
        keywords = next((c for c in r.criteria if c.name == "keywords"), None)
        if bank_source and keywords is not None and not keywords.max:
            other += 1  # the bank is for another product type: say so, suggest nothing
            lines.append(f"{'':<{width}}     KW -  {keywords.detail}")
        for s in r.suggestions[:suggestions]:
            lines.append(f"{'':<{width}}  +{s.gain:4.1f}  {s.action}")
        if len(lines) >= LINES:
            yield "\n".join(lines) + "\n"
            lines.clear()
    weights = ", ".join(f"{n} {policy.weights.get(n, 0):g}" for n in CRITERIA)
    lines.append(f"weights ({policy.market_id}): {weights}; a check error caps the score at "
                 f"{policy.p('error_cap')}; '-' = does not apply")
    lines.append(f"keyword bank: {bank_source or 'none (keyword criteria do not apply)'}"
                 + (f" (does not apply to {other}: another product type)" if other else ""))
    if shape.scores:
        scores = shape.scores
        lines.append(f"{len(scores)} listing{'s' * (len(scores) != 1)}: mean "
                     f"{statistics.fmean(scores):.1f}, median {statistics.median(scores):.1f}, "
                     f"min {min(scores):.1f}, max {max(scores):.1f}")
    yield "\n".join(lines) + "\n"
