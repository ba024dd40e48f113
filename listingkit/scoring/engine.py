"""The scorer: runs the criteria on a listing, weighs them, and turns actions into suggestions.

Weights are normalised over the criteria that apply to the listing, so a score is always out
of 100; an error from ``check`` caps the total at the policy's ``error_cap``. Suggestions are
the criteria's actions, each with the points the whole score would gain, best first.

Many outcomes are shared between listings (see :mod:`.criteria`), and so are their rows
(:class:`CriterionScore`) and the rows of criteria that do not apply for the same reason: a
result's rows must never be changed.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from listingkit.listing import Listing
from listingkit.rules.memo import store
from listingkit.scoring import checked
from listingkit.scoring import criteria as C
from listingkit.scoring.bank import KeywordBank
from listingkit.scoring.casing import capitalisation
from listingkit.scoring.policy import CRITERIA, Policy, build_policy
from listingkit.scoring.relevance import Fit, fit
from listingkit.scoring.view import View


@dataclass(slots=True)
class CriterionScore:
    name: str
    weight: float
    points: float
    max: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "weight": self.weight, "points": round(self.points, 1),
                "max": round(self.max, 1), "detail": self.detail}

    def __reduce__(self) -> tuple[Any, ...]:  # (pickled as its fields: see ListingScore)
        return CriterionScore, (self.name, self.weight, self.points, self.max, self.detail)


@dataclass(slots=True)
class Suggestion:
    action: str
    gain: float

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "gain": round(self.gain, 1)}

    def __reduce__(self) -> tuple[Any, ...]:
        return Suggestion, (self.action, self.gain)


@dataclass(slots=True)
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

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its fields (``score`` keeps results on disk for a table): half the
        cost of the slots' state dict that pickle makes by default."""
        return ListingScore, (self.sku, self.score, self.criteria, self.suggestions,
                              self.capped, self.rank)


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
        self.lang_screen = checked.LanguageScreen(self.lang_rule)
        small = set(ctx.words("function_words", missing_ok=True))
        self.small = frozenset(small)
        self.exempt = frozenset(small)
        # what every listing's score reads, looked up once per run
        policy = self.policy
        self._weights = [policy.weights.get(n, 0.0) for n in CRITERIA]
        self._cap = float(policy.p("error_cap"))
        self._top = policy.p("top_keywords")
        self._lang_ok = checked.language([], policy)
        self._plans: dict[tuple[bool, ...], list[Any]] = {}
        #: (id of an outcome, criterion) -> (the outcome, its row); (criterion, why) -> the
        #: row of a criterion with no points. Rows are shared between results: never change one
        self._rows: dict[tuple[int, str], tuple[C.Outcome, CriterionScore]] = {}
        self._absent_rows: dict[tuple[Any, ...], CriterionScore] = {}
        self._not_applying = {
            "keywords": _absent("keywords", "", self, None),
            "attributes": _absent("attributes", "", self, None),
            "compliance": _absent("compliance", "", self, None)}
        #: criterion -> why it has no points, where that is the same for every listing
        self._fixed_absent = {n: self._not_applying[k] for n, k in (
            ("keywords", "keywords"), ("front_loading", "keywords"), ("attributes", "attributes"),
            ("compliance", "compliance")) if k == "attributes" or
            (k == "keywords" and not bank) or (k == "compliance" and self.runner is None)}

    def fit(self, listing: Listing) -> Fit:
        """The part of the keyword bank that applies to ``listing`` (none for another
        product type: see :mod:`listingkit.scoring.relevance`)."""
        return fit(listing, self.bank, self.policy)

    def outcomes(self, listing: Listing, fitted: Fit | None = None
                 ) -> dict[str, C.Outcome | None]:
        view = View(listing, self.policy.visible)
        fitted = fitted or fit(listing, self.bank, self.policy, view)
        columns = self._outcomes([view], [fitted], self._check([listing]))
        return dict(zip(CRITERIA, [column[0] for column in columns]))

    def score(self, listing: Listing, suggestions: bool = True) -> ListingScore:
        return self._score_chunk([listing], suggestions)[0]

    def score_all(self, listings: Iterable[Listing], suggestions: bool = True
                  ) -> list[ListingScore]:
        """Every listing's score, a chunk of listings at a time (see :meth:`_score_chunk`)."""
        return [score for _, score in self.scores(listings, suggestions)]

    def scores(self, listings: Iterable[Listing], suggestions: bool = True
               ) -> Iterator[tuple[Listing, ListingScore]]:
        """(listing, its score) for each of ``listings`` as they are read, a chunk at a time
        (see :meth:`_score_chunk`): a catalogue streamed through is never held."""
        from listingkit.lint import chunks

        for chunk in chunks(listings):
            yield from zip(chunk, self._score_chunk(chunk, suggestions))

    def _score_chunk(self, chunk: list[Listing], suggestions: bool) -> list[ListingScore]:
        """The scores of a chunk of listings, worked out step by step over the whole chunk:
        check's rules (as :meth:`listingkit.lint.Runner.check_rows` runs them), the views and
        keyword fits, then each criterion in turn. Each step's code, tables and caches stay
        hot in the CPU caches while it runs over the chunk: about 40 % less CPU on 100k
        titles than every step on one listing before the next, for the same results."""
        policy = self.policy
        views = [View(listing, policy.visible) for listing in chunk]  # one tokenisation each
        fits = [fit(listing, self.bank, policy, view) for listing, view in zip(chunk, views)]
        columns = self._outcomes(views, fits, self._check(chunk))
        return [self._result(listing, fitted, found, suggestions)
                for listing, fitted, *found in zip(chunk, fits, *columns)]

    def _check(self, chunk: list[Listing]) -> list[Any]:
        """check's findings on each listing of ``chunk`` (None each without check)."""
        if self.runner is None:
            return [None] * len(chunk)
        return self.runner.check_rows(chunk, [None] * len(chunk))

    def _outcomes(self, views: list[View], fits: list[Fit], findings: list[Any]
                  ) -> list[list[C.Outcome | None]]:
        """Each criterion's outcomes over a chunk, in :data:`CRITERIA` order, one criterion
        at a time; ``findings``: check's on each listing (None without check)."""
        policy, top = self.policy, self._top
        for view, fitted in zip(views, fits):
            bank = fitted.bank
            if bank is not None and bank.terms:  # (not bool(bank): a Python call)
                view.find(bank.index(top))
        quiet, judge = self.lang_screen.quiet, self.lang_rule.check
        languages = [None if quiet(view.listing, view.title_words) else list(judge(view.listing))
                     for view in views]
        exempt, small, lang_ok = self.exempt, self.small, self._lang_ok
        return [
            [checked.compliance(found, policy) for found in findings],
            [C.length(view, policy) for view in views],
            [C.front_loading(view, policy, fitted.bank) for view, fitted in zip(views, fits)],
            [C.keywords(view, policy, fitted.bank) for view, fitted in zip(views, fits)],
            [C.stuffing(view, policy, exempt) for view in views],
            [capitalisation(view, policy, small) for view in views],
            [C.attributes(view, policy) for view in views],
            [checked.language([_Lang(h.field, h.message) for h in hits], policy) if hits
             else lang_ok for hits in languages],
        ]

    def _result(self, listing: Listing, fitted: Fit, found: list[C.Outcome | None],
                suggestions: bool) -> ListingScore:
        """The score of a listing from its criteria's outcomes."""
        present = tuple([o is not None for o in found])
        plan = self._plans.get(present) or self._plan(present)
        rows: list[CriterionScore] = []
        capped = False
        known = self._rows
        for (name, weight, top, fixed), outcome in zip(plan, found):
            if top is None:
                rows.append(fixed or self._absent_row(name, outcome, fitted))
                continue
            # outcomes are often shared between listings (see criteria): so are their rows
            key = (id(outcome), name)
            hit = known.get(key)
            if hit is not None and hit[0] is outcome and hit[1].max == top:
                rows.append(hit[1])
            else:
                row = CriterionScore(name, weight, top * outcome.fraction,  # type: ignore[union-attr]
                                     top, outcome.detail)  # type: ignore[union-attr]
                # (the entry holds the outcome, so its id is not reused while the entry lives)
                store(known, key, (outcome, row), 8192)  # type: ignore[misc]
                rows.append(row)
            if outcome.capped:  # type: ignore[union-attr]
                capped = True
        points = [row.points for row in rows]  # 0.0 where a criterion has no points
        raw = sum(points)
        cap = self._cap
        total = min(raw, cap) if capped else raw
        return ListingScore(listing.sku, total, rows, self._suggest(
            found, rows, raw, capped, cap, total) if suggestions else [], capped)

    def _plan(self, present: tuple[bool, ...]) -> list[tuple[str, float, float | None,
                                                            CriterionScore | None]]:
        """(name, weight, points available or None, the row when it is the same for every
        listing) per criterion, for listings where the criteria ``present`` apply: weights
        normalised over those with a weight."""
        weights = self._weights
        live = [on and w > 0 for on, w in zip(present, weights)]
        total_weight = sum([w for w, on in zip(weights, live) if on]) or 1.0
        fixed = self._fixed_absent
        plan = [(name, weight, 100.0 * weight / total_weight if on else None,
                 CriterionScore(name, 0.0, 0.0, 0.0, fixed[name])
                 if not on and name in fixed else None)
                for name, weight, on in zip(CRITERIA, weights, live)]
        self._plans[present] = plan
        return plan

    def _absent_row(self, name: str, outcome: C.Outcome | None, fitted: Fit) -> CriterionScore:
        """The row of a criterion with no points: :meth:`_absent`'s reason, shared between
        listings with the same one (a bank that does not apply says the same for many)."""
        key = (name, fitted.bank is None, fitted.reason,
               None if outcome is None else outcome.detail)
        row = self._absent_rows.get(key)
        if row is None:
            row = store(self._absent_rows, key, CriterionScore(
                name, 0.0, 0.0, 0.0, self._absent(name, outcome, fitted)), 4096)
        return row

    def _absent(self, name: str, outcome: C.Outcome | None, fitted: Fit) -> str:
        """Why a criterion has no points: :func:`_absent`, its fixed answers looked up."""
        if name in ("keywords", "front_loading"):
            if not self.bank:
                return self._not_applying["keywords"]
            if fitted.bank is None:
                return f"the keyword bank does not apply: {fitted.reason}"
        elif name == "attributes" or (name == "compliance" and self.runner is None):
            return self._not_applying[name]
        return "does not apply" if outcome is None else outcome.detail

    def _suggest(self, found: list[C.Outcome | None], rows: list[CriterionScore], raw: float,
                 capped: bool, cap: float, total: float) -> list[Suggestion]:
        out = []
        for row, outcome in zip(rows, found):
            if outcome is None or not outcome.actions or not row.max:
                continue
            rest, top = raw - row.points, row.max
            for action in outcome.actions:
                new_raw = rest + top * min(1.0, action.after)
                new = min(new_raw, cap) if capped and not action.lifts_cap else new_raw
                gain = new - total
                if gain >= 0.05:
                    out.append(Suggestion(action.text, gain))
        if len(out) > 1:
            out.sort(key=_GAIN, reverse=True)  # stable: equal gains keep their order
        return out

@dataclass(frozen=True)
class _Lang:
    field: str
    message: str
    code: str = "L001"


_GAIN = attrgetter("gain")


def _absent(name: str, why: str, scorer: Scorer, fitted: Fit | None) -> str:
    if name in ("keywords", "front_loading") and not scorer.bank:
        return "no keyword bank: pass --keywords BANK or --competitors FILE"
    if name in ("keywords", "front_loading") and fitted is not None and fitted.bank is None:
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
        result.rank = rank_in(result.score, ordered)


def rank_in(score: float, ordered: Sequence[float]) -> tuple[int, int]:
    """(position, out of) of ``score`` among the competitor scores ``ordered`` (sorted):
    1 is best, ties share a rank, and the listing itself makes one more."""
    better = len(ordered) - bisect.bisect_right(ordered, score)
    return better + 1, len(ordered) + 1
