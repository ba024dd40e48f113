"""Every output format of ``listingkit check``, parsed back and checked."""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

ROWS = ("sku,title,brand,bullets,description,search_terms,images\n"
        "OK-1,\"Acme Steel Water Bottle, 750 ml, Blue\",Acme,Cold 24 hours,Steel.,flask,b.jpg\n"
        "BAD-1,Acme Bottle Bottle Bottle Best Seller!!,Acme,Cold,Steel.,flask flask,b.jpg\n"
        "=EVIL,\"Acme Mug, 100%, Blue: a,b\",Acme,Cold,Steel <script>x</script>,mug,m.jpg\n")

#: The parts of SARIF 2.1.0 that consumers (GitHub code scanning) rely on, written from the
#: OASIS specification: used when the official schema file is not available offline.
SARIF_CORE = {
    "type": "object", "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"}, "$schema": {"type": "string", "format": "uri"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {
                    "driver": {"type": "object", "required": ["name"], "properties": {
                        "name": {"type": "string"}, "version": {"type": "string"},
                        "rules": {"type": "array", "items": {
                            "type": "object", "required": ["id"], "properties": {
                                "id": {"type": "string"},
                                "shortDescription": {"$ref": "#/$defs/message"},
                                "help": {"$ref": "#/$defs/message"},
                                "helpUri": {"type": "string"},
                                "defaultConfiguration": {"type": "object", "properties": {
                                    "level": {"$ref": "#/$defs/level"}}}}}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"],
                    "properties": {
                        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer",
                                                                    "minimum": -1},
                        "level": {"$ref": "#/$defs/level"},
                        "message": {"$ref": "#/$defs/message"},
                        "partialFingerprints": {"type": "object",
                                                "additionalProperties": {"type": "string"}},
                        "locations": {"type": "array", "items": {"type": "object", "properties": {
                            "physicalLocation": {"type": "object", "properties": {
                                "artifactLocation": {"type": "object", "properties": {
                                    "uri": {"type": "string"}}},
                                "region": {"type": "object", "properties": {
                                    "startLine": {"type": "integer", "minimum": 1}}}}},
                            "logicalLocations": {"type": "array"}}}}}}},
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]}}}}},
    "$defs": {"level": {"enum": ["none", "note", "warning", "error"]},
              "message": {"type": "object", "required": ["text"],
                          "properties": {"text": {"type": "string"}}}},
}


@pytest.fixture
def output(run, write):  # type: ignore[no-untyped-def]
    path = write("listings.csv", ROWS)

    def render(fmt: str, *extra: str):  # type: ignore[no-untyped-def]
        result = run("check", path, "-p", "amazon-us", "--format", fmt, *extra)
        assert result.exit_code == 1, result.output
        return result.stdout

    render.path = path  # type: ignore[attr-defined]
    return render


def test_text(output) -> None:  # type: ignore[no-untyped-def]
    text = output("text")
    assert f"{output.path}:3: BAD-1 title T004 title has prohibited character(s) ! [*]" in text
    assert "findings (" in text and "in 3 listings for amazon-us" in text
    assert "can be fixed with --fix" in text


def test_json_schema_is_stable(output) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(output("json"))
    assert data["version"] == 1
    keys = {"file", "row", "sku", "field", "code", "name", "severity", "message", "fix",
            "source"}
    assert all(set(f) == keys for f in data["findings"])
    t004 = next(f for f in data["findings"] if f["code"] == "T004")
    assert t004["fix"] == {"applicability": "safe", "description": "remove !", "field": "title"}
    assert t004["source"].startswith("https://sellercentral")
    assert t004["row"] == 3 and t004["sku"] == "BAD-1" and t004["name"] == \
        "title.prohibited-chars"
    summary = data["summary"]
    assert summary["listings"] == 3 and summary["failed"] is True
    assert summary["findings"] == len(data["findings"]) == sum(summary["by_code"].values())
    assert summary["errors"] + summary["warnings"] + summary["infos"] == summary["findings"]


def test_junit(output) -> None:  # type: ignore[no-untyped-def]
    root = ET.fromstring(output("junit").split("?>", 1)[1])
    cases = root.findall("./testsuite/testcase")
    failures = root.findall("./testsuite/testcase/failure")
    assert root.tag == "testsuites" and len(cases) == len(failures) == int(root.get("failures"))
    assert any(f.get("type") == "error" and "prohibited" in f.get("message") for f in failures)


def test_junit_clean_run_has_a_passing_case(run, write) -> None:  # type: ignore[no-untyped-def]
    path = write("ok.csv", ROWS.splitlines(keepends=True)[0] + ROWS.splitlines(True)[1])
    result = run("check", path, "-p", "amazon-us", "-f", "junit")
    root = ET.fromstring(result.stdout.split("?>", 1)[1])
    assert result.exit_code == 0 and root.get("failures") == "0"
    assert len(root.findall(".//testcase")) == 1


def _official_schema() -> Path | None:
    """The official SARIF 2.1.0 schema: SARIF_SCHEMA names it (.ci/run fetches it from npm and
    sets it). A SARIF_SCHEMA that names no file is an error, not a skip."""
    named = os.environ.get("SARIF_SCHEMA", "")
    if named:
        assert Path(named).is_file(), f"SARIF_SCHEMA={named} is not a file"
        return Path(named)
    return None


def test_sarif_core(output) -> None:  # type: ignore[no-untyped-def]
    log = json.loads(output("sarif"))
    jsonschema.Draft202012Validator(SARIF_CORE).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    t004 = next(r for r in run["results"] if r["ruleId"] == "T004")
    assert t004["level"] == "error"
    assert t004["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_sarif_official_schema(output) -> None:  # type: ignore[no-untyped-def]
    schema_path = _official_schema()
    if schema_path is None:
        pytest.skip("the official SARIF 2.1.0 schema is not here: .ci/run fetches it from npm "
                    "(@microsoft/jest-sarif) and sets SARIF_SCHEMA")
    schema = json.loads(schema_path.read_text("utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    log = json.loads(output("sarif"))
    validator.validate(log)
    # the schema is strict enough to catch a broken log: a bad level and a missing version
    broken = json.loads(output("sarif"))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert not validator.is_valid(broken)
    del log["version"]
    assert not validator.is_valid(log)


def test_github_annotations_escape_properties(output) -> None:  # type: ignore[no-untyped-def]
    lines = output("github").splitlines()
    t004 = next(line for line in lines if "T004" in line)
    assert t004.startswith(f"::error file={output.path},line=3,title=T004 "
                           "title.prohibited-chars::BAD-1 title: ")
    evil = [line for line in lines if "=EVIL" in line]
    assert evil and all(line.count("::") == 2 for line in evil)
    warning = next(line for line in lines if "S004" in line)
    assert warning.startswith("::warning ")


def test_csv_parses_and_escapes_formulas(output) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(output("csv"))))
    assert rows and set(rows[0]) == {"file", "row", "sku", "field", "code", "name", "severity",
                                     "message", "fix"}
    evil = [r for r in rows if "EVIL" in r["sku"]]
    assert evil and all(r["sku"] == "'=EVIL" for r in evil)
    assert any(r["code"] == "T004" and r["fix"] == "safe" for r in rows)
