"""The criteria that come from check's rules: compliance (an error caps the score) and
language (check's L001 language rule, run by the scorer on its own)."""

from __future__ import annotations

from typing import Any

from listingkit.scoring.criteria import Action, Outcome


# -- compliance ---------------------------------------------------------------------------------
def compliance(findings: list[Any], policy: Any) -> Outcome | None:
    if findings is None:
        return None
    if not findings:
        return Outcome(1.0, "no findings from check")
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity == "warning"]
    penalty = policy.p("warning_penalty")

    def fraction(errs: int, warns: int) -> float:
        return 0.0 if errs else max(0.0, 1.0 - penalty * warns)

    now = fraction(len(errors), len(warnings))
    actions = []
    if len({f.code for f in errors}) > 1:
        actions.append(Action(f"fix the {len(errors)} errors from check "
                              f"({', '.join(sorted({f.code for f in errors}))})",
                              fraction(0, len(warnings)), lifts_cap=True))
    by_code: dict[str, list[Any]] = {}
    for f in (*errors, *warnings):
        by_code.setdefault(f.code, []).append(f)
    for code, group in by_code.items():
        errs = len(errors) - sum(f.severity == "error" for f in group)
        warns = len(warnings) - sum(f.severity == "warning" for f in group)
        first = group[0]
        actions.append(Action(f"fix {code} {first.name} ({first.message})",
                              fraction(errs, warns), lifts_cap=bool(errors) and errs == 0))
    if errors:
        detail = f"{len(errors)} error(s), {len(warnings)} warning(s) from check " \
                 f"({', '.join(sorted(by_code))}): score capped at {policy.p('error_cap')}"
    elif warnings:
        detail = f"{len(warnings)} warning(s) from check ({', '.join(sorted(by_code))})"
    else:
        detail = "no findings from check"
    return Outcome(now, detail, actions, capped=bool(errors))



# -- language -----------------------------------------------------------------------------------
def language(findings: list[Any] | None, policy: Any) -> Outcome | None:
    if findings is None:
        return None
    wrong = [f for f in findings if f.code == "L001"]
    if wrong:
        return Outcome(0.0, wrong[0].message, [Action(
            f"translate the {wrong[0].field} into {policy.lang!r} (listingkit translate)", 1.0)])
    return Outcome(1.0, f"{policy.lang} (or too short to judge)")
