"""The criteria: each one looks at a listing and returns how much of its points it earns.

Compliance and language, which come from check's rules, are in :mod:`.checked`;
capitalisation is in :mod:`.casing`. A criterion returns an :class:`Outcome` (a fraction 0-1,
a one-line detail, and the actions that would raise it, each with the fraction it would
reach), or None when it does not apply to this listing (its weight then goes to the others).
Criteria read only prepared text (:class:`View`) and the
:class:`~listingkit.scoring.policy.Policy`; they are cheap because they run on every listing
of a catalogue. Where an outcome depends on a few numbers or words only (length, front-loading,
capitalisation, a title with nothing stuffed), it is built once per run and shared between
listings: outcomes are never changed once returned.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from listingkit.brand import trade_name
from listingkit.rules.memo import store
from listingkit.scoring.bank import KeywordBank, words
from listingkit.scoring.view import View

_EDGE = re.compile(r"^[\W_]+|[\W_]+$")

#: a brand -> its words; brands repeat on every row of a catalogue
_BRANDS: dict[str, list[str]] = {}


def brand_words(brand: str) -> list[str]:
    """:func:`~listingkit.scoring.bank.words` of a brand's trade name (cached): a title
    names "Ganz USA", not the company "Ganz USA LLC" (:func:`listingkit.brand.trade_name`)."""
    found = _BRANDS.get(brand)
    if found is None:
        found = store(_BRANDS, brand, words(trade_name(brand)), 16384)
    return found


@dataclass
class Action:
    text: str
    after: float  # the criterion's fraction once done
    lifts_cap: bool = False


@dataclass
class Outcome:
    fraction: float
    detail: str
    actions: list[Action] = field(default_factory=list)
    capped: bool = False  # an error from check caps the whole score


# -- length budget ------------------------------------------------------------------------------
def title_length_fraction(n: int, policy: Any) -> float:
    lo, hi = policy.sweet
    if n == 0 or n > policy.title_max:
        return 0.0
    if n < lo:
        return n / lo
    if n <= hi:
        return 1.0
    floor = policy.p("over_sweet_floor")
    span = max(policy.title_max - hi, 1)
    return 1.0 - (1.0 - floor) * (n - hi) / span


@dataclass(frozen=True)
class _Budget:
    """What the length criterion reads from a policy, worked out once per policy."""

    share: float  # the search terms' share of the criterion
    fill: float  # the bytes that count as filled search terms
    limits: str  # the detail after the title's length
    lengthen: str  # the actions' texts
    shorten: str
    target: int
    #: (title chars, search-term bytes) -> the outcome (listings share these two numbers)
    seen: dict[tuple[int, int], Outcome] = field(default_factory=dict, compare=False)


def _budget(policy: Any) -> _Budget:
    found = policy.__dict__.get("_budget")
    if found is None:
        lo, hi = policy.sweet
        share = policy.p("search_terms_share") if policy.search_bytes else 0.0
        fill = policy.p("search_terms_fill") * policy.search_bytes if policy.search_bytes \
            else 0.0
        found = policy.__dict__["_budget"] = _Budget(
            share, fill, f" chars (sweet spot {lo}-{hi}, max {policy.title_max})",
            f"lengthen the title to {lo}-{hi} characters with key attributes and keywords",
            f"shorten the title to at most {hi} characters", round(fill))
    return found  # type: ignore[no-any-return]


def length(view: View, policy: Any) -> Outcome:
    terms = view.listing.search_terms
    key = (len(view.title), len(terms.encode("utf-8")) if terms else 0)
    budget = _budget(policy)
    found = budget.seen.get(key)
    if found is None:
        found = store(budget.seen, key, _length(*key, policy, budget), 4096)
    return found


def _length(n: int, used: int, policy: Any, budget: _Budget) -> Outcome:
    """The length outcome of a title of ``n`` characters and ``used`` bytes of search terms
    (the same for every listing with those two numbers: :func:`length` keeps it)."""
    lo, hi = policy.sweet
    title_part = title_length_fraction(n, policy)
    share = budget.share
    search_bytes = policy.search_bytes
    fill = min(1.0, used / budget.fill) if search_bytes else 1.0
    fraction = (1 - share) * title_part + share * fill
    detail = f"title {n}{budget.limits}"
    if search_bytes:
        detail += f"; search terms {used}/{search_bytes} bytes"
    actions = []
    if title_part < 1.0 and 0 < n < lo:
        actions.append(Action(budget.lengthen, (1 - share) + share * fill))
    elif title_part < 1.0 and n > hi:
        actions.append(Action(budget.shorten, (1 - share) + share * fill))
    if share and fill < 1.0:
        actions.append(Action(f"fill the search terms to at least {budget.target} bytes "
                              f"(now {used})", (1 - share) * title_part + share))
    return Outcome(fraction, detail, actions)


# -- front-loading ------------------------------------------------------------------------------
def front_loading(view: View, policy: Any, bank: KeywordBank | None) -> Outcome | None:
    listing = view.listing
    bws = brand_words(listing.brand) if listing.brand else ()
    title_hits = view.hits.get("title")
    front: list[int] = sorted(title_hits)[:policy.p("front_keywords")] if title_hits else []
    if not bws and not front:
        return None
    state = None  # the brand's part: 1.0 visible, 0.3 later in the title, 0.0 not there
    if len(bws) == 1:  # the common case, without joining: words hold no spaces
        ws = view.title_words
        try:
            state = 1.0 if ws.index(bws[0]) < view.shown else 0.3
        except ValueError:
            state = 0.0
    elif bws:
        brand = " ".join(bws)
        state = 1.0 if f" {brand} " in view.head else \
            0.3 if f" {brand} " in view.padded["title"] else 0.0
    late: tuple[int, ...] | tuple[str, ...] = ()  # the top keywords not visible
    if front:
        head_hits = view.head_hits
        late = tuple([i for i in front if i not in head_hits])
        if late and bank is not None:
            late = tuple([bank.terms[i].text for i in late])
    key = (trade_name(listing.brand), state, len(front), late, bank is not None, policy.visible)
    found = _FRONT.get(key)
    if found is None:
        found = store(_FRONT, key, _front(*key), 16384)
    return found


#: (brand, its state, top keywords, those not visible, a bank?, visible chars) -> the outcome
_FRONT: dict[tuple[Any, ...], Outcome] = {}


def _front(brand: str, state: float | None, front: int, late: tuple[Any, ...], bank: bool,
           visible: int) -> Outcome:
    parts: list[float] = []
    notes, actions = [], []
    if state is not None:
        parts.append(state)
        notes.append("brand visible" if state == 1.0 else
                     f"brand not in the first {visible} chars")
    if front:
        shown = front - len(late)
        parts.append(shown / front)
        notes.append(f"{shown}/{front} top title keywords in the first {visible} chars")
    fraction = sum(parts) / len(parts)
    if state is not None and parts[0] < 1.0:
        after = (1.0 + sum(parts[1:])) / len(parts)
        verb = "move" if parts[0] else "put"
        actions.append(Action(f"{verb} the brand {brand!r} at the start of the title", after))
    if front and parts[-1] < 1.0 and bank:
        after = (sum(parts[:-1]) + 1.0) / len(parts)
        actions.append(Action(f"move {', '.join(repr(x) for x in late)} into the first "
                              f"{visible} characters of the title", after))
    return Outcome(fraction, "; ".join(notes), actions)


# -- keyword coverage ---------------------------------------------------------------------------
def keywords(view: View, policy: Any, bank: KeywordBank | None) -> Outcome | None:
    if bank is None or not bank.terms:
        return None
    place = policy.p("placement")
    index = bank.index(policy.p("top_keywords"))
    terms = index.terms
    # a measure ("500 ml") or a term with a digit describes one product: not a gap of another
    skip = index.specific
    total = index.general or 1.0
    placed: dict[int, float] = {}
    for name, hits in view.hits.items():
        value = place.get(name, 0.0)
        for i in hits:
            if i not in skip and placed.get(i, 0.0) < value:
                placed[i] = value
    indexed = place.get("search_terms", 0.0) if policy.search_bytes else 0.0
    if indexed and len(placed) < len(terms):
        # the marketplace indexes words from title, bullets and search terms together, so a
        # phrase whose words are all there is found even where it is not written as a phrase
        # (only terms sharing a word with those fields can be; in term order, as placed fills)
        have = view.indexed_words()
        by_word = index.by_word
        for i in sorted({i for w in have & by_word.keys() for i in by_word[w]}):
            if placed.get(i, 0.0) < indexed and have.issuperset(terms[i].words):
                placed[i] = indexed
    fraction = sum([terms[i].weight * v for i, v in placed.items()]) / total
    gaps = _gaps(index, placed, total)
    room = policy.title_max - len(view.title)
    actions = []
    for gain, neg in gaps:
        term, best = terms[-neg], placed.get(-neg, 0.0)
        if len(term.text) + 2 <= room:
            actions.append(Action(f"add {term.text!r} to the title", fraction + gain))
        elif policy.search_bytes and best < place.get("search_terms", 0.0):
            delta = term.weight * (place["search_terms"] - best) / total
            actions.append(Action(f"add {term.text!r} to the search terms", fraction + delta))
        elif best < place.get("bullets", 0.0):
            delta = term.weight * (place["bullets"] - best) / total
            actions.append(Action(f"add {term.text!r} to a bullet point", fraction + delta))
    detail = f"{len(placed)}/{len(terms) - len(skip)} keywords used, weighted by score and placement " \
             f"({bank.source})"
    return Outcome(fraction, detail, actions)


def _gaps(index: Any, placed: dict[int, float], total: float) -> list[tuple[float, int]]:
    """The three biggest (gain, -position) gaps among the counted terms (as heapq.nlargest
    over all of them would give: no ties, positions differ). Unused terms gain their whole
    weight (``index.gaps``, ranked once); only the used ones are worked out here."""
    found: list[tuple[float, int]] = []
    for gap in index.gaps:  # the biggest unused ones
        if -gap[1] not in placed:
            found.append(gap)
            if len(found) == 3:
                break
    for i, v in placed.items():
        if v < 1.0:
            found.append((index.terms[i].weight * (1.0 - v) / total, -i))
    return sorted(found, reverse=True)[:3]


# -- stuffing -----------------------------------------------------------------------------------
def _stuffed(penalty: float, excess: int, doubles: int, dups: int) -> float:
    return max(0.0, 1.0 - penalty * excess - 0.1 * doubles - 0.05 * dups)


#: the outcome of a title with no word repeated and no wasted search-term word
_CLEAN = Outcome(1.0, "no repeated words")


def stuffing(view: View, policy: Any, exempt: frozenset[str]) -> Outcome:
    ws = view.title_words
    title_set = set(ws)
    terms = view.term_words
    if len(title_set) == len(ws) and not terms:
        return _CLEAN
    over: dict[str, int] = {}
    twice: list[str] = []
    counts: dict[str, int] = {}
    limit = policy.max_repeats
    if len(title_set) < len(ws):  # some word repeats: the ones that may not, in title order
        counts = {w: c for w, c in Counter(ws).items()
                  if (c > 1 or limit < 1) and len(w) > 2 and w not in exempt
                  and not w[0].isdigit()}
        if any(c > 1 for c in counts.values()):
            over = {w: c - limit for w, c in counts.items() if c > limit}
            twice = [w for w, c in counts.items() if 1 < c <= limit]
    dup_terms = 0
    if terms:
        distinct = set(terms)
        dup_terms = len(terms) - len(distinct) + sum(1 for w in distinct if w in title_set)
    penalty = policy.p("repeat_penalty")
    now = _stuffed(penalty, sum(over.values()), len(twice), dup_terms)
    if not (over or twice or dup_terms):
        return _CLEAN  # now == 1.0
    actions = []
    if over or twice:
        shown = ", ".join(repr(w) for w in (*over, *twice))
        actions.append(Action(f"say {shown} once in the title",
                              _stuffed(penalty, 0, 0, dup_terms)))
    if dup_terms:
        actions.append(Action(f"drop the {dup_terms} search-term word(s) that repeat the title "
                              "or each other", _stuffed(penalty, sum(over.values()), len(twice), 0)))
    parts = []
    if over:
        parts.append("over the repeat limit: " + ", ".join(f"{w} x{counts[w]}" for w in over))
    if twice:
        parts.append("repeated: " + ", ".join(twice))
    if dup_terms:
        parts.append(f"{dup_terms} wasted search-term word(s)")
    return Outcome(now, "; ".join(parts), actions)


# -- attribute completeness ---------------------------------------------------------------------
def attributes(view: View, policy: Any) -> Outcome | None:
    present = view.listing.attributes
    if not present:
        return None
    wanted = [a for a in policy.p("attributes") if a in present]
    if not wanted:
        return None
    text = view.padded["title"] + view.padded["bullets"]
    points = 0.0
    actions, notes = [], []
    unit = 1.0 / len(wanted)
    for name in wanted:
        value = view.listing.attributes[name].strip()
        if not value:
            notes.append(f"{name} empty")
            actions.append(Action(f"fill the empty {name!r} column and name it in the title",
                                  unit))
            continue
        points += unit / 2
        ws = words(value)
        if ws and f" {' '.join(ws)} " in text:
            points += unit / 2
        else:
            notes.append(f"{name} {value!r} not in title or bullets")
            actions.append(Action(f"name the {name} {value!r} in the title", unit / 2))
    for action in actions:
        action.after = min(1.0, points + action.after)
    detail = "; ".join(notes) or f"{', '.join(wanted)} filled and named"
    return Outcome(points, detail, actions)
