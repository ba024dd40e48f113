"""The gap: which of the top competitor keywords my listing lacks, and where it has the rest.

A keyword counts as present when any of its variants (same root, or a guarded fuzzy match)
is a candidate of my listing's title, bullets, description or search terms.

A keyword that says what one product is (a measure, a colour, a material, a size, a pattern)
is not missing when my listing says its own value of the same kind: a 750 ml bottle lacks
nothing by not saying "500 ml", a green one by not saying "black". The row shows mine.
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
    #: my listing's own value of the keyword's kind ("750 ml" for "500 ml"), if it differs
    yours: str = ""

    @property
    def missing(self) -> bool:
        return not self.found_in and not self.yours

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.keyword.term, "kind": self.keyword.kind,
                "score": round(self.keyword.score, 4), "missing": self.missing,
                "found_in": self.found_in, "yours": self.yours}


def _unit(text: str) -> str:
    """The unit of a measure ("ml" of "500 ml"); "" when ``text`` is none."""
    parts = text.replace("\u00a0", " ").split()
    return " ".join(parts[1:]) if len(parts) > 1 and parts[0][:1].isdigit() else ""


def gaps(analyzer: Analyzer, keywords: list[Keyword], mine: Iterable[Listing]
         ) -> dict[str, list[GapRow]]:
    """For each of my listings (by SKU), the top keywords and where each one appears."""
    from rapidfuzz import fuzz, process

    from listingkit.keywords.kinds import CLAIM_KINDS, vocabulary_forms

    forms = vocabulary_forms(analyzer.lang)
    of_kind = {kind: {root_key(f.lower()) for f in forms.get(kind, ())} for kind in CLAIM_KINDS}
    mine = list(mine)
    out: dict[str, list[GapRow]] = {}
    for listing, occ in zip(mine, listing_terms(analyzer, mine, GAP_FIELDS)):
        fields_of: dict[str, set[str]] = {}
        shown: dict[str, str] = {}  # root -> my listing's own words for it
        units: dict[str, str] = {}  # unit -> my measure of it ("ml" -> "750 ml")
        for key in occ.masks:
            root, spelt = root_key(key), key.replace("\u00a0", " ")
            fields_of.setdefault(root, set()).update(occ.fields(key))
            shown.setdefault(root, spelt)
            if " " not in key and _unit(key):  # (a measure alone, not a phrase holding one)
                units.setdefault(_unit(key), spelt)
        roots = list(fields_of)
        own = {kind: next((shown[r] for r in roots if r in values), "")
               for kind, values in of_kind.items()}
        rows = []
        for keyword in keywords:
            wanted = {root_key(t): t for t in (keyword.lemma, keyword.root,
                                               *(v.lower() for v in keyword.variants))}
            found: set[str] = set()
            for root, written in wanted.items():
                found |= fields_of.get(root, set())
                for match, _score, _i in process.extract(
                        root, roots, scorer=fuzz.ratio, score_cutoff=FUZZY_RATIO, limit=5):
                    if may_merge(root, match, analyzer.lang, (written, shown[match])):
                        found |= fields_of[match]
            yours = ""
            if not found:
                yours = units.get(_unit(keyword.root), "") if keyword.kind == "measure" \
                    else own.get(keyword.kind, "")
            rows.append(GapRow(keyword, [f for f in GAP_FIELDS if f in found], yours))
        key = listing.sku or (str(listing.source) if listing.source else "listing")
        out[key] = rows
    return out
