"""``check`` writes its report in parts: the same bytes as the whole report, never one string.

The exact bytes of each format are pinned in ``test_check_report_bytes.py``; here the formats
built by a library (JSON and SARIF by ``json.dumps``, JUnit by ElementTree) are compared with
that library writing the whole report at once, on arbitrary findings.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listingkit import report
from listingkit.parts import PART
from listingkit.report_sarif import sarif_log
from listingkit.rules.base import Finding, Fix

TEXT = st.one_of(st.text(max_size=30), st.sampled_from(
    ['"', "'", "\n", "\r\n", "\n    ", "\t", "\x01\x0b", "]]>", "<&>", "%0A", ":,", "=1+1",
     "🔥", "表", "\u2028", "\ufffe", ""]))
FIXES = st.one_of(st.none(), st.builds(Fix, field=TEXT, safe=st.booleans(), note=TEXT))
FINDINGS = st.lists(st.builds(
    Finding, file=st.sampled_from(["a.csv", "dir x/b #1.csv", "ü.csv"]),
    row=st.integers(0, 10**6), sku=TEXT, field=TEXT,
    code=st.sampled_from(["T004", "S005", "C002", "X001"]), name=TEXT,
    severity=st.sampled_from(["error", "warning", "info"]), message=TEXT, fix=FIXES,
    key=TEXT, url=st.sampled_from(["", "https://x.example/?a=1&b=2"])), max_size=12)
RULES = {"T004": {"name": "title.x", "summary": "sum \"q\"", "severity": "error",
                  "help": "why\nfix", "url": "https://h.example/T004"}}

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def junit_whole(findings: list[Finding], info: dict[str, Any]) -> str:
    """The JUnit report as one ElementTree, written at once (as ``check`` wrote it before)."""
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


def info_of(findings: list[Finding]) -> dict[str, Any]:
    return report.summary(findings, 7, "amazon-us", "error", fixed=1, baselined=0)


@settings(max_examples=200, deadline=None)
@given(FINDINGS)
def test_parts_are_the_whole_report_a_library_writes(findings: list[Finding]) -> None:
    info = info_of(findings)
    whole_json = {"version": 1, "findings": [f.to_dict() for f in findings], "summary": info}
    assert report.render("json", findings, info) == \
        json.dumps(whole_json, ensure_ascii=False, indent=2) + "\n"
    assert report.render("sarif", findings, info, rules=RULES) == \
        json.dumps(sarif_log(findings, RULES), ensure_ascii=False, indent=2) + "\n"
    assert report.render("junit", findings, info) == junit_whole(findings, info)


@pytest.mark.parametrize("fmt", report.FORMATS)
def test_a_large_report_comes_in_bounded_parts(fmt: str) -> None:
    """3,000 findings: many parts, none much over PART characters, joined to render()."""
    finding = Finding("listings.csv", 2, "SKU-1", "title", "T004", "title.prohibited-chars",
                      "error", "title has prohibited character(s) ! – “ü” " * 3,
                      Fix("title", "x", note="remove !"), "k", "https://x.example/")
    findings = [finding] * 3000
    info = info_of(findings)
    parts = list(report.render_parts(fmt, findings, info, rules=RULES))
    whole = report.render(fmt, findings, info, rules=RULES)
    assert "".join(parts) == whole and len(whole) > 4 * PART
    assert len(parts) > 4 and max(len(p) for p in parts) < PART + 4096


@pytest.mark.parametrize("fmt", report.FORMATS)
def test_check_writes_the_report_part_by_part(run, write, monkeypatch, fmt) -> None:  # type: ignore[no-untyped-def]
    """The command writes each part as it comes, never the whole report in one write."""
    rows = "".join(f"A-{i},Acme Bottle Bottle Bottle Best Seller!! {i},Acme,Cold,Steel.,"
                   "flask new,b.jpg\n" for i in range(600))
    path = write("listings.csv", "sku,title,brand,bullets,description,search_terms,images\n"
                 + rows)
    written: list[int] = []
    echo = click.echo

    def recording(message: Any = None, *args: Any, **kwargs: Any) -> None:
        if not kwargs.get("err") and isinstance(message, str):
            written.append(len(message))
        echo(message, *args, **kwargs)

    monkeypatch.setattr(click, "echo", recording)
    result = run("check", path, "-p", "amazon-us", "-f", fmt)
    assert result.exit_code == 1, result.output
    shown = result.stdout_bytes.decode("utf-8")  # (.stdout would read CRLF as LF)
    assert sum(written) == len(shown) and max(written) * 4 < len(shown)
