"""Which keyword bank applies to a listing: a bank is one product's keywords, so a water-bottle
bank says nothing useful about a mug, a T-shirt or a cable.

A listing is relevant to a bank when its title names one of the bank's product-type keywords
(kind ``product type`` from ``listingkit keywords``, or a term of the product-type vocabulary
``lexicons/<lang>/product_type.tsv`` when the bank file has no kinds), or when it uses at least
``score.relevance_min_share`` of the bank's descriptive top keywords (weighted; brands,
measures and terms with digits left out). A title that names a *different* product type of the
vocabulary ("mug") is never relevant to a bank of another one, however many words it shares.
A grouped bank (``keywords --group-by COLUMN``) applies the listing's own group when a value of
the listing names one (its COLUMN, when the catalogue has it: the operator grouped competitors
by the catalogue's own categories), else the group the listing fits best. Picking the best of
many small groups finds chance fits: a statue's title shares a word with a doll group.

Matching is normalised (:mod:`.folding`: :class:`Words`, :func:`word_parts`): case, hyphens
and spaces ("Leak-Proof", "leak proof", "leakproof"), and the plural of each word.

A listing is judged from its :class:`~listingkit.scoring.view.View` (its title split once for
every criterion), against lookups prepared once per bank (:class:`_Profile`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import filterfalse
from typing import Any, NamedTuple

from listingkit.rules.memo import store
from listingkit.scoring.bank import KeywordBank, Term
from listingkit.scoring.folding import (  # noqa: F401 - Words, fold, has_digit: for optimize
    MAX_SPAN,
    Words,
    fold,
    has_digit,
    parts,
    squashed,
    term_parts,
    word_parts,
)
from listingkit.scoring.view import View

#: keyword kinds that describe one product, never a category (never added, never evidence)
SPECIFIC = frozenset({"brand", "measure"})
#: languages whose phrases put the head noun first ("bouteille isotherme")
HEAD_FIRST = frozenset({"fr", "es", "it", "pt"})
#: attributes optimize may write into the title: counted as the listing's words already
ADDED_ATTRIBUTES = ("color", "size", "material", "pack_count")


class Fit(NamedTuple):
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


def _own(spelled: Iterable[str], lang: str) -> dict[str, str]:
    """Vocabulary key -> the product types a title names (as the vocabulary writes them),
    from the vocabulary terms it spells (squashed)."""
    vocab, preferred = _vocabulary(lang), _preferred(lang)
    keys = sorted({vocab[s] for s in spelled})
    return {k: preferred.get(k, k) for k in keys}


def descriptive(terms: Iterable[Term]) -> list[Term]:
    """The keywords that say what a product is: no brand, measure or number."""
    return [t for t in terms if t.kind not in SPECIFIC and not has_digit(t) and t.words]


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
    heads: list[tuple[Term, str]]  # the types whose head word alone names them (> 3 letters)
    keys: frozenset[str]  # what a title's spans are looked up in: forms and vocabulary
    prefixes: frozenset[str]  # every prefix of those keys (a span that is none stops growing)
    weighted: list[tuple[float, tuple[str, ...]]]  # the useful terms' weights and parts
    useful_weight: float  # their summed weight
    users: dict[str, tuple[int, ...]]  # a part -> the useful terms (positions) that have it
    #: vocabulary terms a title names -> the verdict when they rule the bank out, else None
    rejected: dict[frozenset[str], tuple[float, str] | None] = field(default_factory=dict)
    #: (share of the useful keywords, the floor) -> the verdict (shares repeat: weights do)
    shared: dict[tuple[float, float], tuple[float, str]] = field(default_factory=dict)


def _users(useful: list[Term]) -> dict[str, tuple[int, ...]]:
    users: dict[str, list[int]] = {}
    for number, term in enumerate(useful):
        for part in dict.fromkeys(term_parts(term.text)):
            users.setdefault(part, []).append(number)
    return {k: tuple(v) for k, v in users.items()}


def _share(mine: frozenset[str], profile: _Profile) -> float:
    """The weighted share of the profile's useful (:func:`descriptive`) keywords whose word
    parts the listing (``mine``) uses. Only terms with a part in ``mine`` are added up, in
    term order: the others would add exactly 0.0."""
    if not profile.useful_weight:
        return 0.0
    users = profile.users
    used = sorted({n for p in mine & users.keys() for n in users[p]})
    weighted = profile.weighted
    has = mine.__contains__
    return sum([weighted[n][0] * (sum(map(has, weighted[n][1])) / len(weighted[n][1]))
                for n in used]) / profile.useful_weight


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
        forms = {squashed(f): t for t in reversed(types) for f in t.forms}
        useful = descriptive(bank.top(top))
        keys = frozenset(forms) | frozenset(vocab)
        cache[(lang, top)] = _Profile(
            heads, frozenset(vocab.get(squashed(t.text)) for t in types),
            ", ".join(repr(t.text) for t in known[:2]), bank.top(top), min(longest, MAX_SPAN),
            forms, useful,
            [(t, h) for t, h in heads if len(h) > 3 and not h.isdigit()], keys,
            frozenset(k[:i] for k in keys for i in range(1, len(k) + 1)),
            [(t.weight, term_parts(t.text)) for t in useful], sum(t.weight for t in useful),
            _users(useful))
    return cache[(lang, top)]  # type: ignore[no-any-return]


class _Evidence:
    """What relevance reads from one listing, the same for every bank and group: the title's
    folded parts, and (on first use) the parts of every field, brand and model left out."""

    __slots__ = ("_all", "leave_out", "set", "title", "view")

    def __init__(self, view: View) -> None:
        listing = view.listing
        # the brand and model are not evidence ("Underground Toys", "NW-TEE"): optimize puts
        # them in the title, and the verdict must not change when it does (idempotence)
        attrs = listing.attributes
        hidden = " ".join([listing.brand, attrs.get("model", ""), attrs.get("mpn", "")]).strip() \
            if attrs and ("model" in attrs or "mpn" in attrs) else listing.brand.strip()
        self.leave_out = leave_out = _hidden(hidden) if hidden else frozenset()
        ps = word_parts(view.title_words)
        self.title = list(filterfalse(leave_out.__contains__, ps)) if leave_out else ps
        self.set = frozenset(self.title)
        self.view = view
        self._all: frozenset[str] | None = None

    def everything(self) -> frozenset[str]:
        """The parts of every field and of the attributes optimize may add (for :func:`_share`)."""
        if self._all is None:
            view, listing = self.view, self.view.listing
            attrs = listing.attributes
            ps = []
            for ws in (view.bullet_words if listing.bullets else None,
                       view.term_words if listing.search_terms else None,
                       view.description_words if listing.description else None):
                if ws:
                    ps += word_parts(ws)
            if attrs:
                for name in ADDED_ATTRIBUTES:
                    value = attrs.get(name, "")
                    if value:
                        ps += parts(value)
            leave_out = self.leave_out
            self._all = self.set.union(p for p in ps if p not in leave_out) if ps else self.set
        return self._all

    def named(self, profile: _Profile) -> set[str]:
        """The profile's keys (product-type forms, vocabulary terms) that a run of up to
        ``profile.longest`` title parts spells, squashed (the keys of ``Words.spans``)."""
        ps, prefixes, keys = self.title, profile.prefixes, profile.keys
        count, longest = len(ps), profile.longest
        found: set[str] = set()
        for i, span in enumerate(ps):
            if span not in prefixes:
                continue
            stop = min(i + longest, count)
            j = i + 1
            while True:
                if span in keys:
                    found.add(span)
                if j >= stop:
                    break
                span += ps[j]
                j += 1
                if span not in prefixes:
                    break
        return found


#: the hidden text (brand, model, MPN) -> its parts; brands repeat on every row
_HIDDEN: dict[str, frozenset[str]] = {}


def _hidden(text: str) -> frozenset[str]:
    found = _HIDDEN.get(text)
    if found is None:
        found = store(_HIDDEN, text, frozenset(parts(text)), 16384)
    return found


def evidence(view: View) -> _Evidence:
    """The view's relevance evidence, prepared on first use."""
    found = view.relevance
    if found is None:
        found = view.relevance = _Evidence(view)
    return found  # type: ignore[return-value]


def _judge(view: View, bank: KeywordBank, policy: Any) -> tuple[float, str]:
    """(strength, reason): 2 the title names the product type, 1-1.5 enough shared
    keywords, below 1 not relevant."""
    lang, top = policy.lang, policy.params["top_keywords"]
    profiles = bank.__dict__.get("_relevance")
    profile = profiles.get((lang, top)) if profiles else None
    if profile is None:
        profile = _profile(bank, lang, top)
    title: _Evidence = view.relevance or evidence(view)  # type: ignore[assignment]
    have = title.set
    for term, head in profile.heads:
        if head in have:
            return 2.0, _names(term.text)
    spelled = title.named(profile)
    named_here = spelled & profile.forms.keys()
    if named_here:
        term = min((profile.forms[f] for f in named_here), key=profile.terms.index)
        return 2.0, _names(term.text)
    terms = frozenset(spelled & _vocabulary(lang).keys()) if spelled else None
    if terms:  # the title names product types of the vocabulary: another one rules it out
        rejected = profile.rejected
        verdict = rejected[terms] if terms in rejected else _reject(terms, profile, lang)
        if verdict is not None:
            return verdict
    share = _share(title.everything(), profile)
    floor = float(policy.p("relevance_min_share"))
    verdict = profile.shared.get((share, floor))
    if verdict is None:
        verdict = store(profile.shared, (share, floor), _by_share(share, floor, profile), 4096)
    return verdict


def _by_share(share: float, floor: float, profile: _Profile) -> tuple[float, str]:
    """The verdict on a title that names none of the bank's product types and uses ``share``
    of its useful keywords (the same for every such title: :func:`_judge` keeps it)."""
    if share >= floor:
        return 1.0 + share / 2, f"uses {share:.0%} of the bank's top keywords"
    named = profile.named
    what = f" ({named})" if named else ""
    return share, (f"not the bank's product type{what}: uses {share:.0%} of its top "
                   f"keywords, under the {floor:.0%} needed (score.relevance_min_share)")


@lru_cache(maxsize=4096)
def _names(text: str) -> str:
    return f"the title names the bank's product type {text!r}"


def _reject(terms: frozenset[str], profile: _Profile, lang: str) -> tuple[float, str] | None:
    """The verdict on a title that names the vocabulary ``terms`` (None: not ruled out),
    kept per profile: titles of one catalogue name few combinations."""
    own = _own(terms, lang)
    verdict = None
    if own and not set(own) & profile.theirs:
        verdict = (-1.0, (f"not the bank's product type: the title names "
                          f"{', '.join(repr(v) for v in own.values())}, the bank is for "
                          f"{profile.named or 'other products'}"))
    return store(profile.rejected, terms, verdict, 4096)


_NO_BANK = Fit(None, "")


def fit(listing: Any, bank: KeywordBank | None, policy: Any, view: View | None = None
        ) -> Fit:
    """The part of ``bank`` that applies to ``listing`` (see the module docstring); ``view``
    is the listing's prepared text when the caller has it."""
    if bank is None or not bank.terms:
        return _NO_BANK
    if view is None:
        view = View(listing, policy.visible)
    groups = bank.groups
    if not groups:
        strength, reason = _judge(view, bank, policy)
        return Fit(bank if strength >= 1.0 else None, reason)
    own = bank.named_group(listing.attributes.values())
    if own is not None:
        strength, reason = _judge(view, bank.part(own), policy)
        return Fit(bank.part(own) if strength >= 1.0 else None, f"group {own!r}: {reason}")
    judged = [(_judge(view, bank.part(g), policy), g) for g in groups]
    (strength, reason), group = max(judged, key=lambda j: j[0][0])
    if strength >= 1.0:
        return Fit(bank.part(group), f"group {group!r}: {reason}")
    return Fit(None, "not the product type of any group of the bank ("
               f"{', '.join(groups[:5])}{' ...' if len(groups) > 5 else ''})")
