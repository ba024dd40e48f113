"""The exact bytes of every ``check`` report format, pinned on a varied set of findings.

``tests/golden/check/`` holds each format's report of :func:`varied` (and of no findings at
all) as the renderers wrote them when each was one ``json.dumps`` / ``ElementTree`` /
``"\\n".join`` of the whole report. Tools parse these reports (CI annotations, code scanning,
spreadsheets), so a change of a single byte is a change of the format: after an intended one,
regenerate with ``LISTINGKIT_UPDATE_GOLDEN=1 pytest tests/test_check_report_bytes.py`` and
review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from listingkit import report, report_sarif
from listingkit.rules.base import Finding, Fix

GOLDEN = Path(__file__).resolve().parent / "golden" / "check"
SUFFIX = {"text": "txt", "json": "json", "junit": "xml", "sarif": "sarif", "github": "gh",
          "csv": "csv"}

#: SARIF rule descriptors: one code with every part, one with none, one that found nothing,
#: and codes the findings use that have no descriptor at all (T009, X001)
RULES: dict[str, dict[str, Any]] = {
    "T004": {"name": "title.prohibited-chars", "summary": "title has prohibited characters",
             "severity": "error", "help": 'Why: "!" & <b> are\nnot allowed. Fix: remove them',
             "url": "https://sellercentral.example/help?id=1&x=\"2\""},
    "S005": {"name": "search_terms.prohibited", "summary": "", "severity": "warning",
             "help": "", "url": ""},
    "B001": {"name": "bullets.count", "summary": "too few bullets — “Stück”", "severity": "info",
             "help": "Übung macht den Meister", "url": "https://example.invalid/B001"},
}


def varied() -> list[Finding]:
    """Findings with what a renderer must escape or keep as it is: quotes, newlines (LF, CRLF,
    and a newline followed by spaces, as JSON's own indentation), tabs, XML's forbidden
    control characters, ``]]>``, ``%``, ``:`` and ``,`` (GitHub's property separators), text
    a spreadsheet runs as a formula, characters outside ASCII, empty SKU and field, row 0
    (a catalogue-wide finding), safe, unsafe and no fixes, with and without a source URL,
    and three files (one with a space, ``#``, ``,`` and ``:``, one named outside ASCII)."""
    safe = Fix("title", "Acme Bottle", safe=True, note="remove !")
    unsafe = Fix("bullets", ["a", "b"], safe=False, note="drop „Größe“ — 50 %")
    return [
        Finding("listings.csv", 2, "A-1", "title", "T004", "title.prohibited-chars", "error",
                "title has prohibited character(s) !", safe, "t1",
                "https://sellercentral.example/help?id=1&x=2"),
        Finding("listings.csv", 2, "A-1", "search_terms", "S005", "search_terms.prohibited",
                "warning", 'search terms has temporary phrase "new" and \'amazing\'', None,
                "new"),
        Finding("listings.csv", 3, "=EVIL", "bullets", "B001", "bullets.count", "info",
                "line one\nline two\r\nline three\n    \"indented\": [1, 2]\tand a tab",
                unsafe, "b"),
        Finding("listings.csv", 4, "", "", "X001", "custom.rule", "warning",
                "no SKU, no field: 100% sure, a:b,c %0A", None, ""),
        Finding("other dir/cat #2, v:1.csv", 0, "ＳＫＵ全角", "description", "T009", "catalogue.dupes",
                "error", "control \x01\x0b\x1f chars, ]]> <tag attr=\"v\"> & \\ backslash, "
                "\ufffe, 🔥 emoji, – dash, \u2028 separator", None, "", "https://x.example/#a"),
        Finding("Ünïcode/表.csv", 10, 'quo"te', "title", "T004", "title.prohibited-chars",
                "error", "", Fix("title", "", safe=False, note=""), "t2"),
        Finding("Ünïcode/表.csv", 11, "+SUM(1)", "title", "S005", "search_terms.prohibited",
                "warning", "-leading minus and @at", None, "k", ""),
    ]


CASES = {"varied": varied, "empty": list}


def rendered(fmt: str, case: str, monkeypatch: pytest.MonkeyPatch) -> str:
    findings = CASES[case]()
    monkeypatch.setattr(report_sarif, "__version__", "0.0.0-golden")  # (the driver's version)
    info = report.summary(findings, 12 if findings else 3, "amazon-us", "warning",
                          fixed=2 if findings else 0, baselined=5 if findings else 0)
    return report.render(fmt, findings, info, rules=RULES if findings else {})


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("fmt", report.FORMATS)
def test_report_bytes_are_pinned(fmt: str, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out = rendered(fmt, case, monkeypatch).encode("utf-8")
    golden = GOLDEN / f"{case}.{SUFFIX[fmt]}"
    if os.environ.get("LISTINGKIT_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(out)
    assert out == golden.read_bytes(), f"{fmt} report of {case} findings differs from {golden}"


def test_varied_findings_reach_every_branch() -> None:
    """The pinned reports are worth pinning: they hold each thing :func:`varied` sets out to
    cover (a report that dropped a finding, or escaped nothing, would not)."""
    def read(name: str) -> str:
        return (GOLDEN / name).read_bytes().decode("utf-8")  # (as written: CRLF kept)

    text = read("varied.txt")
    assert "line two\r\nline three" in text and "[*]" in text and "Fixed 2 problems" in text
    assert "5 known finding(s) hidden" in text
    xml = read("varied.xml")
    assert "control ??? chars" in xml and "\x01" not in xml and "&#13;&#10;" in xml
    assert "&amp;" in xml and "&lt;tag" in xml and "]]&gt;" in xml
    github = read("varied.gh")
    assert "%0D%0A" in github and "cat #2%2C v%3A1.csv" in github and "100%25" in github
    csv = read("varied.csv")
    assert "'=EVIL" in csv and "'+SUM(1)" in csv and csv.count("\r\n") > len(varied())
    sarif = read("varied.sarif")
    assert "other%20dir/cat%20%232%2C%20v%3A1.csv" in sarif and '"fix": "unsafe"' in sarif
    assert "\\u0001" in read("varied.json")
    assert read("empty.json").count('"findings": []') == 1
