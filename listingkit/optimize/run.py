"""Optimising a listing: check's safe fixes, the banned phrases check finds in the title
(T007, T008) dropped, the title rewrite, search terms, then guards. Keywords come only from
the part of the bank that applies to the listing (:mod:`listingkit.scoring.relevance`).

The steps repeat until the listing stops changing (so optimising twice equals once). The
result is kept only when it keeps every protected token, stays within every limit and scores
at least as well as the original; otherwise the original is kept and the reason given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from listingkit.listing import Listing
from listingkit.optimize import search_terms as st
from listingkit.optimize.protect import lost
from listingkit.optimize.title import drop_phrases, rewrite, shorten
from listingkit.scoring.bank import KeywordBank
from listingkit.scoring.engine import Scorer

MAX_PASSES = 4
#: check's rules whose phrases optimize removes from the title (promotional, guarantee,
#: contact, temporary; subjective): the user asked for the rewrite by running optimize
BANNED = frozenset({"T007", "T008"})


@dataclass
class Outcome:
    before: Listing
    after: Listing
    score_before: float
    score_after: float
    kept_reason: str = ""  # why the original was kept
    unfit: list[str] = field(default_factory=list)  # search-term words that did not fit
    fixes: int = 0
    dropped: list[str] = field(default_factory=list)  # banned phrases taken out of the title
    note: str = ""  # why no keywords were added (the bank is for another product type)
    left: list[str] = field(default_factory=list)  # check's errors no rewrite could fix

    @property
    def changed(self) -> bool:
        return self.after != self.before


def named(title: str, phrase: str) -> bool:
    """The phrase is part of a name, not a claim: "Fantastic 4", "The Amazing Spider-Man"."""
    import re

    body = r"[\s\-]+".join(re.escape(w) for w in phrase.split())
    return bool(re.search(r"(?:\bthe\s+" + body + r"\b|\b" + body + r"\s+\d)", title,
                          re.IGNORECASE))


class Optimizer:
    """Optimises listings for one marketplace against one keyword bank."""

    def __init__(self, market: Any, config: Any = None, bank: KeywordBank | None = None,
                 check: bool | None = None) -> None:
        from listingkit.nlp import LANGUAGES
        from listingkit.scoring.engine import check_runner

        self.scorer = Scorer(market, config, bank, check=check)
        self.policy = self.scorer.policy
        self.bank = bank
        self.fixer = check_runner(self.scorer.ctx, config, fix=True)  # check's selection
        self.acronyms = frozenset(self.scorer.ctx.words("acronyms", missing_ok=True))
        self.stop: frozenset[str] = frozenset()
        if self.policy.search_bytes and self.policy.lang in LANGUAGES:
            from listingkit.nlp import stop_words

            self.stop = stop_words(self.policy.lang)

    def steps(self, listings: list[Listing], banks: Sequence[KeywordBank | None],
              dropped: Sequence[list[str] | None], title_rewrite: bool = True
              ) -> list[tuple[Listing, list[str], int]]:
        """One pass over each listing, check's fixes worked out for all of them at once
        (:meth:`~listingkit.lint.Runner.fix_rows`, over the chunk's columns): each listing as
        it comes out, the search-term words that did not fit, and how many fixes it got.
        ``banks`` are the parts of the bank that apply to each listing; the banned phrases
        dropped from a title are added to its list in ``dropped``. Without ``title_rewrite``
        the title only gets check's fixes and loses its banned phrases."""
        fixer = self.fixer
        after, found, counts = fixer.fix_rows(listings, fixer.check_rows(
            listings, [None] * len(listings)))
        return [self._rewritten(fixed, findings, count, bank, gone, title_rewrite)
                for fixed, findings, count, bank, gone
                in zip(after, found, counts, banks, dropped, strict=True)]

    def _rewritten(self, fixed: Listing, findings: list[Any], count: int,
                   bank: KeywordBank | None, dropped: list[str] | None, title_rewrite: bool
                   ) -> tuple[Listing, list[str], int]:
        """The rest of :meth:`steps` on a listing check's fixes gave ``fixed`` (``count`` of
        them), whose findings are ``findings``: the banned phrases dropped, the title
        rewritten, the search terms packed."""
        banned = [f.key.split(":", 1)[1] for f in findings
                  if f.code in BANNED and f.field == "title" and ":" in f.key]
        banned = [p for p in banned if not named(fixed.title, p)]
        start = drop_phrases(fixed.title, banned) if banned else fixed.title
        if start != fixed.title and dropped is not None:
            dropped.extend(p for p in banned if p not in dropped)
        title = start
        if title_rewrite:
            title = rewrite(start, fixed, self.policy, bank, self.scorer.small, self.acronyms)
            title = shorten(title, fixed, self.policy) or start
        after = replace(fixed, title=title, bullets=list(fixed.bullets),
                        attributes=dict(fixed.attributes))
        unfit: list[str] = []
        if self.policy.search_bytes:
            packed = st.build(after, bank, self.policy.search_bytes,
                              self.policy.search_separator, self.stop,
                              min_share=self.policy.p("add_min_share"),
                              min_competitors=self.policy.p("add_min_competitors"),
                              lang=self.policy.lang)
            after.search_terms, unfit = packed.text, packed.unfit
        return after, unfit, count

    def optimize(self, listing: Listing) -> Outcome:
        """The full rewrite; when it is vetoed or scores lower, the lighter one (check's
        fixes, banned phrases dropped and search terms, the title otherwise as it was);
        when that fails too, the original with the reason."""
        return self.optimize_chunk([listing])[0]

    def optimize_chunk(self, listings: list[Listing]) -> list[Outcome]:
        """:meth:`optimize` on each listing, in step: each pass of every listing still
        changing, each scoring, and the errors left are worked out over the chunk at once
        (check's rules and the criteria run over the chunk's columns)."""
        scorer = self.scorer
        fits = [scorer.fit(listing) for listing in listings]
        befores = [s.score for s in scorer.score_all(listings, suggestions=False)]
        notes = [f"no keywords added: {fitted.reason}" if self.bank and not fitted.bank
                 else "" for fitted in fits]
        firsts = [""] * len(listings)
        done: dict[int, tuple[Listing, float, list[str], int, list[str], str]] = {}
        todo = list(range(len(listings)))
        for title_rewrite in (True, False):
            current = {i: listings[i] for i in todo}
            fixes = dict.fromkeys(todo, 0)
            unfit: dict[int, list[str]] = {i: [] for i in todo}
            dropped: dict[int, list[str]] = {i: [] for i in todo}
            active, settled = todo, set()
            for _ in range(MAX_PASSES):
                stepped = self.steps([current[i] for i in active],
                                     [fits[i].bank for i in active],
                                     [dropped[i] for i in active], title_rewrite)
                moving = []
                for i, (nxt, did_not_fit, count) in zip(active, stepped, strict=True):
                    unfit[i] = did_not_fit
                    fixes[i] += count
                    if nxt == current[i]:
                        settled.add(i)
                    else:
                        current[i] = nxt
                        moving.append(i)
                active = moving
                if not active:
                    break
            reasons = {i: self._veto(listings[i], current[i], dropped[i]) if i in settled else
                       f"the rewrite did not settle in {MAX_PASSES} passes (check's fixes and "
                       "the rewrite disagree)" for i in todo}
            scored = [i for i in todo if not reasons[i]]
            afters = dict(zip(scored, [s.score for s in scorer.score_all(
                [current[i] for i in scored], suggestions=False)], strict=True))
            later = []
            for i in todo:
                reason, after = reasons[i], afters.get(i, befores[i])
                if not reason and after < befores[i]:
                    reason = f"the rewrite scored {after:.1f}, below the original " \
                             f"{befores[i]:.1f}"
                if not reason and not (firsts[i] and current[i] == listings[i]):
                    if firsts[i]:
                        notes[i] = "; ".join(x for x in (f"title rewrite held back: {firsts[i]}",
                                                         notes[i]) if x)
                    done[i] = (current[i], after, unfit[i], fixes[i], dropped[i], "")
                else:
                    firsts[i] = firsts[i] or reason
                    later.append(i)
            todo = later
        for i in todo:  # (the original kept, with the first reason)
            done[i] = (listings[i], befores[i], [], 0, [], firsts[i])
        left = self._left_all([done[i][0] for i in range(len(listings))])
        return [Outcome(listing, after, before, score, reason, unfit, fixes, dropped, note,
                        errors)
                for listing, before, (after, score, unfit, fixes, dropped, reason), note, errors
                in zip(listings, befores, (done[i] for i in range(len(listings))), notes, left,
                       strict=True)]

    def _left_all(self, listings: list[Listing]) -> list[list[str]]:
        """Check's errors on each listing ("T005 title repeats 'bottle' more than 2 times"),
        the listings checked together: what the seller must still fix by hand (a rewrite
        that would change what the title says is not made)."""
        return [[f"{f.code} {f.message}" for f in found if f.severity == "error"]
                for found in self.fixer.check_rows(listings, [None] * len(listings))]

    def _veto(self, before: Listing, after: Listing, dropped: Iterable[str] = ()) -> str:
        missing = lost(before.title, after.title, before, dropped)
        if missing:
            return f"the rewrite would drop {', '.join(repr(w) for w in missing)} from the title"
        policy = self.policy
        if len(after.title) > policy.title_max:
            return f"the title is over {policy.title_max} characters and cannot be shortened " \
                   "without dropping a protected token"
        if policy.title_max_bytes and len(after.title.encode("utf-8")) > policy.title_max_bytes:
            return f"the title cannot be brought under {policy.title_max_bytes} bytes"
        return ""

    def run(self, listings: Any) -> Iterator[Outcome]:
        """The outcome of each listing, as they are read, a chunk at a time."""
        from listingkit.lint import chunks

        for chunk in chunks(listings):
            yield from self.optimize_chunk(chunk)


def diff(before: Listing, after: Listing) -> Iterator[str]:
    """A unified diff per changed field (difflib), labelled with file:row, SKU and field."""
    import difflib

    where = f"{before.source} " if before.source else ""
    names = ["title", "brand", "bullets", "description", "search_terms"]
    for name in names + sorted(set(before.attributes) | set(after.attributes)):
        old = before.text(name) if name in names else before.attributes.get(name, "")
        new = after.text(name) if name in names else after.attributes.get(name, "")
        if old != new:
            yield from difflib.unified_diff(
                old.splitlines(), new.splitlines(), lineterm="",
                fromfile=f"{where}{before.sku} {name}",
                tofile=f"{where}{after.sku} {name} (optimised)")
