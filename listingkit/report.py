"""Findings as text: pure functions from findings to the output formats of ``check``.

Each renderer gives its report's text in pieces, in order (a line, a finding's JSON, a test
case); :func:`render_parts` gathers them into parts to be written as they come, and
:func:`render` joins them: a report of 230k findings need not be one string in memory.

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
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import SimpleNamespace
from typing import Any

from listingkit.parts import Items, gathered, json_parts
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


def text(findings: Sequence[Finding], info: dict[str, Any], **_: Any) -> Iterator[str]:
    for f in findings:
        mark = " [*]" if f.fix and f.fix.safe else ""
        yield (f"{f.file}:{f.row}: {f.sku or '-'} {f.field or '-'} {f.code} "
               f"{f.message}{mark}\n")
    if findings:
        yield "\n"
    counts = ", ".join(f"{code} {n}" for code, n in info["by_code"].items())
    head = (f"{_plural(info['findings'], 'finding')} ({_plural(info['errors'], 'error')}, "
            f"{_plural(info['warnings'], 'warning')}, {_plural(info['infos'], 'info')}) in "
            f"{_plural(info['listings'], 'listing')} for {info['marketplace']}")
    yield head + (f": {counts}" if counts else "") + ".\n"
    safe = sum(1 for f in findings if f.fix and f.fix.safe)
    if info["fixed"]:
        yield f"Fixed {_plural(info['fixed'], 'problem')}.\n"
    if safe:
        yield f"{safe} marked [*] can be fixed with --fix.\n"
    if info["baselined"]:
        yield f"{info['baselined']} known finding(s) hidden by the baseline.\n"


def as_json(findings: Sequence[Finding], info: dict[str, Any], **_: Any) -> Iterator[str]:
    """The schema above, as ``json.dumps(indent=2)`` writes it: each finding's dict is made
    and encoded in turn, never a list of them all."""
    data = {"version": 1, "findings": Items(f.to_dict() for f in findings), "summary": info}
    yield from json_parts(data)
    yield "\n"


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def junit(findings: Sequence[Finding], info: dict[str, Any], **_: Any) -> Iterator[str]:
    """One test suite per file, one failing test case per finding (one passing case if clean).

    Written as ``ElementTree.tostring`` writes the whole tree (no whitespace between
    elements): each test case is built and written alone, between its suite's tags."""
    import xml.etree.ElementTree as ET

    clean = lambda s: _XML_BAD.sub("?", str(s))
    root = ET.Element("testsuites", name="listingkit check", tests=str(max(len(findings), 1)),
                      failures=str(len(findings)))
    yield _start_tag(root, declaration=True)
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    if not by_file:
        suite = ET.Element("testsuite", name="listingkit check", tests="1", failures="0",
                           errors="0")
        ET.SubElement(suite, "testcase", name=f"{info['listings']} listings clean",
                      classname="listingkit.check")
        yield ET.tostring(suite, encoding="unicode")
    for file, items in by_file.items():
        suite = ET.Element("testsuite", name=clean(file), tests=str(len(items)),
                           failures=str(len(items)), errors="0")
        yield _start_tag(suite)
        for f in items:
            case = ET.Element("testcase", classname=clean(file),
                              name=clean(f"{f.sku} {f.field or '-'} {f.code} {f.name}"))
            fail = ET.SubElement(case, "failure", message=clean(f.message), type=f.severity)
            fail.text = clean(f"{f.file}:{f.row}: {f.sku} {f.field} {f.code} {f.message}")
            yield ET.tostring(case, encoding="unicode")
        yield "</testsuite>"
    yield "</testsuites>\n"


def _start_tag(element: Any, declaration: bool = False) -> str:
    """``element``'s start tag (after the XML declaration, if asked) as ElementTree writes it
    in a tree: the element, childless, written with its end tag, less the end tag."""
    import xml.etree.ElementTree as ET

    whole = ET.tostring(element, encoding="unicode", xml_declaration=declaration,
                        short_empty_elements=False)
    return whole[:-len(f"</{element.tag}>")]


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding], info: dict[str, Any], **_: Any) -> Iterator[str]:
    """GitHub Actions workflow commands: ``::error file=...,line=...,title=...::message``."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    for f in findings:
        props = f"file={_gh_prop(f.file)}"
        if f.row:
            props += f",line={f.row}"
        props += f",title={_gh_prop(f'{f.code} {f.name}')}"
        yield (f"::{level[f.severity]} {props}::"
               f"{_gh_data(f'{f.sku} {f.field or chr(45)}: {f.message}')}\n")
    yield f"{info['findings']} findings in {info['listings']} listings\n"


def as_csv(findings: Sequence[Finding], info: dict[str, Any], **_: Any) -> Iterator[str]:
    from listingkit.catalogue.writer import escape_formula

    rows: list[str] = []
    writer = csv.writer(SimpleNamespace(write=rows.append), lineterminator="\r\n")
    writer.writerow(["file", "row", "sku", "field", "code", "name", "severity", "message",
                     "fix"])
    for f in findings:
        fix = "" if f.fix is None else ("safe" if f.fix.safe else "unsafe")
        writer.writerow([escape_formula(str(c)) for c in (
            f.file, f.row, f.sku, f.field, f.code, f.name, f.severity, f.message, fix)])
        yield from rows
        rows.clear()
    yield from rows


def sarif(findings: Sequence[Finding], info: dict[str, Any], **extra: Any) -> Iterator[str]:
    from listingkit.report_sarif import sarif_parts

    return sarif_parts(findings, extra.get("rules", {}))


RENDERERS: dict[str, Callable[..., Iterable[str]]] = {
    "text": text, "json": as_json, "junit": junit, "sarif": sarif, "github": github,
    "csv": as_csv}


def render(fmt: str, findings: Sequence[Finding], info: dict[str, Any], **extra: Any) -> str:
    """Render findings in ``fmt`` (one of :data:`FORMATS`), the whole report as one string."""
    return "".join(render_parts(fmt, findings, info, **extra))


def render_parts(fmt: str, findings: Sequence[Finding], info: dict[str, Any], **extra: Any
                 ) -> Iterator[str]:
    """:func:`render` in parts of about :data:`listingkit.parts.PART` characters, in order,
    to be written as they come: the report of 230k findings is never one string (nor a list
    of its lines, nor a dict per finding) in memory. The parts join to :func:`render`'s
    string, byte for byte."""
    return gathered(RENDERERS[fmt](findings, info, **extra))
