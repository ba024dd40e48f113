"""Ranking candidate keywords across a set of competitor listings.

A keyword's score is its *weighted coverage* (each competitor that uses it adds the weight of
the best place it uses it: title 3, bullets 2, description 1, over 3 per competitor, as Data
Dive weighs placement) times its *specificity*, which discounts words that are common in the
general language (wordfreq's Zipf frequency) without removing them, times the share of the
set's titles using a word that write it outside brand names, where most write it inside them
(:mod:`.parts`): "princess" inside "Disney Princess" is the brand's use, not the word's.

Measures ("500 ml", "1:24 scale", "7-inch") stay one term each, so different numbers never
merge, but each also counts for its unit alone: when competitors write "12 pack", "24 pack" and
"6 pack", no one number is widely used, yet "pack" is; it is ranked as a measure keyword with
the numbered forms as its variants. A numbered form adds no slot once its unit is listed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from listingkit.frequency import zipf as _zipf
from listingkit.keywords.candidates import BEST_WEIGHT, FIELD_BITS, UNIT_JOIN, Occurrences
from listingkit.keywords.kinds import Tagger
from listingkit.keywords.parts import mark_parts
from listingkit.keywords.variants import fuzzy_roots, root_key

#: Specificity = 1 for Zipf <= LOW_ZIPF, falling linearly to SPECIFICITY_FLOOR at HIGH_ZIPF.
#: A phrase is kept only when at least this share of the competitors using its more used
#: (n-1)-word part use the whole phrase ("water bottle" yes; "bottle 500ml" no).
COHESION = 0.5
#: ... or at least this share, when the phrase also holds EXPAND of the uses of its less used
#: part ("action figure": 94 of the 191 users of "figure", 94 of the 104 of "action")
HELD_COHESION = 0.35
EXPAND = 0.7
MEASURE_EXPAND = 0.5
LONG_PHRASE = 0.8
LOW_ZIPF, HIGH_ZIPF, SPECIFICITY_FLOOR = 3.0, 6.0, 0.75
#: Score factor of a keyword made of the words of the set's own category path: the
#: marketplace's name for what the set sells is what its buyers search for.
CATEGORY_BOOST = 1.5
#: A unit counts as a keyword on its own ("pack", "cm") from this many characters.
MIN_UNIT_CHARS = 2
_TITLE_WORD = re.compile(r"^[A-ZÀ-Þ][a-zß-ÿ]+$")
#: Digits and number marks holding at least one digit: the marks before the first digit, the
#: digit, then any of both. (Written "[\d.,:/x×]*\d[\d.,:/x×]*", the same numbers, the first
#: run gave back one character at a time to find the digit: quadratic on a long token.)
_NUMERAL = r"[.,:/x×]*\d[\d.,:/x×]*"
#: A number ("12", "1:24", "2.5") and a number glued to its unit by a hyphen ("7-inch").
_NUMBER = re.compile(rf"^{_NUMERAL}$")
_HYPHEN_MEASURE = re.compile(rf"^{_NUMERAL}-(?=\D)")
#: The number at the start of a measure's written form ("12 ", "1:24", "7-").
_FORM_NUMBER = re.compile(rf"^{_NUMERAL}[\s\-‐‑]?")


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
    #: the share of the set's titles using the word that write it inside a brand name
    in_brand_names: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "kind": self.kind, "root": self.root, "lemma": self.lemma,
                "variants": self.variants,
                "competitors": {"count": self.competitors, "share": round(self.share, 4)},
                "placement": self.placement, "specificity": round(self.specificity, 3),
                "score": round(self.score, 4), "in_brand_names": round(self.in_brand_names, 4)}


@dataclass
class Ranking:
    """Recommended keywords (best first) and the competitor brands found, apart."""

    competitors: int
    keywords: list[Keyword] = field(default_factory=list)
    brands: list[Keyword] = field(default_factory=list)
    #: keywords holding wording the marketplace prohibits (see :mod:`.prohibited`)
    prohibited: list[Keyword] = field(default_factory=list)


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
         surfaces: Mapping[tuple[str, str], int] | None = None,
         named: frozenset[str] = frozenset(),
         prohibited: Callable[[str], list[str]] | None = None) -> Ranking:
    """Rank the candidates of a set of competitors (one :class:`Occurrences` each).

    ``surfaces`` counts the written forms of each key (see ``TermReader.surfaces``); without
    it, keys are shown as they are. ``named``: root keys of the words the set's category
    path names it by (see ``categories.category_words``); a keyword made of them is boosted.
    ``prohibited``: the phrases a marketplace prohibits in titles that a term holds (see
    :mod:`.prohibited`); such keywords are listed apart, never recommended.
    """
    lang = tagger.lang
    roots_of: dict[str, str] = {}
    unit_of: dict[str, str] = {}  # measure key -> its unit's root ("" for other keys)
    per_listing: list[dict[str, int]] = []
    df: Counter[str] = Counter()
    measured: Counter[str] = Counter()  # unit root -> listings that wrote it after a number
    for occ in occurrences:
        mine: dict[str, int] = {}
        units: set[str] = set()
        for key, mask in occ.masks.items():
            root = roots_of.get(key)
            if root is None:
                root = roots_of[key] = root_key(key)
                unit_of[key] = root_key(unit) if (unit := measure_unit(key, lang)) else ""
            mine[root] = mine.get(root, 0) | mask
            unit = unit_of[key]
            if unit:
                mine[unit] = mine.get(unit, 0) | mask
                units.add(unit)
        df.update(mine.keys())
        measured.update(units)
        per_listing.append(mine)
    total = len(per_listing)
    floor = max(min_count if total >= min_count else 1, min_share * total)
    merged = fuzzy_roots(list(df), df, lang, spaced={
        r: k.replace(UNIT_JOIN, " ") for k, r in roots_of.items()})
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
    numbered: dict[str, Counter[str]] = {}  # unit root -> its measures as written ("12 Pack")
    forms = surfaces if surfaces is not None else {(k, k): 1 for k in roots_of}
    for (key, form), count in forms.items():
        root = roots_of.get(key)
        if root is None:
            continue
        for unit_key, written, found in _with_unit(key, form, root, unit_of):
            found = merged.get(found, found)
            if found in users:
                surface.setdefault(found, Counter())[written] += count
                keys.setdefault(found, Counter())[unit_key] += count
                if unit_key != key:
                    numbered.setdefault(found, Counter())[form] += count
    _drop_loose(users, keys)
    ranking = Ranking(competitors=total)
    scored: list[Keyword] = []
    for root, count in users.items():
        if count < floor:
            continue
        key = keys[root].most_common(1)[0][0]
        spec = specificity(key, lang)
        term = _display(surface[root], lang)
        kind = tagger.kind(key)
        if kind != "brand" and 2 * measured[root] >= count:
            kind = "measure"  # a unit most of its users write after a number
        inside = tagger.inside_share.get(key, 0.0)  # (brand words have none: see parts)
        scored.append(Keyword(
            term=term, kind=kind, root=term.lower(),
            lemma=key.replace(UNIT_JOIN, " "),
            variants=_variants(surface[root], numbered.get(root)),
            competitors=count, share=count / total,
            placement={name: places[root][name] for name in ("title", "bullets",
                                                             "description")},
            specificity=spec,
            score=weight[root] / (3 * total) * spec * _length_factor(key)
            * (CATEGORY_BOOST if named and _named(key, named) else 1.0) * (1.0 - inside),
            in_brand_names=inside))
    mark_parts(scored, tagger)
    scored.sort(key=lambda k: (-k.score, -k.competitors, k.term))
    ranking.brands = _listed_apart([k for k in scored if k.kind == "brand"
                                    and tagger.is_brand(k.lemma, with_parts=False)], top, tagger.is_name)
    others = [k for k in scored if k.kind != "brand"]
    if prohibited is not None:
        from listingkit.keywords.prohibited import set_apart

        listed, banned = set_apart(others, prohibited)
        ranking.prohibited = _listed_apart(listed, top)
        others = [k for k in others if id(k) not in banned]
    ranking.keywords = _diverse(others, top)
    return ranking


def _named(key: str, named: frozenset[str]) -> bool:
    """Whether every word of a key is a word the set's category path names it by."""
    return all(root_key(w) in named for w in key.split(" "))


def measure_unit(key: str, lang: str = "en") -> str:
    """The unit key of a measure key ("12\u00a0pack" -> "pack", "7-inch" -> "inch"), else "".

    Units of one letter ("350g", "10m") and ordinal suffixes ("40th", the lexicon
    ``ordinal_suffixes``) are no keyword on their own.
    """
    if " " in key:
        return ""
    unit = ""
    if UNIT_JOIN in key:
        number, _, unit = key.partition(UNIT_JOIN)
        unit = unit if _NUMBER.match(number) else ""
    elif found := _HYPHEN_MEASURE.match(key):
        unit = key[found.end():]
    if len(unit) < MIN_UNIT_CHARS or unit in _ordinal_suffixes(lang):
        return ""
    return unit


@cache
def _ordinal_suffixes(lang: str) -> frozenset[str]:
    from listingkit.lexicons import word_list

    return frozenset(word_list("ordinal_suffixes", lang))


def _with_unit(key: str, form: str, root: str, unit_of: Mapping[str, str]
               ) -> Iterable[tuple[str, str, str]]:
    """(key, written form, root), and the same for the unit alone when ``key`` is a measure."""
    yield key, form, root
    unit = unit_of.get(key)
    if unit:
        number = _FORM_NUMBER.match(form)
        unit_key = key.partition(UNIT_JOIN)[2] if UNIT_JOIN in key else key.split("-", 1)[1]
        yield unit_key, form[number.end():] if number else unit_key, unit


def _variants(forms: Counter[str], measures: Counter[str] | None, limit: int = 10
              ) -> list[str]:
    """The most used written forms, then (for a unit) the most used measures with it."""
    out = [v for v, _ in forms.most_common(limit)]
    if measures:
        out += [v for v, _ in measures.most_common(limit) if v not in out][:limit - len(out)]
    return out


def _content_words(lemma: str) -> list[str]:
    """The words of a lemma that carry meaning for diversity: numbers dropped, "7-inch" as
    "inch" ("1:24 scale" holds "scale"; "1:32 scale" then adds nothing new)."""
    out = []
    for word in lemma.split(" "):
        if _NUMBER.match(word):
            continue
        found = _HYPHEN_MEASURE.match(word)
        out.append(word[found.end():] if found else word)
    return out or lemma.split(" ")


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
    shorts" rather than "cycling" when at least EXPAND of the users of "cycling" write it); a
    unit, as the measure that MEASURE_EXPAND of its users write ("500 ml" rather than "ml").
    Numbers do not count as words here: "1:32 scale" adds nothing once "1:24 scale" or the
    unit "scale" is listed.
    """
    containing: dict[str, list[Keyword]] = {}
    for keyword in keywords:
        if " " in keyword.lemma:
            for word in set(_content_words(keyword.lemma)):
                containing.setdefault(word, []).append(keyword)
    chosen: list[Keyword] = []
    held: set[str] = set()
    for keyword in keywords:
        words = _content_words(keyword.lemma)
        if len(words) == 1:
            share = MEASURE_EXPAND if keyword.kind == "measure" else EXPAND
            wider = [k for k in containing.get(words[0], ())
                     if k is not keyword and k.competitors >= share * keyword.competitors]
            if wider:
                keyword = max(wider, key=lambda k: (k.competitors, k.lemma.count(" "), k.score))
                words = _content_words(keyword.lemma)
        if set(words) <= held:
            continue
        chosen.append(keyword)
        held.update(words)
        if len(chosen) == top:
            break
    chosen.sort(key=lambda k: (-k.score, -k.competitors, k.term))  # shown best first
    return chosen


def _listed_apart(brands: list[Keyword], top: int,
                  is_name: Callable[[str], bool] = lambda lemma: False) -> list[Keyword]:
    """Terms listed apart (brands, prohibited wording) without the phrases that merely
    contain one already listed ("perfect", not also "perfect birthday"), and without the
    parts of a whole brand name listed ("john" of "john adams"), best first."""
    kept: list[Keyword] = []
    kept_lemmas: set[str] = set()
    whole = {id(k) for k in brands if is_name(k.lemma)}
    parts_of_whole = {part for k in brands if id(k) in whole for part in _runs(k.lemma)}
    for brand in sorted(brands, key=lambda k: (k.lemma.count(" "), -k.score)):
        if any(part in kept_lemmas for part in _runs(brand.lemma)):
            continue  # a phrase that merely contains a brand already listed
        if id(brand) not in whole and brand.lemma in parts_of_whole:
            continue
        kept.append(brand)
        kept_lemmas.add(brand.lemma)
    kept.sort(key=lambda k: (-k.score, -k.competitors, k.term))
    return kept[:top]


def _runs(lemma: str) -> Iterable[str]:
    """Every run of consecutive words of a lemma, itself included."""
    words = lemma.split(" ")
    return (" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1))


def _drop_loose(users: Counter[str], keys: dict[str, Counter[str]]) -> None:
    """Remove phrases that are chance neighbours rather than a term (see COHESION). A phrase
    that holds EXPAND of the uses of its other part stays, when that part is a word: "action
    figure" holds 94 of the 104 uses of "action", though "figure" alone is far more used."""
    loose = []
    for root, count in users.items():
        key = keys[root].most_common(1)[0][0]
        units = key.split(" ")
        if len(units) < 2:
            continue
        heads, tails = " ".join(units[:-1]), " ".join(units[1:])
        parts = [users.get(root_key(heads), 0), users.get(root_key(tails), 0)]
        if count >= COHESION * max(parts):
            continue
        lesser = heads if parts[0] <= parts[1] else tails
        if not any(c.isdigit() for c in lesser) and count >= EXPAND * min(parts) \
                and count >= HELD_COHESION * max(parts):
            continue
        loose.append(root)
    for root in loose:
        del users[root]
