"""``check --fix`` as it ran before chunks, one listing at a time, start to end: kept as the
oracle of ``test_check_fix_chunks.py`` and (its fix loop) of ``held_optimize.py``. It drives a
live :class:`~listingkit.lint.Runner`; only the order of the work is the old one."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from listingkit import lint
from listingkit.fixes import apply, copy
from listingkit.listing import Listing
from listingkit.rules.chunk import Chunk


def row_by_row(runner: lint.Runner, listings: list[Listing]) -> lint.Result:
    """The fix run as it was before chunks: one listing at a time, start to end."""
    result = lint.Result()
    catalogue_rules = [rule for rule in runner.rules if rule.scope == "catalogue"]
    for listing in listings:
        result.listings += 1
        runner._chunk_noqa(Chunk([listing]))
        after, found, count = apply_fixes(runner, listing)
        if count:
            result.fixed.append((listing, after))
            result.fixes_applied += count
        result.output.append(after)
        result.findings.extend(found)
        columns = Chunk([after])
        for rule in catalogue_rules:
            rule.see(columns)
    for rule in catalogue_rules:
        for where, hit in rule.finish():
            if runner._keep(hit.code or rule.code, runner._suppressions(where)):
                result.findings.append(runner._finding(rule, where, hit))
    result.findings.sort(key=attrgetter("file", "row", "code", "field", "key"))
    return result


def apply_fixes(runner: lint.Runner, listing: Listing) -> tuple[Listing, list[Any], int]:
    current, applied = listing, 0
    for _ in range(lint.MAX_FIX_PASSES):
        findings = runner.check_row(current)
        todo = [f.fix for f in findings if f.fix and (f.fix.safe or runner.unsafe)]
        if not todo:
            return current, findings, applied
        current = copy(current)
        touched: set[str] = set()
        for fix in todo:
            if fix.field not in touched:
                apply(current, fix)
                touched.add(fix.field)
                applied += 1
    return current, runner.check_row(current), applied
