"""SARIF 2.1.0 output, for GitHub code scanning and other static-analysis dashboards."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from listingkit import __version__
from listingkit.parts import Items, json_parts
from listingkit.rules.base import Finding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(file: str) -> str:
    path = Path(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix())  # a valid uri-reference even with spaces or #


def sarif_log(findings: Sequence[Finding], rules: Mapping[str, Mapping[str, Any]]
              ) -> dict[str, Any]:
    """A SARIF log with one run. ``rules`` maps code -> {name, summary, help, severity, url}."""
    descriptors, index = rule_descriptors(findings, rules)
    return _log(descriptors, [result(f, index) for f in findings])


def sarif_parts(findings: Sequence[Finding], rules: Mapping[str, Mapping[str, Any]]
                ) -> Iterator[str]:
    """``json.dumps(sarif_log(...), ensure_ascii=False, indent=2) + "\\n"`` in pieces: each
    result is made and encoded in turn, never a list of them all."""
    descriptors, index = rule_descriptors(findings, rules)
    yield from json_parts(_log(descriptors, Items(result(f, index) for f in findings)))
    yield "\n"


def rule_descriptors(findings: Sequence[Finding], rules: Mapping[str, Mapping[str, Any]]
                     ) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The run's rules (those given and those the findings name, by code) and each one's
    index in that list."""
    used = sorted({f.code for f in findings} | set(rules))
    index = {code: i for i, code in enumerate(used)}
    descriptors = []
    for code in used:
        meta = rules.get(code, {})
        descriptor: dict[str, Any] = {
            "id": code,
            "name": meta.get("name", code),
            "shortDescription": {"text": meta.get("summary") or code},
            "defaultConfiguration": {"level": LEVELS.get(meta.get("severity", "warning"),
                                                         "warning")},
        }
        if meta.get("help"):
            descriptor["help"] = {"text": meta["help"]}
        if meta.get("url"):
            descriptor["helpUri"] = meta["url"]
        descriptors.append(descriptor)
    return descriptors, index


def result(f: Finding, index: Mapping[str, int]) -> dict[str, Any]:
    """One finding as a SARIF result."""
    location: dict[str, Any] = {"physicalLocation": {
        "artifactLocation": {"uri": _uri(f.file)}}}
    if f.row > 0:
        location["physicalLocation"]["region"] = {"startLine": f.row}
    location["logicalLocations"] = [{"name": f.sku or "-", "kind": "object",
                                     "fullyQualifiedName": f"{f.sku}.{f.field}"}]
    digest = hashlib.sha256("\x1f".join(f.fingerprint()).encode("utf-8")).hexdigest()
    out: dict[str, Any] = {
        "ruleId": f.code, "ruleIndex": index[f.code], "level": LEVELS[f.severity],
        "message": {"text": f"{f.sku} {f.field or '-'}: {f.message}"},
        "locations": [location],
        "partialFingerprints": {"listingkitFinding/v1": digest[:32]},
        "properties": {"sku": f.sku, "field": f.field, "name": f.name},
    }
    if f.fix is not None:
        out["properties"]["fix"] = "safe" if f.fix.safe else "unsafe"
    return out


def _log(descriptors: list[dict[str, Any]], results: list[dict[str, Any]] | Items
         ) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "listingkit", "version": __version__,
                                "informationUri": "https://example.invalid/listingkit",
                                "rules": descriptors}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
