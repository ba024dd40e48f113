"""The optimizer as it ran one listing at a time, start to end (before chunks): kept as the
oracle of ``test_optimize_chunks.py``. It drives a live :class:`Optimizer`'s parts (its scorer,
fixer and policy); only the order of the work is the old one."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from held_fixing import apply_fixes

from listingkit.listing import Listing
from listingkit.optimize import search_terms as st
from listingkit.optimize.run import BANNED, MAX_PASSES, Outcome, named
from listingkit.optimize.title import drop_phrases, rewrite, shorten


def step(self: Any, listing: Listing, bank: Any, dropped: list[str] | None,
         title_rewrite: bool) -> tuple[Listing, list[str], int]:
    fixed, findings, count = apply_fixes(self.fixer, listing)
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


def _left(self: Any, listing: Listing) -> list[str]:
    return [f"{f.code} {f.message}" for f in self.fixer.check_row(listing)
            if f.severity == "error"]


def optimize(self: Any, listing: Listing) -> Outcome:
    fitted = self.scorer.fit(listing)
    before = self.scorer.score(listing, suggestions=False).score
    note = f"no keywords added: {fitted.reason}" if self.bank and not fitted.bank else ""
    first = ""
    for title_rewrite in (True, False):
        current, fixes = listing, 0
        unfit: list[str] = []
        dropped: list[str] = []
        settled = False
        for _ in range(MAX_PASSES):
            nxt, unfit, count = step(self, current, fitted.bank, dropped, title_rewrite)
            fixes += count
            if nxt == current:
                settled = True
                break
            current = nxt
        reason = self._veto(listing, current, dropped) if settled else \
            f"the rewrite did not settle in {MAX_PASSES} passes (check's fixes and the " \
            "rewrite disagree)"
        after = self.scorer.score(current, suggestions=False).score if not reason \
            else before
        if not reason and after < before:
            reason = f"the rewrite scored {after:.1f}, below the original {before:.1f}"
        if not reason and not (first and current == listing):
            if first:
                note = "; ".join(x for x in (f"title rewrite held back: {first}", note)
                                 if x)
            return Outcome(listing, current, before, after, "", unfit, fixes, dropped,
                           note, _left(self, listing=current))
        first = first or reason
    return Outcome(listing, listing, before, before, first, note=note,
                   left=_left(self, listing))
