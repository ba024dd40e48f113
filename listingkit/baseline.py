"""Baseline files for ``check --baseline``: today's findings recorded, so later runs fail only
on new ones. A finding is known by its fingerprint (SKU, code, field, key), not its row, so
sorting or inserting rows does not make old findings new."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from listingkit.errors import InputError
from listingkit.rules.base import Finding


def write_baseline(path: str | Path, findings: Sequence[Finding]) -> None:
    from listingkit.atomic import atomic_write

    entries = sorted({f.fingerprint() for f in findings})
    counts = Counter(f.fingerprint() for f in findings)
    data = {"version": 1, "tool": "listingkit check",
            "findings": [{"sku": s, "code": c, "field": fl, "key": k, "count": counts[(s, c, fl, k)]}
                         for s, c, fl, k in entries]}
    with atomic_write(path, newline="\n") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
        handle.write("\n")


def read_baseline(path: str | Path) -> Counter[tuple[str, str, str, str]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Counter({(e["sku"], e["code"], e["field"], e["key"]): int(e.get("count", 1))
                        for e in data["findings"]})
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read baseline: {exc}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a listingkit baseline file ({exc})") from None


def new_findings(findings: Sequence[Finding], baseline: Counter[Any]) -> list[Finding]:
    """Findings not in the baseline (each baseline entry absorbs as many as it counted)."""
    left = Counter(baseline)
    out = []
    for finding in findings:
        key = finding.fingerprint()
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(finding)
    return out
