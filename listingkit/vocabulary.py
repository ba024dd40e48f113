"""Attribute vocabularies: the same colour, material, size, pattern or product type in every
language, kept as data in ``lexicons/<lang>/<concept>.tsv``.

Each line is ``key<TAB>preferred term[<TAB>synonym...]``. The key (``navy``, ``stainless_steel``)
is the same in every language, so one line per language aligns the terms; the first term is the
one we write, the synonyms are what we recognise in catalogues. Units are the exception: their
display comes from CLDR through Babel, so ``lexicons/shared/unit.tsv`` only maps the spellings
found in catalogues (``ml``, ``Liter``, ``fl oz``) onto a CLDR unit id (``volume-liter``).

Look-ups ignore case, accents' composition form, hyphens and repeated spaces. Compound values
(``Black/Red``, ``cotton, elastane``) are translated part by part and only when every part is
known; anything else returns None so the caller can report it as pending, never guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from listingkit.errors import ConfigError, suggest
from listingkit.resources import data_dir

#: The attribute vocabularies listingkit ships (file stems under ``lexicons/<lang>/``).
CONCEPTS = ("color", "material", "size", "pattern", "product_type")
#: A separator with the spaces around it. The spaces before it start where a run of spaces
#: starts (a match ends after the spaces that follow it): written "\s*(?:/|...)", the same
#: matches, each space of a long run read the rest of the run again.
_SPLIT = re.compile(r"((?:(?<!\s)\s+)?(?:/|,|&|\+|;)\s*)")
_SPACES = re.compile(r"[\s_\-]+")


def fold(text: str) -> str:
    """The comparison form of a term: NFKC, case-folded, hyphens and spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


@dataclass(frozen=True)
class Concept:
    """One vocabulary (e.g. colours) in every language that has a file for it."""

    name: str
    terms: dict[str, dict[str, tuple[str, ...]]]  # lang -> key -> (preferred, synonyms...)
    index: dict[str, dict[str, str]]  # lang -> folded term -> key

    @property
    def languages(self) -> list[str]:
        return sorted(self.terms)

    def key_of(self, value: str, lang: str | None = None) -> str | None:
        """The key of ``value``: looked up in ``lang`` first, then in every other language."""
        folded = fold(value)
        if lang and folded in self.index.get(lang, {}):
            return self.index[lang][folded]
        for other in self.languages:
            if folded in self.index[other]:
                return self.index[other][folded]
        return None

    def term(self, key: str, lang: str) -> str | None:
        found = self.terms.get(lang, {}).get(key)
        return found[0] if found else None

    def translate(self, value: str, target: str, source: str | None = None) -> str | None:
        """``value`` in ``target``; compounds part by part; None when any part is unknown."""
        if not value.strip():
            return value
        whole = self.key_of(value, source)
        if whole is not None:
            return self.term(whole, target)
        pieces = _SPLIT.split(value)
        if len(pieces) == 1:
            return None
        out = []
        for i, piece in enumerate(pieces):
            if i % 2:  # a separator, kept as written
                out.append(piece)
                continue
            key = self.key_of(piece, source)
            found = self.term(key, target) if key else None
            if found is None:
                return None
            out.append(found)
        return "".join(out)


def _parse(text: str, label: str) -> dict[str, tuple[str, ...]]:
    entries: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = unicodedata.normalize("NFC", line.strip("\r\n"))
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 2 or not all(cells):
            raise ConfigError(f"{label}:{number}: expected KEY<TAB>TERM[<TAB>SYNONYM...]")
        entries[cells[0]] = tuple(cells[1:])
    return entries


@cache
def concept(name: str) -> Concept:
    """Load one vocabulary from every language folder that has ``<name>.tsv``."""
    root = data_dir("lexicons")
    terms: dict[str, dict[str, tuple[str, ...]]] = {}
    for folder in sorted(root.iterdir(), key=lambda d: d.name):
        entry = folder / f"{name}.tsv"
        if folder.is_dir() and folder.name != "shared" and entry.is_file():
            terms[folder.name] = _parse(entry.read_text(encoding="utf-8"),
                                        f"lexicons/{folder.name}/{name}.tsv")
    if not terms:
        raise ConfigError(f"unknown vocabulary {name!r}{suggest(name, CONCEPTS)}; "
                          f"known: {', '.join(CONCEPTS)}")
    index = {lang: {fold(t): key for key, forms in entries.items() for t in forms}
             for lang, entries in terms.items()}
    return Concept(name=name, terms=terms, index=index)


def missing(name: str, langs: list[str] | tuple[str, ...]) -> dict[str, list[str]]:
    """Keys of vocabulary ``name`` that some language of ``langs`` lacks: lang -> keys."""
    vocab = concept(name)
    every = set().union(*(set(vocab.terms.get(lang, {})) for lang in langs))
    gaps = {lang: sorted(every - set(vocab.terms.get(lang, {}))) for lang in langs}
    return {lang: keys for lang, keys in gaps.items() if keys}


@cache
def units() -> dict[str, str]:
    """Folded unit spelling -> CLDR unit id, from ``lexicons/shared/unit.tsv``."""
    entry = data_dir("lexicons") / "shared" / "unit.tsv"
    parsed = _parse(entry.read_text(encoding="utf-8"), "lexicons/shared/unit.tsv")
    table: dict[str, str] = {}
    for unit_id, spellings in parsed.items():
        for spelling in spellings:
            table.setdefault(unicodedata.normalize("NFKC", spelling).strip(), unit_id)
            table.setdefault(fold(spelling), unit_id)
    return table


def unit_id(spelling: str) -> str | None:
    """The CLDR id of a unit as written in a catalogue (exact case first: ``M`` is not ``m``)."""
    table = units()
    text = unicodedata.normalize("NFKC", spelling).strip()
    return table.get(text) or table.get(fold(text))
