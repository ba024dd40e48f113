"""Findings as text: pure functions from findings to the output formats of ``check``.

Formats: ``text`` (``file:row: SKU field CODE message``, then a summary), ``json`` (the stable
schema below), ``junit``, ``sarif`` (2.1.0, see :mod:`listingkit.report_sarif`), ``github``
(workflow annotations) and ``csv``.

JSON schema, version 1::

    {"version": 1,
     "findings": [{"file", "row", "sku", "field", "code", "name", "severity", "message",
                   "fix": null | {"applicability": "safe"|"unsafe", "description", "field"},
                   "source": null | url of the marketplace fact}],
     "summary": {"marketplace", "listings", "findings", "errors", "warnings", "infos",
                 "fixable", "fixed", "baselined", "fail_on", "failed",
                 "by_code": {code: count}}}
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from listingkit.rules.base import RANK, Finding

FORMATS = ("text", "json", "junit", "sarif", "github", "csv")


def summary(findings: Sequence[Finding], listings: int, marketplace: str, fail_on: str,
            fixed: int = 0, baselined: int = 0) -> dict[str, Any]:
    """The summary block every format shares."""
    severities = Counter(f.severity for f in findings)
    return {
        "marketplace": marketplace, "listings": listings, "findings": len(findings),
        "errors": severities["error"], "warnings": severities["warning"],
        "infos": severities["info"], "fixable": sum(1 for f in findings if f.fix),
        "fixed": fixed, "baselined": baselined, "fail_on": fail_on,
        "failed": any(RANK[f.severity] >= RANK[fail_on] for f in findings),
        "by_code": dict(sorted(Counter(f.code for f in findings).items())),
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def text(findings: Sequence[Finding], info: dict[str, Any], **_: Any) -> str:
    lines = []
    for f in findings:
        mark = " [*]" if f.fix and f.fix.safe else ""
        lines.append(f"{f.file}:{f.row}: {f.sku or '-'} {f.field or '-'} {f.code} "
                     f"{f.message}{mark}")
    if lines:
        lines.append("")
    counts = ", ".join(f"{code} {n}" for code, n in info["by_code"].items())
    head = (f"{_plural(info['findings'], 'finding')} ({_plural(info['errors'], 'error')}, "
            f"{_plural(info['warnings'], 'warning')}, {_plural(info['infos'], 'info')}) in "
            f"{_plural(info['listings'], 'listing')} for {info['marketplace']}")
    lines.append(head + (f": {counts}" if counts else "") + ".")
    safe = sum(1 for f in findings if f.fix and f.fix.safe)
    if info["fixed"]:
        lines.append(f"Fixed {_plural(info['fixed'], 'problem')}.")
    if safe:
        lines.append(f"{safe} marked [*] can be fixed with --fix.")
    if info["baselined"]:
        lines.append(f"{info['baselined']} known finding(s) hidden by the baseline.")
    return "\n".join(lines) + "\n"


def as_json(findings: Sequence[Finding], info: dict[str, Any], **_: Any) -> str:
    data = {"version": 1, "findings": [f.to_dict() for f in findings], "summary": info}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def junit(findings: Sequence[Finding], info: dict[str, Any], **_: Any) -> str:
    """One test suite per file, one failing test case per finding (one passing case if clean)."""
    import xml.etree.ElementTree as ET

    clean = lambda s: _XML_BAD.sub("?", str(s))
    root = ET.Element("testsuites", name="listingkit check", tests=str(max(len(findings), 1)),
                      failures=str(len(findings)))
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    if not by_file:
        suite = ET.SubElement(root, "testsuite", name="listingkit check", tests="1",
                              failures="0", errors="0")
        ET.SubElement(suite, "testcase", name=f"{info['listings']} listings clean",
                      classname="listingkit.check")
    for file, items in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=clean(file), tests=str(len(items)),
                              failures=str(len(items)), errors="0")
        for f in items:
            case = ET.SubElement(suite, "testcase", classname=clean(file),
                                 name=clean(f"{f.sku} {f.field or '-'} {f.code} {f.name}"))
            fail = ET.SubElement(case, "failure", message=clean(f.message), type=f.severity)
            fail.text = clean(f"{f.file}:{f.row}: {f.sku} {f.field} {f.code} {f.message}")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding], info: dict[str, Any], **_: Any) -> str:
    """GitHub Actions workflow commands: ``::error file=...,line=...,title=...::message``."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in findings:
        props = f"file={_gh_prop(f.file)}"
        if f.row:
            props += f",line={f.row}"
        props += f",title={_gh_prop(f'{f.code} {f.name}')}"
        lines.append(f"::{level[f.severity]} {props}::"
                     f"{_gh_data(f'{f.sku} {f.field or chr(45)}: {f.message}')}")
    lines.append(f"{info['findings']} findings in {info['listings']} listings")
    return "\n".join(lines) + "\n"


def as_csv(findings: Sequence[Finding], info: dict[str, Any], **_: Any) -> str:
    from listingkit.catalogue.writer import escape_formula

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["file", "row", "sku", "field", "code", "name", "severity", "message",
                     "fix"])
    for f in findings:
        fix = "" if f.fix is None else ("safe" if f.fix.safe else "unsafe")
        writer.writerow([escape_formula(str(c)) for c in (
            f.file, f.row, f.sku, f.field, f.code, f.name, f.severity, f.message, fix)])
    return out.getvalue()


def sarif(findings: Sequence[Finding], info: dict[str, Any], **extra: Any) -> str:
    from listingkit.report_sarif import sarif_log

    return json.dumps(sarif_log(findings, extra.get("rules", {})), ensure_ascii=False,
                      indent=2) + "\n"


RENDERERS: dict[str, Callable[..., str]] = {
    "text": text, "json": as_json, "junit": junit, "sarif": sarif, "github": github,
    "csv": as_csv}


def render(fmt: str, findings: Sequence[Finding], info: dict[str, Any], **extra: Any) -> str:
    """Render findings in ``fmt`` (one of :data:`FORMATS`)."""
    return RENDERERS[fmt](findings, info, **extra)
