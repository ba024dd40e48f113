"""Every rule against its cases (tests/rules/cases/*.toml) and its own docstring examples."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from listingkit.lint import Runner
from listingkit.listing import Listing, Origin
from listingkit.marketplace import Registry
from listingkit.rules import builtin_rules
from listingkit.rules.base import RuleDoc
from listingkit.rules.context import Context

CASES = Path(__file__).parent / "rules" / "cases"

#: amazon-us plus the limits amazon-us does not set, so every rule kind can be exercised
TEST_SPEC = """
id = "rules-test"
name = "Rule test marketplace"
extends = "amazon-us"
[fields.title]
max_bytes = { value = 200, unit = "bytes", source = "listingkit" }
max_width = { value = 200, source = "listingkit" }
min_chars = { value = 10, unit = "chars", source = "listingkit" }
[fields.bullets]
max_item_bytes = { value = 500, unit = "bytes", source = "listingkit" }
min_count = { value = 3, unit = "count", source = "listingkit" }
prohibited_chars = { value = "!", source = "listingkit" }
allcaps_allowed = { value = false, source = "listingkit" }
[fields.description]
max_bytes = { value = 1000, unit = "bytes", source = "listingkit" }
min_chars = { value = 20, unit = "chars", source = "listingkit" }
emoji_allowed = { value = false, source = "listingkit" }
min_words = { value = 30, source = "listingkit" }
[fields.search_terms]
max_chars = { value = 200, unit = "chars", source = "listingkit" }
max_count = { value = 13, unit = "count", source = "listingkit" }
max_item_chars = { value = 20, unit = "chars", source = "listingkit" }
"""


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    spec = tmp_path_factory.mktemp("spec") / "rules-test.toml"
    spec.write_text(TEST_SPEC, encoding="utf-8")
    return Registry([spec])


def listings(records: list[dict[str, Any]], file: str = "cases.toml") -> list[Listing]:
    out = []
    for index, record in enumerate(records):
        record = {"sku": f"SKU{index + 1}", **record}
        out.append(Listing.from_record(record, Origin(file, index + 2)))
    return out


def run(market: Any, code: str, records: list[dict[str, Any]], fix: bool = False,
        unsafe: bool = False) -> Any:
    runner = Runner(Context(market), select=[code], fix=fix, unsafe_fixes=unsafe)
    return runner.run(listings(records))


def _cases() -> list[Any]:
    out = []
    for path in sorted(CASES.glob("*.toml")):
        for number, case in enumerate(tomllib.loads(path.read_text("utf-8"))["case"], 1):
            out.append(pytest.param(case, id=f"{path.stem}-{number}-{case['rule']}"))
    return out


def _field(listing: Listing, name: str) -> Any:
    if name.startswith("attr:"):
        return listing.attributes.get(name[5:], "")
    return getattr(listing, name)


@pytest.mark.parametrize("case", _cases())
def test_rule_case(case: dict[str, Any], registry: Registry) -> None:
    market = registry.get(case.get("platform", "rules-test"))
    result = run(market, case["rule"], case["listings"])
    codes = sorted(f.code for f in result.findings)
    assert codes == sorted(case["expect"]), [f.message for f in result.findings]
    if "contains" in case:
        assert any(case["contains"] in f.message for f in result.findings)
    if "severity" in case:
        assert {f.severity for f in result.findings} == {case["severity"]}
    if "fixed" in case:
        unsafe = case.get("unsafe", False)
        fixed = run(market, case["rule"], case["listings"], fix=True, unsafe=unsafe)
        first = fixed.output[0]
        for name, value in case["fixed"].items():
            assert _field(first, name) == value
        assert not [f for f in fixed.findings if f.code == case["rule"] and f.fix]
        if unsafe:  # without --unsafe-fixes an unsafe fix is not applied
            safe_only = run(market, case["rule"], case["listings"], fix=True)
            assert safe_only.fixes_applied == 0
        # idempotent: fixing the fixed listings changes nothing
        again = Runner(Context(market), select=[case["rule"]], fix=True, unsafe_fixes=unsafe)
        rerun = again.run(fixed.output)
        assert rerun.fixes_applied == 0
        assert [x.to_record() for x in rerun.output] == [x.to_record() for x in fixed.output]


def test_every_rule_has_cases() -> None:
    covered = set()
    for path in CASES.glob("*.toml"):
        covered |= {c["rule"] for c in tomllib.loads(path.read_text("utf-8"))["case"]}
    missing = set(builtin_rules()) - covered - {"I002"}  # I002 needs files: test_check_images
    # rules without a case file entry are still covered by their docstring examples
    assert len(covered) >= 30, sorted(missing)


def _examples() -> list[Any]:
    out = []
    for code, cls in builtin_rules().items():
        if code == "I002":
            continue
        doc = cls.doc()
        for text in doc.fail:
            out.append(pytest.param(code, text, True, id=f"{code}-fail"))
        for text in doc.ok:
            out.append(pytest.param(code, text, False, id=f"{code}-pass"))
    return out


@pytest.mark.parametrize(("code", "example", "fails"), _examples())
def test_docstring_example(code: str, example: str, fails: bool, registry: Registry) -> None:
    result = run(registry.get("rules-test"), code, RuleDoc.example(example))
    found = [f.code for f in result.findings]
    assert (code in found) is fails, [f.message for f in result.findings]


@pytest.mark.parametrize("code", list(builtin_rules()))
def test_docstring_complete(code: str) -> None:
    cls = builtin_rules()[code]
    doc = cls.doc()
    assert doc.summary.endswith(".") and doc.why and doc.fix
    assert doc.fail and doc.ok, f"{code} needs a Fail: and a Pass: example"
    assert cls.name.count(".") == 1 and cls.severity in ("error", "warning", "info")
