"""Rendering keyword rankings, gaps and keyword banks as table, CSV or JSON text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from listingkit.keywords.bank import Bank
from listingkit.keywords.gap import GapRow
from listingkit.keywords.ranking import Keyword, Ranking

FORMATS = ("table", "csv", "json")
CSV_COLUMNS = ("group", "rank", "term", "kind", "root", "variants", "competitors", "share",
               "title", "bullets", "description", "specificity", "score", "in_brand_names",
               "recommended")


def _escape(value: Any) -> Any:
    from listingkit.catalogue.writer import escape_formula

    return escape_formula(value) if isinstance(value, str) else value


def _keyword_rows(ranking: Ranking) -> list[dict[str, Any]]:
    rows = [dict(k.to_dict(), recommended=True) for k in ranking.keywords]
    return rows + [dict(k.to_dict(), recommended=False) for k in ranking.brands] + [
        dict(k.to_dict(), kind="prohibited", recommended=False) for k in ranking.prohibited]


def rankings(results: Mapping[str | None, Ranking], fmt: str) -> str:
    """Keyword rankings; ``None`` as the only key means no grouping."""
    grouped = list(results) != [None]
    if fmt == "json":
        if not grouped:
            data: Any = _keyword_rows(results[None])
        else:
            data = {group: _keyword_rows(r) for group, r in results.items()}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for group, ranking in results.items():
            for number, row in enumerate(_keyword_rows(ranking), start=1):
                writer.writerow([_escape(v) for v in (
                    group or "", number if row["recommended"] else "", row["term"],
                    row["kind"], row["root"], "|".join(row["variants"]),
                    row["competitors"]["count"], row["competitors"]["share"],
                    row["placement"]["title"], row["placement"]["bullets"],
                    row["placement"]["description"], row["specificity"], row["score"],
                    row["in_brand_names"], "yes" if row["recommended"] else "no")])
        return out.getvalue()
    parts = []
    for group, ranking in results.items():
        if grouped:
            parts.append(f"== {group or '(no value)'} ==")
        parts.append(_table(ranking))
    return "\n".join(parts)


def _table(ranking: Ranking) -> str:
    n = ranking.competitors
    lines = [f"{n} competitor listing{'s' * (n != 1)}"]
    if not ranking.keywords:
        lines.append("no keyword is used by enough competitors")
    else:
        width = max(len(k.term) for k in ranking.keywords)
        width = max(min(width, 40), 4)
        lines.append(f"{'#':>3}  {'TERM':<{width}}  {'KIND':<12} {'USED BY':>11}  "
                     f"{'TITLE':>5} {'BULLETS':>7} {'DESCR':>5}  {'SCORE':>6}")
        for i, k in enumerate(ranking.keywords, start=1):
            used = f"{k.competitors} ({k.share:.0%})"
            lines.append(f"{i:>3}  {k.term[:40]:<{width}}  {k.kind:<12} {used:>11}  "
                         f"{k.placement['title']:>5} {k.placement['bullets']:>7} "
                         f"{k.placement['description']:>5}  {k.score:6.3f}")
    if ranking.brands:
        lines.append("competitor brands (never recommended): "
                     + ", ".join(f"{k.term} ({k.competitors})" for k in ranking.brands))
    if ranking.prohibited:
        lines.append("wording the marketplace prohibits in titles (never recommended): "
                     + ", ".join(f"{k.term} ({k.competitors})" for k in ranking.prohibited))
    return "\n".join(lines) + "\n"


def gap_report(results: Mapping[str | None, Mapping[str, list[GapRow]]], fmt: str) -> str:
    """Gap rows per group (``None``: no grouping) and per SKU of my listings."""
    grouped = list(results) != [None]
    if fmt == "json":
        data: Any = {g: {sku: [r.to_dict() for r in rows] for sku, rows in by_sku.items()}
                     for g, by_sku in results.items()}
        return json.dumps(data if grouped else data[None], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("group", "sku", "term", "kind", "score", "missing", "found_in",
                         "yours"))
        for group, by_sku in results.items():
            for sku, rows in by_sku.items():
                for r in rows:
                    writer.writerow([_escape(v) for v in (
                        group or "", sku, r.keyword.term, r.keyword.kind,
                        round(r.keyword.score, 4), "yes" if r.missing else "no",
                        "|".join(r.found_in), r.yours)])
        return out.getvalue()
    lines = []
    for group, by_sku in results.items():
        for sku, rows in by_sku.items():
            missing = sum(r.missing for r in rows)
            head = f"{sku}" + (f"  [{group}]" if grouped else "")
            lines.append(f"{head}: lacks {missing} of the top {len(rows)} keywords")
            for r in rows:
                where = ", ".join(r.found_in) if r.found_in else \
                    f"yours: {r.yours}" if r.yours else "MISSING"
                lines.append(f"  {r.keyword.term:<30} {where}")
    return "\n".join(lines) + "\n"


def bank_report(bank: Bank, packed: str | None, budget: int | None, fmt: str,
                top_words: int = 20) -> str:
    """The cleaned keyword bank, its word counts and the packed search-terms string."""
    entries = bank.ranked()
    counts = bank.word_counts()
    if fmt == "json":
        return json.dumps({"tools": sorted(bank.tools), "keywords": [e.to_dict() for e in entries],
                           "words": dict(counts.most_common()),
                           "search_terms": packed, "budget_bytes": budget,
                           "bytes": len(packed.encode("utf-8")) if packed is not None else None},
                          indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("keyword", "volume", "sources"))
        for e in entries:
            writer.writerow([_escape(e.keyword), "" if e.volume is None else e.volume,
                             "|".join(sorted(e.sources))])
        return out.getvalue()
    lines = [f"{len(entries)} keywords from {', '.join(sorted(bank.tools)) or 'nothing'}"]
    if entries:
        width = min(max(len(e.keyword) for e in entries), 50)
        lines.append(f"  {'KEYWORD':<{width}}  {'VOLUME':>9}")
        lines += [f"  {e.keyword[:50]:<{width}}  {'-' if e.volume is None else e.volume:>9}"
                  for e in entries]
    lines.append("top words: " + ", ".join(f"{w} ({n})" for w, n in
                                           counts.most_common(top_words)))
    if packed is not None:
        lines.append(f"search terms ({len(packed.encode('utf-8'))}/{budget} bytes):")
        lines.append(packed)
    return "\n".join(lines) + "\n"


__all__ = ["FORMATS", "Keyword", "bank_report", "gap_report", "rankings"]
