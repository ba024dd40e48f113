"""The criteria that come from check's rules: compliance (an error caps the score) and
language (check's L001 language rule, run by the scorer on its own)."""

from __future__ import annotations

import re
from typing import Any

from listingkit.rules.memo import store
from listingkit.scoring.criteria import Action, Outcome

# -- compliance ---------------------------------------------------------------------------------
#: the outcome of a listing check has nothing to say about (shared: never change it)
_NO_FINDINGS = Outcome(1.0, "no findings from check")


def compliance(findings: list[Any] | None, policy: Any) -> Outcome | None:
    """The compliance outcome of check's ``findings``: the same for every listing with the
    same findings (code, severity, rule name, message), so it is built once per run for each
    and shared between listings."""
    if findings is None:
        return None
    if not findings:
        return _NO_FINDINGS
    key = tuple([(f.code, f.severity, f.name, f.message) for f in findings])
    seen = policy.__dict__.get("_compliance")
    if seen is None:
        seen = policy.__dict__["_compliance"] = {}
    found = seen.get(key)
    if found is None:
        found = store(seen, key, _compliance(findings, policy), 16384)
    return found


def _compliance(findings: list[Any], policy: Any) -> Outcome:
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


class LanguageScreen:
    """Says when check's language rule (L001) cannot find anything in a listing, from the title
    words the scorer has split already, so the rule runs only when it might.

    The rule skips fields under ``MIN_LETTERS`` characters and judges the others only when
    their lower-case letter/digit runs hold a foreign function word (``rule.foreign_words``);
    those runs are the pieces of the title's words split at ``- ' ’ .`` (plus the "s" a
    possessive cut takes). So a listing whose only long field is a CJK-free title with no
    foreign piece has no finding. Anything else (bullets, a description, CJK text, a CJK
    store, a rule without these facts) is left to the rule.
    """

    def __init__(self, rule: Any) -> None:
        from listingkit.language import MIN_LETTERS
        from listingkit.rules.language import CJK

        foreign = getattr(rule, "foreign_words", None)
        self.usable = isinstance(foreign, frozenset) and not getattr(rule, "cjk_store", True)
        self.foreign: frozenset[str] = foreign if self.usable else frozenset()  # type: ignore[assignment]
        self.cut = "s" in self.foreign  # a possessive's cut "s" could be a foreign word
        self.shortest = MIN_LETTERS
        self.cjk = CJK
        self.pieces: dict[str, bool] = {}  # a word with a separator -> a piece is foreign

    def quiet(self, listing: Any, title_words: list[str]) -> bool:
        """True when the rule would find nothing in ``listing`` (whose title splits into
        ``title_words``, :func:`~listingkit.scoring.bank.words`)."""
        if not self.usable or listing.bullets or listing.description:
            return False
        title = listing.title
        if len(title) < self.shortest:
            return True
        if not title.isascii() and self.cjk.search(title):
            return False
        foreign = self.foreign
        if not foreign.isdisjoint(title_words):
            return False
        if "-" in title or "." in title or "'" in title or "’" in title:
            if self.cut and ("'" in title or "’" in title):
                return False
            pieces = self.pieces
            for w in title_words:
                found = pieces.get(w)
                if found is None:
                    found = store(pieces, w, not foreign.isdisjoint(_SEPARATOR.split(w)), 65536)
                if found:
                    return False
        return True


_SEPARATOR = re.compile(r"[-'’.]")
