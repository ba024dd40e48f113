"""Scoring listings 0-100 against a marketplace's policy, with suggestions that say what to
change and how many points it gains.

>>> from listingkit.scoring import Scorer, load_bank
>>> scorer = Scorer(registry.get("amazon-us"), config, bank=load_bank("keywords.csv"))  # doctest: +SKIP
>>> result = scorer.score(listing)                                                      # doctest: +SKIP
>>> result.score, [s.action for s in result.suggestions]                                # doctest: +SKIP

:mod:`.policy` weights and parameters (spec ``[score]``, config ``[score]``), :mod:`.bank`
keyword banks, :mod:`.view` a listing's prepared text, :mod:`.criteria` and :mod:`.casing` the
content criteria, :mod:`.checked` the criteria from check's rules (compliance, language),
:mod:`.relevance` (with :mod:`.folding`) which bank applies, :mod:`.engine` totals,
suggestions and ranks, :mod:`.report` table, CSV and JSON.
"""

from listingkit.scoring.bank import KeywordBank, bank_from_listings, load_bank
from listingkit.scoring.engine import ListingScore, Scorer, rank_among, rank_in
from listingkit.scoring.policy import CRITERIA, Policy, build_policy

__all__ = ["CRITERIA", "KeywordBank", "ListingScore", "Policy", "Scorer", "bank_from_listings",
           "build_policy", "load_bank", "rank_among", "rank_in"]
