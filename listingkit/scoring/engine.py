"""The scorer: runs the criteria on a listing, weighs them, and turns actions into suggestions.

Weights are normalised over the criteria that apply to the listing, so a score is always out
of 100; an error from ``check`` caps the total at the policy's ``error_cap``. Suggestions are
the criteria's actions, each with the points the whole score would gain, best first.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from listingkit.listing import Listing
from listingkit.scoring import checked
from listingkit.scoring import criteria as C
from listingkit.scoring.bank import KeywordBank
from listingkit.scoring.policy import CRITERIA, Policy, build_policy
from listingkit.scoring.relevance import Fit, fit
from listingkit.scoring.view import View


@dataclass
class CriterionScore:
    name: str
    weight: float
    points: float
    max: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "weight": self.weight, "points": round(self.points, 1),
                "max": round(self.max, 1), "detail": self.detail}


@dataclass
class Suggestion:
    action: str
    gain: float

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "gain": round(self.gain, 1)}


@dataclass
class ListingScore:
    sku: str
    score: float
    criteria: list[CriterionScore]
    suggestions: list[Suggestion] = field(default_factory=list)
    capped: bool = False
    rank: tuple[int, int] | None = None  # (position, out of) among the competitors

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"sku": self.sku, "score": round(self.score, 1),
                               "criteria": [c.to_dict() for c in self.criteria],
                               "suggestions": [s.to_dict() for s in self.suggestions]}
        if self.rank is not None:
            out["rank"] = {"position": self.rank[0], "of": self.rank[1]}
        return out


class Scorer:
    """Scores listings for one marketplace against one keyword bank."""

    def __init__(self, market: Any, config: Any = None, bank: KeywordBank | None = None,
                 check: bool | None = None) -> None:
        from listingkit.rules.context import Context
        from listingkit.rules.language import WrongLanguage

        self.policy: Policy = build_policy(market, config)
        self.bank = bank
        self.ctx = ctx = Context(market, config)
        use_check = self.policy.p("check") if check is None else check
        self.runner = check_runner(ctx, config) if use_check else None
        self.config = config
        self.lang_rule = WrongLanguage(ctx)
        self.lang_rule.prepare()
        small = set(ctx.words("function_words", missing_ok=True))
        self.small = frozenset(small)
        self.exempt = frozenset(small)

    def fit(self, listing: Listing) -> Fit:
        """The part of the keyword bank that applies to ``listing`` (none for another
        product type: see :mod:`listingkit.scoring.relevance`)."""
        return fit(listing, self.bank, self.policy)

    def outcomes(self, listing: Listing, fitted: Fit | None = None
                 ) -> dict[str, C.Outcome | None]:
        policy = self.policy
        bank = (fitted or self.fit(listing)).bank
        index = bank.index(policy.p("top_keywords")) if bank else None
        view = View(listing, policy.visible, index)
        findings = self.runner.check_row(listing) if self.runner is not None else None
        lang = [_Lang(h.field, h.message) for h in self.lang_rule.check(listing)]
        return {
            "compliance": checked.compliance(findings, policy) if findings is not None else None,
            "length": C.length(view, policy),
            "front_loading": C.front_loading(view, policy, bank),
            "keywords": C.keywords(view, policy, bank),
            "stuffing": C.stuffing(view, policy, self.exempt),
            "capitalisation": C.capitalisation(view, policy, self.small),
            "attributes": C.attributes(view, policy),
            "language": checked.language(lang, policy),
        }

    def score(self, listing: Listing, suggestions: bool = True) -> ListingScore:
        fitted = self.fit(listing)
        found = self.outcomes(listing, fitted)
        weights = self.policy.weights
        live = [n for n in CRITERIA if found[n] is not None and weights.get(n, 0) > 0]
        total_weight = sum(weights[n] for n in live) or 1.0
        rows: list[CriterionScore] = []
        for name in CRITERIA:
            outcome = found[name]
            weight = weights.get(name, 0.0)
            if outcome is None or name not in live:
                why = "does not apply" if outcome is None else outcome.detail
                rows.append(CriterionScore(name, 0.0, 0.0, 0.0,
                                           _absent(name, why, self, fitted)))
                continue
            top = 100.0 * weight / total_weight
            rows.append(CriterionScore(name, weight, top * outcome.fraction, top, outcome.detail))
        raw = sum(r.points for r in rows)
        capped = any(found[n].capped for n in live)  # type: ignore[union-attr]
        cap = float(self.policy.p("error_cap"))
        total = min(raw, cap) if capped else raw
        result = ListingScore(listing.sku, total, rows, capped=capped)
        if suggestions:
            result.suggestions = self._suggest(found, rows, raw, capped, cap, total)
        return result

    def _suggest(self, found: dict[str, Any], rows: list[CriterionScore], raw: float,
                 capped: bool, cap: float, total: float) -> list[Suggestion]:
        out = []
        for row in rows:
            outcome = found[row.name]
            if outcome is None or not row.max:
                continue
            for action in outcome.actions:
                new_raw = raw - row.points + row.max * min(1.0, action.after)
                new = min(new_raw, cap) if capped and not action.lifts_cap else new_raw
                gain = new - total
                if gain >= 0.05:
                    out.append(Suggestion(action.text, gain))
        out.sort(key=lambda s: -s.gain)
        return out

    def score_all(self, listings: Iterable[Listing], suggestions: bool = True
                  ) -> list[ListingScore]:
        return [self.score(x, suggestions) for x in listings]


@dataclass(frozen=True)
class _Lang:
    field: str
    message: str
    code: str = "L001"


def _absent(name: str, why: str, scorer: Scorer, fitted: Fit) -> str:
    if name in ("keywords", "front_loading") and not scorer.bank:
        return "no keyword bank: pass --keywords BANK or --competitors FILE"
    if name in ("keywords", "front_loading") and fitted.bank is None:
        return f"the keyword bank does not apply: {fitted.reason}"
    if name == "compliance" and scorer.runner is None:
        return "not checked (--no-check)"
    if name == "attributes":
        return "the catalogue has none of the attribute columns " + \
            ", ".join(scorer.policy.p("attributes"))
    return why


def check_runner(ctx: Any, config: Any, fix: bool = False) -> Any:
    """check's runner with the user's check selection; L001 is the language criterion."""
    from listingkit.lint import Runner

    def listed(key: str) -> list[str] | None:
        value = config.get(f"check.{key}") if config is not None else None
        if value is None:
            return None
        return [value] if isinstance(value, str) else [str(v) for v in value]

    return Runner(ctx, listed("select"), listed("extend_select") or [],
                  [*(listed("ignore") or []), "L001"], fix=fix)


def rank_among(mine: Sequence[ListingScore], theirs: Sequence[float]) -> None:
    """Set each listing's rank among the competitor scores (1 = best; ties share a rank)."""
    ordered = sorted(theirs)
    for result in mine:
        better = len(ordered) - bisect.bisect_right(ordered, result.score)
        result.rank = (better + 1, len(ordered) + 1)
