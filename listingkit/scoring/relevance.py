"""Which keyword bank applies to a listing: a bank is one product's keywords, so a water-bottle
bank says nothing useful about a mug, a T-shirt or a cable.

A listing is relevant to a bank when its title names one of the bank's product-type keywords
(kind ``product type`` from ``listingkit keywords``, or a term of the product-type vocabulary
``lexicons/<lang>/product_type.tsv`` when the bank file has no kinds), or when it uses at least
``score.relevance_min_share`` of the bank's descriptive top keywords (weighted; brands,
measures and terms with digits left out). A title that names a *different* product type of the
vocabulary ("mug") is never relevant to a bank of another one, however many words it shares.
A grouped bank (``keywords --group-by``) applies the group the listing fits best.

Matching is normalised (:class:`Words`): case, hyphens and spaces ("Leak-Proof", "leak proof",
"leakproof"), and the plural of each word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from listingkit.scoring.bank import KeywordBank, Term, words

_PARTS = re.compile(r"[-‐‑–'’.]+")
#: keyword kinds that describe one product, never a category (never added, never evidence)
SPECIFIC = frozenset({"brand", "measure"})
#: languages whose phrases put the head noun first ("bouteille isotherme")
HEAD_FIRST = frozenset({"fr", "es", "it", "pt"})
MAX_SPAN = 6
#: attributes optimize may write into the title: counted as the listing's words already
ADDED_ATTRIBUTES = ("color", "size", "material", "pack_count")


@lru_cache(maxsize=65536)
def fold(part: str) -> str:
    """One word part, lower case, plural folded to singular ("bottles" -> "bottle")."""
    part = part.lower()
    if len(part) > 3 and part.isalpha() and part.endswith("s") and not part.endswith(("ss", "us",
                                                                                     "is")):
        return part[:-1]
    return part


def parts(text: str) -> list[str]:
    """The folded word parts of ``text``: hyphenated words split ("leak-proof" -> leak, proof)."""
    return [fold(p) for w in words(text) for p in _PARTS.split(w) if p]


@lru_cache(maxsize=65536)
def term_parts(text: str) -> tuple[str, ...]:
    """:func:`parts` of a keyword or one of its forms (cached: banks are small)."""
    return tuple(parts(text))


@lru_cache(maxsize=65536)
def squashed(text: str) -> str:
    """A keyword form's parts run together: "Leak-Proof" and "leak proof" -> "leakproof"."""
    return "".join(term_parts(text))


def has_digit(term: Term) -> bool:
    return any(c.isdigit() for c in term.text)


class Words:
    """A text's folded parts and every run of them squashed together, so "Leak-Proof",
    "leak proof" and "leakproof" are the same phrase."""

    __slots__ = ("_spans", "longest", "parts", "set")

    def __init__(self, *texts: str, leave_out: frozenset[str] = frozenset(),
                 longest: int = MAX_SPAN) -> None:
        self.parts = [p for text in texts if text for p in parts(text) if p not in leave_out]
        self.set = frozenset(self.parts)
        self.longest = longest  # the longest phrase (in parts) that will be looked up
        self._spans: frozenset[str] | None = None

    @property
    def spans(self) -> frozenset[str]:
        """Every run of up to ``longest`` parts, squashed (built on first use)."""
        if self._spans is None:
            ps, n = self.parts, self.longest
            self._spans = frozenset(ps) if n == 1 else frozenset(
                "".join(ps[i:j]) for i in range(len(ps)) for j in range(i + 1, min(i + n, len(ps)) + 1))
        return self._spans

    def has(self, term: Term) -> bool:
        """Any form of ``term`` (its text, variants, lemma, plural) appears as a phrase."""
        spans = self.spans
        return any(squashed(form) in spans for form in term.forms)

    def overlaps(self, term: Term) -> bool:
        """Any word of ``term`` is here (the conservative test before adding it)."""
        return any(p in self.set for p in term_parts(term.text))

    def share(self, term: Term) -> float:
        ps = term_parts(term.text)
        return sum(p in self.set for p in ps) / len(ps) if ps else 0.0


@dataclass(frozen=True)
class Fit:
    """The bank (or group) that applies to one listing, or None, and why."""

    bank: KeywordBank | None
    reason: str = ""


@cache
def _vocabulary(lang: str) -> dict[str, str]:
    """Folded product-type term -> vocabulary key, for ``lang`` (empty when there is none)."""
    try:
        from listingkit import vocabulary

        concept = vocabulary.concept("product_type")
    except Exception:  # noqa: BLE001 - a missing vocabulary only loses this evidence
        return {}
    return {"".join(parts(t)): key for key, forms in concept.terms.get(lang, {}).items()
            for t in forms}


@cache
def _longest(lang: str) -> int:
    """The most parts a product-type vocabulary term of ``lang`` has."""
    try:
        from listingkit import vocabulary

        forms = [f for v in vocabulary.concept("product_type").terms.get(lang, {}).values()
                 for f in v]
    except Exception:  # noqa: BLE001
        return 1
    return max((len(parts(f)) for f in forms), default=1)


def product_types(bank: KeywordBank, lang: str, top: int) -> list[Term]:
    """The bank's product-type keywords (tagged by the vocabulary when the bank has no kinds)."""
    terms = bank.top(top)
    if any(t.kind for t in terms):
        return [t for t in terms if t.kind == "product type"]
    vocab = _vocabulary(lang)
    return [t for t in terms if squashed(t.text) in vocab]


@cache
def _preferred(lang: str) -> dict[str, str]:
    """Vocabulary key -> the term the vocabulary writes for ``lang``."""
    try:
        from listingkit import vocabulary

        return {k: v[0] for k, v in vocabulary.concept("product_type").terms.get(lang, {}).items()}
    except Exception:  # noqa: BLE001
        return {}


def own_types(title: Words, lang: str) -> dict[str, str]:
    """Vocabulary key -> the product types the title names (as the vocabulary writes them)."""
    vocab, preferred = _vocabulary(lang), _preferred(lang)
    keys = sorted({vocab[s] for s in title.spans & vocab.keys()})
    return {k: preferred.get(k, k) for k in keys}


def descriptive(terms: Iterable[Term]) -> list[Term]:
    """The keywords that say what a product is: no brand, measure or number."""
    return [t for t in terms if t.kind not in SPECIFIC and not has_digit(t) and t.words]


def coverage(mine: Words, useful: list[Term]) -> float:
    """The weighted share of the ``useful`` (:func:`descriptive`) keywords whose words the
    listing uses."""
    total = sum(t.weight for t in useful)
    return sum(t.weight * mine.share(t) for t in useful) / total if total else 0.0


@dataclass(frozen=True)
class _Profile:
    """What relevance needs from one bank, prepared once per bank."""

    types: list[tuple[Term, str]]  # product-type keywords and their head words
    theirs: frozenset[str | None]  # their vocabulary keys
    named: str  # how the report names them
    terms: list[Term]  # the top terms
    longest: int  # the most parts a product-type form or vocabulary term has
    forms: dict[str, Term]  # squashed product-type form -> its keyword
    useful: list[Term]  # the descriptive top terms (coverage)


def _profile(bank: KeywordBank, lang: str, top: int) -> _Profile:
    cache = bank.__dict__.setdefault("_relevance", {})
    if (lang, top) not in cache:
        vocab = _vocabulary(lang)
        types = product_types(bank, lang, top)
        heads = []
        for term in types:
            ps = term_parts(term.text)
            heads.append((term, (ps[0] if lang in HEAD_FIRST else ps[-1]) if ps else ""))
        known = sorted(types, key=lambda t: squashed(t.text) not in vocab)  # stable
        longest = max([len(term_parts(f)) for t in types for f in t.forms] +
                      [_longest(lang), 1])
        cache[(lang, top)] = _Profile(
            heads, frozenset(vocab.get(squashed(t.text)) for t in types),
            ", ".join(repr(t.text) for t in known[:2]), bank.top(top), min(longest, MAX_SPAN),
            {squashed(f): t for t in reversed(types) for f in t.forms},
            descriptive(bank.top(top)))
    return cache[(lang, top)]  # type: ignore[no-any-return]


def _judge(listing: Any, bank: KeywordBank, policy: Any) -> tuple[float, str]:
    """(strength, reason): 2 the title names the product type, 1-1.5 enough shared
    keywords, below 1 not relevant."""
    lang, top = policy.lang, policy.p("top_keywords")
    floor = float(policy.p("relevance_min_share"))
    profile = _profile(bank, lang, top)
    # the brand and model are not evidence ("Underground Toys", "NW-TEE"): optimize puts
    # them in the title, and the verdict must not change when it does (idempotence)
    attrs = listing.attributes
    hidden = " ".join([listing.brand, attrs.get("model", ""), attrs.get("mpn", "")]).strip()
    leave_out = frozenset(parts(hidden)) if hidden else frozenset()
    title = Words(listing.title, leave_out=leave_out, longest=profile.longest)
    for term, head in profile.types:
        if len(head) > 3 and not head.isdigit() and head in title.set:
            return 2.0, f"the title names the bank's product type {term.text!r}"
    named_here = title.spans & profile.forms.keys()
    if named_here:
        term = min((profile.forms[f] for f in named_here), key=profile.terms.index)
        return 2.0, f"the title names the bank's product type {term.text!r}"
    named = profile.named
    own = own_types(title, lang)
    if own and not set(own) & profile.theirs:
        return -1.0, (f"not the bank's product type: the title names "
                      f"{', '.join(repr(v) for v in own.values())}, the bank is for "
                      f"{named or 'other products'}")
    mine = Words(listing.title, listing.text("bullets"), listing.search_terms,
                 listing.description, *(attrs.get(a, "") for a in ADDED_ATTRIBUTES),
                 leave_out=leave_out)
    share = coverage(mine, profile.useful)
    if share >= floor:
        return 1.0 + share / 2, f"uses {share:.0%} of the bank's top keywords"
    what = f" ({named})" if named else ""
    return share, (f"not the bank's product type{what}: uses {share:.0%} of its top "
                   f"keywords, under the {floor:.0%} needed (score.relevance_min_share)")


def fit(listing: Any, bank: KeywordBank | None, policy: Any) -> Fit:
    """The part of ``bank`` that applies to ``listing`` (see the module docstring)."""
    if not bank:
        return Fit(None, "")
    groups = bank.groups
    if not groups:
        strength, reason = _judge(listing, bank, policy)
        return Fit(bank if strength >= 1.0 else None, reason)
    judged = [(_judge(listing, bank.part(g), policy), g) for g in groups]
    (strength, reason), group = max(judged, key=lambda j: j[0][0])
    if strength >= 1.0:
        return Fit(bank.part(group), f"group {group!r}: {reason}")
    return Fit(None, "not the product type of any group of the bank ("
               f"{', '.join(groups[:5])}{' ...' if len(groups) > 5 else ''})")
