"""The gap: which of the top competitor keywords my listing lacks, and where it has the rest.

A keyword counts as present when any of its variants (same root, or a guarded fuzzy match)
is a candidate of my listing's title, bullets, description or search terms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from listingkit.keywords.candidates import listing_terms
from listingkit.keywords.ranking import Keyword
from listingkit.keywords.variants import FUZZY_RATIO, may_merge, root_key
from listingkit.listing import Listing
from listingkit.nlp import Analyzer

GAP_FIELDS = ("title", "bullets", "description", "search_terms")


@dataclass
class GapRow:
    """One top keyword and where my listing uses it (empty: missing)."""

    keyword: Keyword
    found_in: list[str]

    @property
    def missing(self) -> bool:
        return not self.found_in

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.keyword.term, "kind": self.keyword.kind,
                "score": round(self.keyword.score, 4), "missing": self.missing,
                "found_in": self.found_in}


def gaps(analyzer: Analyzer, keywords: list[Keyword], mine: Iterable[Listing]
         ) -> dict[str, list[GapRow]]:
    """For each of my listings (by SKU), the top keywords and where each one appears."""
    from rapidfuzz import fuzz, process

    mine = list(mine)
    out: dict[str, list[GapRow]] = {}
    for listing, occ in zip(mine, listing_terms(analyzer, mine, GAP_FIELDS)):
        fields_of: dict[str, set[str]] = {}
        for key in occ.masks:
            fields_of.setdefault(root_key(key), set()).update(occ.fields(key))
        roots = list(fields_of)
        rows = []
        for keyword in keywords:
            wanted = {root_key(keyword.lemma), root_key(keyword.root)} | {root_key(v.lower()) for v in keyword.variants}
            found: set[str] = set()
            for root in wanted:
                found |= fields_of.get(root, set())
                for match, _score, _i in process.extract(
                        root, roots, scorer=fuzz.ratio, score_cutoff=FUZZY_RATIO, limit=5):
                    if may_merge(root, match, analyzer.lang):
                        found |= fields_of[match]
            rows.append(GapRow(keyword, [f for f in GAP_FIELDS if f in found]))
        key = listing.sku or (str(listing.source) if listing.source else "listing")
        out[key] = rows
    return out
