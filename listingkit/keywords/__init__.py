"""Keyword research on competitor listings: which words a seller should use, and which ones
their own listing lacks.

>>> from listingkit.keywords import extract
>>> ranking = extract(listings, lang="en", top=20)        # doctest: +SKIP
>>> [k.term for k in ranking.keywords]                     # doctest: +SKIP

The pieces: :mod:`.sources` (catalogue or plain-text input, grouping), :mod:`.candidates`
(1-4-grams per field), :mod:`.variants` (roots and fuzzy merging), :mod:`.kinds` (brands,
attribute kinds, product types), :mod:`.brands` and :mod:`.lines` (brand evidence from the
whole input), :mod:`.categories` (the set's own category words), :mod:`listingkit.frequency`
(wordfreq background model), :mod:`.ranking` (scores), :mod:`.gap` (my listing against the top keywords), :mod:`.bank`
(keyword-list cleaning and tool-export import), :mod:`.report` (table, CSV, JSON).
Language processing itself is :mod:`listingkit.nlp`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from listingkit.keywords.brands import BrandBook
from listingkit.keywords.ranking import Keyword, Ranking
from listingkit.listing import Listing

__all__ = ["BrandBook", "Keyword", "Ranking", "detect_lang", "extract"]


#: titles :func:`detect_lang` reads, spread evenly over the input
LANG_SAMPLE = 200


def detect_lang(listings: Sequence[Listing], default: str = "en") -> str:
    """The language most of the titles are written in (langdetect, seeded), from up to
    LANG_SAMPLE titles spread over the whole input (a file sorted by category is not judged
    by its first category).

    Judge a whole input, not each competitor set of it: product titles are mostly names,
    numbers and nouns, and a small set of them fools the detector ("Lee Men's Jeans" is Dutch
    to langdetect, and so is a 125-title set of such titles)."""
    from listingkit.language import detect
    from listingkit.nlp import LANGUAGES

    step = max(1, len(listings) // LANG_SAMPLE)
    sample = " . ".join(x.title for x in listings[::step][:LANG_SAMPLE])
    guess = detect(sample, candidates=LANGUAGES)
    return guess.lang if guess else default


def extract(listings: Iterable[Listing], lang: str = "en", top: int = 20,
            min_share: float = 0.0, model: str | None = None,
            fields: Sequence[str] = ("title", "bullets", "description"),
            brands: BrandBook | None = None,
            prohibited: Callable[[str], list[str]] | None = None,
            known_brands: Sequence[str] = ()) -> Ranking:
    """Rank the keywords of one set of competitor listings.

    ``brands``: brand evidence from the whole input the set belongs to
    (:meth:`BrandBook.learn <listingkit.keywords.brands.BrandBook.learn>` over every group);
    without it, brands are learnt from this set alone. ``prohibited``: the phrases the
    marketplace prohibits in titles that a term holds
    (:func:`~listingkit.keywords.prohibited.prohibited_test`); such keywords are listed
    apart, never recommended. ``known_brands``: brand names the user gives (``--brands``,
    config ``keywords.brands``), brands whatever the competitors' own data says.
    """
    from listingkit.keywords.candidates import TermReader
    from listingkit.keywords.categories import category_words
    from listingkit.keywords.kinds import Tagger
    from listingkit.keywords.ranking import rank
    from listingkit.nlp import analyzer

    listings = list(listings)
    nlp = analyzer(lang, model)
    tagger = Tagger(nlp, known_brands)
    reader = TermReader(nlp, tuple(dict.fromkeys(("title", *fields))))
    occurrences = list(reader.read(listings))
    tagger.learn_brands(listings, [o.title for o in occurrences], leading=brands is None,
                        taxonomy=brands.taxonomy if brands is not None else frozenset())
    if brands is not None:
        tagger.adopt(brands)
    tagger.learn_brand_parts([o.title for o in occurrences], listings)
    if "title" not in fields:
        for occ in occurrences:  # titles were read for brand detection only
            occ.drop_field("title")
    return rank(occurrences, tagger, top=top, min_share=min_share, surfaces=reader.surfaces,
                named=category_words(listings, nlp), prohibited=prohibited)
