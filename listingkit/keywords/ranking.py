"""Ranking candidate keywords across a set of competitor listings.

A keyword's score is its *weighted coverage* (each competitor that uses it adds the weight of
the best place it uses it: title 3, bullets 2, description 1, over 3 per competitor, as Data
Dive weighs placement) times its *specificity*, which discounts words that are common in the
general language (wordfreq's Zipf frequency) without removing them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from listingkit.keywords.candidates import BEST_WEIGHT, FIELD_BITS, UNIT_JOIN, Occurrences
from listingkit.keywords.frequency import zipf as _zipf
from listingkit.keywords.kinds import Tagger
from listingkit.keywords.variants import fuzzy_roots, root_key

#: Specificity = 1 for Zipf <= LOW_ZIPF, falling linearly to SPECIFICITY_FLOOR at HIGH_ZIPF.
#: A phrase is kept only when at least this share of the competitors using its more used
#: (n-1)-word part use the whole phrase ("water bottle" yes; "bottle 500ml" no).
COHESION = 0.5
EXPAND = 0.7
LONG_PHRASE = 0.8
LOW_ZIPF, HIGH_ZIPF, SPECIFICITY_FLOOR = 3.0, 6.0, 0.75
_TITLE_WORD = re.compile(r"^[A-ZÀ-Þ][a-zß-ÿ]+$")


@dataclass
class Keyword:
    """One ranked keyword and the evidence for it."""

    term: str
    kind: str
    root: str
    lemma: str
    variants: list[str]
    competitors: int
    share: float
    placement: dict[str, int]
    specificity: float
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "kind": self.kind, "root": self.root, "lemma": self.lemma,
                "variants": self.variants,
                "competitors": {"count": self.competitors, "share": round(self.share, 4)},
                "placement": self.placement, "specificity": round(self.specificity, 3),
                "score": round(self.score, 4)}


@dataclass
class Ranking:
    """Recommended keywords (best first) and the competitor brands found, apart."""

    competitors: int
    keywords: list[Keyword] = field(default_factory=list)
    brands: list[Keyword] = field(default_factory=list)


@cache
def specificity(text: str, lang: str) -> float:
    """1.0 for rare words and phrases, down to the floor for the most common words."""
    zipf = _zipf(text, lang)
    if zipf <= LOW_ZIPF:
        return 1.0
    if zipf >= HIGH_ZIPF:
        return SPECIFICITY_FLOOR
    return 1.0 - (1.0 - SPECIFICITY_FLOOR) * (zipf - LOW_ZIPF) / (HIGH_ZIPF - LOW_ZIPF)


def rank(occurrences: Iterable[Occurrences], tagger: Tagger, top: int = 20,
         min_share: float = 0.0, min_count: int = 2,
         surfaces: Mapping[tuple[str, str], int] | None = None) -> Ranking:
    """Rank the candidates of a set of competitors (one :class:`Occurrences` each).

    ``surfaces`` counts the written forms of each key (see ``TermReader.surfaces``); without
    it, keys are shown as they are.
    """
    lang = tagger.lang
    roots_of: dict[str, str] = {}
    per_listing: list[dict[str, int]] = []
    df: Counter[str] = Counter()
    for occ in occurrences:
        mine: dict[str, int] = {}
        for key, mask in occ.masks.items():
            root = roots_of.get(key)
            if root is None:
                root = roots_of[key] = root_key(key)
            mine[root] = mine.get(root, 0) | mask
        df.update(mine.keys())
        per_listing.append(mine)
    total = len(per_listing)
    floor = max(min_count if total >= min_count else 1, min_share * total)
    merged = fuzzy_roots(list(df), df)
    eligible = {r for r, n in df.items() if n >= floor} | set(merged.values())

    pairs: Counter[tuple[str, int]] = Counter()
    for mine in per_listing:
        if merged:
            seen: dict[str, int] = {}
            for root, mask in mine.items():
                root = merged.get(root, root)
                seen[root] = seen.get(root, 0) | mask
            mine = seen
        pairs.update((root, mask) for root, mask in mine.items() if root in eligible)
    weight: Counter[str] = Counter()
    users: Counter[str] = Counter()
    places: dict[str, Counter[str]] = {}
    for (root, mask), count in pairs.items():
        weight[root] += BEST_WEIGHT[mask] * count
        users[root] += count
        place = places.setdefault(root, Counter())
        for name, bit in FIELD_BITS.items():
            if mask & bit:
                place[name] += count
    surface: dict[str, Counter[str]] = {}
    keys: dict[str, Counter[str]] = {}
    forms = surfaces if surfaces is not None else {(k, k): 1 for k in roots_of}
    for (key, form), count in forms.items():
        root = roots_of.get(key)
        if root is None:
            continue
        root = merged.get(root, root)
        if root in users:
            surface.setdefault(root, Counter())[form] += count
            keys.setdefault(root, Counter())[key] += count
    _drop_loose(users, keys)
    ranking = Ranking(competitors=total)
    scored: list[Keyword] = []
    for root, count in users.items():
        if count < floor:
            continue
        key = keys[root].most_common(1)[0][0]
        spec = specificity(key, lang)
        term = _display(surface[root], lang)
        scored.append(Keyword(
            term=term, kind=tagger.kind(key), root=term.lower(),
            lemma=key.replace(UNIT_JOIN, " "),
            variants=[v for v, _ in surface[root].most_common(10)],
            competitors=count, share=count / total,
            placement={name: places[root][name] for name in ("title", "bullets",
                                                             "description")},
            specificity=spec,
            score=weight[root] / (3 * total) * spec * _length_factor(key)))
    _brand_parts(scored, tagger)
    scored.sort(key=lambda k: (-k.score, -k.competitors, k.term))
    ranking.brands = _brand_names([k for k in scored if k.kind == "brand"], top,
                                  tagger.brand_roots)
    ranking.keywords = _diverse([k for k in scored if k.kind != "brand"], top)
    return ranking


def _length_factor(key: str) -> float:
    """Phrases of three or more units are discounted (LONG_PHRASE per extra unit): long
    phrases shared by a few listings are mostly one seller's repeated title."""
    extra = key.count(" ") - 1
    return LONG_PHRASE ** extra if extra > 0 else 1.0


def _display(forms: Counter[str], lang: str) -> str:
    """The most used surface form; Title-case words lowered except in German."""
    best = forms.most_common(1)[0][0]
    if lang == "de":
        return best
    return " ".join("-".join(p.lower() if _TITLE_WORD.match(p) else p for p in w.split("-"))
                    for w in best.split(" "))


def _diverse(keywords: list[Keyword], top: int) -> list[Keyword]:
    """The best ``top`` keywords, skipping any whose words better keywords already hold.

    A word that most of its users write inside one phrase is shown as that phrase ("cycling
    shorts" rather than "cycling" when at least EXPAND of the users of "cycling" write it).
    """
    containing: dict[str, list[Keyword]] = {}
    for keyword in keywords:
        words = keyword.lemma.split(" ")
        if len(words) > 1:
            for word in set(words):
                containing.setdefault(word, []).append(keyword)
    chosen: list[Keyword] = []
    held: set[str] = set()
    for keyword in keywords:
        words = keyword.lemma.split(" ")
        if len(words) == 1:
            wider = [k for k in containing.get(words[0], ())
                     if k.competitors >= EXPAND * keyword.competitors]
            if wider:
                keyword = max(wider, key=lambda k: (k.competitors, k.lemma.count(" "), k.score))
                words = keyword.lemma.split(" ")
        if set(words) <= held:
            continue
        chosen.append(keyword)
        held.update(words)
        if len(chosen) == top:
            break
    return chosen


def _brand_names(brands: list[Keyword], top: int, names: AbstractSet[str] = frozenset()
                 ) -> list[Keyword]:
    """Brand terms without the phrases that merely contain a brand already listed, and
    without the parts of a whole brand name listed ("john" of "john adams")."""
    kept: list[Keyword] = []
    whole = [k for k in brands if root_key(k.lemma) in names]
    for brand in sorted(brands, key=lambda k: (k.lemma.count(" "), -k.score)):
        padded = f" {brand.lemma} "
        if any(f" {k.lemma} " in padded for k in kept):
            continue
        if brand not in whole and any(padded in f" {k.lemma} " for k in whole):
            continue
        kept.append(brand)
    kept.sort(key=lambda k: (-k.score, -k.competitors, k.term))
    return kept[:top]


def _brand_parts(scored: list[Keyword], tagger: Tagger, share: float = 0.8) -> None:
    """Words and phrases used mostly inside a brand name are part of the brand: "hot" when
    nearly every "hot" is in "Hot Wheels", "teenage mutant ninja" in "... Turtles"."""
    by_root = {k.lemma: k for k in scored}
    names = [k for k in scored if k.kind == "brand" and root_key(k.lemma) in tagger.brand_roots]
    for brand in names:
        words = brand.lemma.split(" ")
        for n in range(1, len(words)):
            for i in range(len(words) - n + 1):
                part = by_root.get(" ".join(words[i:i + n]))
                if part is not None and brand.competitors >= share * part.competitors:
                    part.kind = "brand"


def _drop_loose(users: Counter[str], keys: dict[str, Counter[str]]) -> None:
    """Remove phrases that are chance neighbours rather than a term (see COHESION)."""
    loose = []
    for root, count in users.items():
        key = keys[root].most_common(1)[0][0]
        units = key.split(" ")
        if len(units) < 2:
            continue
        parts = [users.get(root_key(" ".join(units[:-1])), 0),
                 users.get(root_key(" ".join(units[1:])), 0)]
        if count < COHESION * max(parts):
            loose.append(root)
    for root in loose:
        del users[root]
