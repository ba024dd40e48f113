"""Rule documentation from the rule docstrings: the list, one rule explained, the README table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from listingkit.errors import ConfigError, suggest
from listingkit.rules.base import GROUPS, Rule, builtin_rules
from listingkit.rules.images import image_codes

FIX_LABEL = {"safe": "safe fix", "unsafe": "unsafe fix", "safe, unsafe": "safe or unsafe fix",
             "": ""}


def entries(extra: Iterable[type[Rule]] = ()) -> list[dict[str, Any]]:
    """One dict per rule: code, name, group, severity, fix, summary, why, how, fail, pass."""
    out = []
    classes = {**builtin_rules(), **{cls.code: cls for cls in extra}}
    for code, cls in classes.items():
        doc = cls.doc()
        out.append({"code": code, "name": cls.name, "group": GROUPS.get(code[0], "other"),
                    "severity": cls.severity, "fix": cls.fixable, "summary": doc.summary,
                    "why": doc.why, "how": doc.fix, "fail": list(doc.fail),
                    "pass": list(doc.ok), "facts": cls.fact_paths(), "field": cls.field,
                    "default": cls.default})
        if code == "I002":
            for img, (severity, meaning) in image_codes().items():
                out.append({"code": img, "name": f"images.{img.lower()}", "group": "images",
                            "severity": severity, "fix": "",
                            "summary": meaning[:1].upper() + meaning[1:] + ".",
                            "why": "Checked on the files when `check --images DIR` is given, "
                                   "by the image compliance module (`listingkit images`).",
                            "how": "`listingkit images` converts images to the marketplace's "
                                   "preset.", "fail": [], "pass": [],
                            "facts": ["images.main", "images.other"], "field": "images",
                            "default": True})
    return out


def find(token: str, extra: Iterable[type[Rule]] = ()) -> dict[str, Any]:
    """The rule with this code or name (case-insensitive code)."""
    items = entries(extra)
    for item in items:
        if token.upper() == item["code"] or token == item["name"]:
            return item
    known = [i["code"] for i in items] + [i["name"] for i in items]
    raise ConfigError(f"unknown rule {token!r}{suggest(token, known)}; "
                      "`listingkit rules` lists them")


def table_text(items: list[dict[str, Any]]) -> str:
    lines = []
    group = None
    for item in items:
        if item["group"] != group:
            group = item["group"]
            lines.append(f"\n{group.capitalize()}")
        fix = f" [{FIX_LABEL[item['fix']]}]" if item["fix"] else ""
        lines.append(f"  {item['code']:<7} {item['name']:<34} {item['severity']:<8} "
                     f"{item['summary']}{fix}")
    return "\n".join(lines).lstrip("\n") + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table_markdown(items: list[dict[str, Any]] | None = None) -> str:
    """The README's rule table (between ``<!-- rules:start -->`` and ``<!-- rules:end -->``)."""
    items = entries() if items is None else items
    lines = ["| Code | Name | Severity | Fix | What it finds |", "|---|---|---|---|---|"]
    for item in items:
        lines.append(f"| `{item['code']}` | `{item['name']}` | {item['severity']} | "
                     f"{item['fix'] or '-'} | {_cell(item['summary'])} |")
    return "\n".join(lines) + "\n"


def explain(item: dict[str, Any], marketplace: Any = None) -> str:
    """``listingkit rules CODE``: what, why, the marketplace's source, how to fix, examples."""
    lines = [f"{item['code']} {item['name']} ({item['severity']}, {item['group']})", "",
             item["summary"]]
    if item["why"]:
        lines += ["", f"Why: {item['why']}"]
    if item["how"]:
        lines += ["", f"How to fix: {item['how']}"]
    if item["fix"]:
        flag = "--fix" if item["fix"] == "safe" else "--unsafe-fixes"
        lines += ["", f"Automatic fix: {FIX_LABEL[item['fix']]} ({flag})."]
    facts = item["facts"]
    if facts:
        lines += ["", "Marketplace facts it reads:"]
        for path in facts:
            if marketplace is None:
                lines.append(f"  {path}")
                continue
            fact = marketplace.fact(path)
            if fact is None and marketplace.data.get(path.split(".")[0]):
                node = marketplace.data
                for part in path.split("."):
                    node = node.get(part, {}) if isinstance(node, dict) else {}
                if node:
                    lines.append(f"  {path}: (table) in {marketplace.id}")
                    continue
            if fact is None:
                lines.append(f"  {path}: not set for {marketplace.id} (rule inactive there)")
                continue
            unit = f" {fact.unit}" if fact.unit else ""
            lines.append(f"  {path} = {fact.value!r}{unit} ({marketplace.id})")
            lines.append(f"    source: {fact.url or fact.source} (as of {fact.as_of})")
            if fact.uncertain:
                lines.append("    uncertain: findings from this fact are warnings")
            if fact.note:
                lines.append(f"    note: {fact.note}")
        if marketplace is None:
            lines.append("  (pass --platform ID to see each value and its source)")
    for label, key in (("Fails", "fail"), ("Passes", "pass")):
        for example in item[key]:
            lines += ["", f"{label}: {example}"]
    return "\n".join(lines) + "\n"
