"""The keyword bank the keyword criteria score against: weighted terms, best first.

Loaded from what ``listingkit keywords`` writes (``--format csv`` or ``json``: the ranking, with
its score and variants), from what ``listingkit keywords clean`` writes (``keyword, volume``),
or from any list or tool export that :func:`listingkit.keywords.bank.load` reads (Helium 10,
Jungle Scout, Data Dive, one keyword per line). It can also be ranked from competitor
listings with :func:`listingkit.keywords.extract`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from listingkit.errors import InputError

_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """Lower-case word runs (hyphenated and decimal forms kept whole; possessive 's cut, so
    "women's" matches "women")."""
    found = _WORD.findall(text.lower())
    if "'" in text or "’" in text:
        return [w[:-2] if w.endswith(("'s", "’s")) and len(w) > 3 else w for w in found]
    return found


@dataclass(frozen=True)
class Term:
    """One keyword: its shown text, its weight (0-1], and the forms that count as a match."""

    text: str
    weight: float
    forms: tuple[str, ...]
    words: tuple[str, ...]
    kind: str = ""
    share: float | None = None  # share of the competitors using it, when known
    group: str = ""  # the product group of a grouped bank (`keywords --group-by`)
    competitors: int | None = None  # how many competitors use it, when known

    def used_by(self, min_share: float, min_competitors: int) -> bool:
        """Whether at least ``min_share`` of the competitors, and ``min_competitors`` of them
        in number, use the term, where the bank says (a research tool's export gives search
        volume instead). In a set of five, two sellers' "glitter" or "doll" says nothing about
        another product: optimize adds a term to a listing only when enough competitors use
        it."""
        return ((self.share is None or self.share >= min_share)
                and (self.competitors is None or self.competitors >= min_competitors))


def _forms(text: str, variants: list[str] | tuple[str, ...] = ()) -> tuple[str, ...]:
    """Every written form that counts as the term: its text and variants, the plural or
    singular of the head word, and each hyphenated, spaced and closed-up spelling
    ("leak proof", "leak-proof", "leakproof")."""
    out: dict[str, None] = {}
    for phrase in (text, *variants):
        parts = [p for w in words(phrase) for p in w.split("-") if p]
        if not parts:
            continue
        last = parts[-1]
        heads = [last]
        if len(last) > 3 and last.isalpha():  # the plural and singular of the head word
            heads.append(last[:-1] if last.endswith("s") and not last.endswith("ss")
                         else last + "s")
        for head in heads:
            ws = [*parts[:-1], head]
            out[" ".join(ws)] = None
            if 1 < len(ws) <= 3 and all(w.isalpha() for w in ws):
                out["-".join(ws)] = None
                out["".join(ws)] = None
    return tuple(out)


def make_term(text: str, weight: float, variants: tuple[str, ...] | list[str] = (),
              kind: str = "", share: float | None = None, group: str = "",
              competitors: int | None = None) -> Term:
    return Term(text=text, weight=weight, forms=_forms(text, variants),
                words=tuple(words(text)), kind=kind, share=share, group=group,
                competitors=competitors)


@dataclass(frozen=True)
class Index:
    """Term forms -> term positions, and the word counts forms have; ``first`` holds the same
    forms keyed by their first word, so a text's terms are found in one pass over its words."""

    terms: list[Term]
    forms: dict[str, tuple[int, ...]]
    sizes: tuple[int, ...]
    total: float = 0.0  # the summed weight of the terms
    #: positions of measures and terms with a digit ("500 ml"): one product's, not a gap
    specific: frozenset[int] = frozenset()
    #: first word -> (word count, the other words, term positions), shortest first
    first: dict[str, tuple[tuple[int, tuple[str, ...], tuple[int, ...]], ...]] = \
        field(default_factory=dict)
    #: ``total`` less the weight of the specific terms (what keyword coverage divides by)
    general: float = 0.0
    #: (position, weight, words) of the other terms, the ones keyword coverage counts
    counted: tuple[tuple[int, float, tuple[str, ...]], ...] = ()
    #: a word -> the counted terms (positions) that have it
    by_word: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: (gain, -position) of every counted term when none is used, biggest first
    gaps: tuple[tuple[float, int], ...] = ()

    def hits(self, ws: list[str]) -> dict[int, int]:
        """Term position -> the word index where the term (any form) first ends in ``ws``.

        Keys are in the order a scan by form size, then position, meets them (the order sums
        over the result add in)."""
        first = self.first
        if first.keys().isdisjoint(ws):
            return {}
        count = len(ws)
        met: list[tuple[int, int, tuple[int, ...]]] = []
        for i, w in enumerate(ws):
            entries = first.get(w)
            if entries is None:
                continue
            for n, rest, ts in entries:
                if n == 1 or (i + n <= count and tuple(ws[i + 1:i + n]) == rest):
                    met.append((n, i, ts))
        if len(met) > 1:
            met.sort(key=_size_then_start)
        found: dict[int, int] = {}
        for n, i, ts in met:
            end = i + n - 1
            for t in ts:
                if found.get(t, count) > end:
                    found[t] = end
        return found


def _size_then_start(met: tuple[int, int, tuple[int, ...]]) -> tuple[int, int]:
    return met[0], met[1]


@dataclass
class KeywordBank:
    """Weighted keywords, best first; ``source`` says where they came from."""

    terms: list[Term] = field(default_factory=list)
    source: str = ""

    def top(self, n: int) -> list[Term]:
        return self.terms[:n]

    def index(self, n: int) -> Index:
        """A lookup of the top ``n`` terms' forms (built once per ``n``)."""
        cache = self.__dict__.setdefault("_index", {})
        if n not in cache:
            forms: dict[str, list[int]] = {}
            for i, term in enumerate(self.terms[:n]):
                for form in term.forms:
                    forms.setdefault(form, []).append(i)
            sizes = tuple(sorted({f.count(" ") + 1 for f in forms}))
            specific = frozenset(i for i, t in enumerate(self.terms[:n])
                                 if t.kind == "measure" or any(c.isdigit() for c in t.text))
            first: dict[str, list[tuple[int, tuple[str, ...], tuple[int, ...]]]] = {}
            for form, positions in forms.items():
                head, *rest = form.split(" ")
                first.setdefault(head, []).append((len(rest) + 1, tuple(rest), tuple(positions)))
            total = sum(t.weight for t in self.terms[:n])
            general = total - sum(self.terms[i].weight for i in specific)
            counted = tuple((i, t.weight, t.words) for i, t in enumerate(self.terms[:n])
                            if i not in specific)
            by_word: dict[str, list[int]] = {}
            for i, _, ws in counted:
                for w in dict.fromkeys(ws):
                    by_word.setdefault(w, []).append(i)
            cache[n] = Index(self.terms[:n], {k: tuple(v) for k, v in forms.items()}, sizes,
                             total, specific,
                             {k: tuple(sorted(v, key=lambda e: e[0])) for k, v in first.items()},
                             general, counted, {k: tuple(v) for k, v in by_word.items()},
                             tuple(sorted([(w * (1.0 - 0.0) / (general or 1.0), -i)
                                           for i, w, _ in counted], reverse=True)))
        return cache[n]  # type: ignore[no-any-return]

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def groups(self) -> list[str]:
        """The product groups of a grouped bank, in file order (empty: not grouped; found
        once)."""
        found = self.__dict__.get("_groups")
        if found is None:
            found = self.__dict__["_groups"] = list(dict.fromkeys(t.group for t in self.terms
                                                                  if t.group))
        return found  # type: ignore[no-any-return]

    def named_group(self, values: Iterable[str]) -> str | None:
        """The one group of a grouped bank that ``values`` (a listing's attribute values)
        name; None when they name none, or several."""
        named = self.__dict__.get("_named")
        if named is None:
            named = self.__dict__["_named"] = frozenset(self.groups)
        found = {v.strip() for v in values if v.strip() in named}
        return found.pop() if len(found) == 1 else None

    def part(self, group: str) -> KeywordBank:
        """The bank of one product group (built once per group)."""
        cache = self.__dict__.setdefault("_parts", {})
        if group not in cache:
            cache[group] = KeywordBank([t for t in self.terms if t.group == group],
                                       f"{self.source} [{group}]")
        return cache[group]  # type: ignore[no-any-return]

    @classmethod
    def from_ranking(cls, ranking: Any, source: str) -> KeywordBank:
        kws = list(ranking.keywords)
        best = max((k.score for k in kws), default=0.0) or 1.0
        return cls([make_term(k.term, k.score / best, (*k.variants, k.lemma), k.kind, k.share,
                              competitors=k.competitors) for k in kws], source)

    @classmethod
    def from_rows(cls, rows: Sequence[tuple[str, float | None, tuple[str, ...], str]],
                  source: str, shares: list[float | None] | None = None,
                  groups: list[str] | None = None,
                  counts: list[int | None] | None = None) -> KeywordBank:
        """(term, score or volume or None, variants, kind) rows, in the file's order;
        ``groups`` names each row's product group in a grouped bank, ``shares`` and
        ``counts`` the share and number of competitors using each row's term."""
        best = max((v for _, v, _, _ in rows if v), default=0.0) or 1.0
        seen: set[tuple[str, str]] = set()
        terms = []
        for number, (text, value, variants, kind) in enumerate(rows):
            key = " ".join(words(text))
            group = groups[number] if groups else ""
            if not key or (group, key) in seen or kind == "brand":
                continue
            seen.add((group, key))
            weight = (value / best) if value else (1.0 if not any(v for _, v, _, _ in rows)
                                                   else 0.05)
            terms.append(make_term(text, max(weight, 0.01), variants, kind,
                                   shares[number] if shares else None, group,
                                   counts[number] if counts else None))
        terms.sort(key=lambda t: -t.weight)  # stable: file order among equals
        return cls(terms, source)


def load_bank(path: str | Path, lang: str = "en", encoding: str | None = None) -> KeywordBank:
    """Read a keyword bank file (see the module docstring for the formats)."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{file}: keyword bank not found")
    from listingkit.catalogue.textio import read_text

    text = read_text(file, encoding)
    stripped = text.lstrip()
    if file.suffix.lower() == ".json" or stripped[:1] in ("[", "{"):
        return _from_json(file, stripped)
    head = stripped.split("\n", 1)[0].lower()
    columns = [c.strip() for c in next(csv.reader([head]))] if head else []
    if "term" in columns and "score" in columns:
        return _from_ranking_csv(file, stripped)
    from listingkit.keywords.bank import Bank, load
    from listingkit.nlp import stop_words

    bank = Bank()
    load(file, bank, stop_words(lang) if lang else frozenset(), encoding)
    ordered = list(bank.entries.values())  # file order; volume sorts when present
    return KeywordBank.from_rows([(e.keyword, e.volume, (), "") for e in ordered], str(file))


def _finite(value: float) -> bool:
    """Whether a number from a bank file is one the scores can use (not inf, nan, or an
    integer too large for a float)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _from_json(file: Path, text: str) -> KeywordBank:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{file}: not valid JSON: {exc}") from None
    labels: list[str] = []
    if isinstance(data, dict) and isinstance(data.get("keywords"), list):
        items = data["keywords"]  # `keywords clean --format json`
    elif isinstance(data, list):
        items = data  # `keywords --format json`
    elif isinstance(data, dict):  # grouped ranking (`keywords --group-by`): group -> keywords
        items = [k for v in data.values() if isinstance(v, list) for k in v]
        labels = [str(g) for g, v in data.items() if isinstance(v, list) for _ in v]
    else:
        items = []
    rows, shares, groups, counts = [], [], [], []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not (item.get("term") or item.get("keyword")):
            raise InputError(f"{file}: keyword {number}: expected an object with 'term' or "
                             "'keyword'")
        key = "score" if "score" in item else "volume"
        value = item.get(key)
        if isinstance(value, (int, float)) and not (_finite(value)
                                                    and (key == "score" or value >= 0)):
            what = "search volume" if key == "volume" else key
            raise InputError(f"{file}: keyword {number}: {key!r}: not a {what}: {value!r}")
        if item.get("recommended") is False:
            continue
        groups.append(labels[number - 1] if labels else "")
        rows.append((str(item.get("term") or item.get("keyword")),
                     float(value) if isinstance(value, (int, float)) else None,
                     tuple(str(v) for v in item.get("variants") or ()), str(item.get("kind", ""))))
        competitors = item.get("competitors")
        share = competitors.get("share") if isinstance(competitors, dict) else None
        shares.append(float(share) if isinstance(share, (int, float)) else None)
        count = competitors.get("count") if isinstance(competitors, dict) else None
        counts.append(count if isinstance(count, int) and not isinstance(count, bool) else None)
    if not rows:
        raise InputError(f"{file}: no keywords found")
    return KeywordBank.from_rows(rows, str(file), shares, groups, counts)


def _from_ranking_csv(file: Path, text: str) -> KeywordBank:
    rows, shares, groups, counts = [], [], [], []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        term = (row.get("term") or "").lstrip("'").strip()
        if not term or (row.get("recommended") or "yes").strip().lower() == "no":
            continue
        try:
            score = float(row.get("score") or 0)
        except ValueError:
            score = math.nan
        if not math.isfinite(score):
            raise InputError(f"{file}:{number}: field 'score': not a score: "
                             f"{row.get('score')!r}")
        variants = tuple(v for v in (row.get("variants") or "").split("|") if v)
        rows.append((term, score, variants, row.get("kind") or ""))
        groups.append((row.get("group") or "").lstrip("'").strip())
        try:
            shares.append(float(row["share"]) if row.get("share") else None)
        except ValueError:
            shares.append(None)
        count = (row.get("competitors") or "").strip()
        counts.append(int(count) if count.isdigit() else None)
    if not rows:
        raise InputError(f"{file}: no keywords found")
    return KeywordBank.from_rows(rows, str(file), shares, groups, counts)


def bank_from_listings(listings: list[Any], lang: str, source: str, top: int = 20
                       ) -> KeywordBank:
    """Rank the keywords of competitor listings (``listingkit keywords``) into a bank, with
    the brand evidence of the whole input (a :class:`~listingkit.keywords.brands.BrandBook`),
    as ``keywords --group-by`` reads each group: a bank must not add a competitor's name
    ("Aurora World", "Melissa & Doug") to a listing's search terms."""
    from listingkit.keywords import extract
    from listingkit.keywords.brands import BrandBook

    book = BrandBook.learn(listings, lang)
    return KeywordBank.from_ranking(extract(listings, lang=lang, top=top, brands=book), source)


def bank_input(listing: Any) -> Any:
    """What the keyword bank reads of a listing (:func:`bank_from_listings`: the title, brand,
    bullets, description and attributes), without what it does not."""
    from listingkit.listing import Listing

    return Listing(sku="", title=listing.title, brand=listing.brand, bullets=listing.bullets,
                   description=listing.description, attributes=listing.attributes)
