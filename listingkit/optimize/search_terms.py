"""Search terms: the words shoppers search for that the title and bullets do not already
have, packed into the marketplace's byte budget (Amazon counts UTF-8 bytes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from listingkit.keywords.kinds import CLAIM_KINDS
from listingkit.listing import Listing
from listingkit.optimize.title import (
    NEVER_ADD,
    attribute_labels,
    audience_words,
    evidence,
)
from listingkit.scoring.bank import KeywordBank, words
from listingkit.scoring.relevance import Words, fold, has_digit, parts


@dataclass
class Packed:
    text: str
    used: int
    budget: int
    unfit: list[str] = field(default_factory=list)


def _shown(listing: Listing) -> list[str]:
    """The title (without its model number: "NW-TEE" is not the word "tee"), brand, bullets."""
    title = listing.title
    for name in ("model", "mpn"):
        code = listing.attributes.get(name, "").strip()
        if code:
            title = re.sub(r"(?<![\w-])" + re.escape(code) + r"(?![\w-])", " ", title,
                           flags=re.IGNORECASE)
    return [title, listing.brand, *listing.bullets]


def bank_words(listing: Listing, bank: KeywordBank | None, top: int = 50,
               min_share: float = 0.0, min_competitors: int = 0, lang: str = "") -> list[str]:
    """The words ``bank`` may add to the listing's search terms, best first: none of a
    brand, measure, colour, material, size or pattern keyword, no word with a digit, none
    used by fewer than ``min_share`` of the competitors or fewer than ``min_competitors`` of
    them (when known: one seller's "straw" or "kids" is a claim about their bottle), and
    nothing the title, bullets or brand already have as a phrase. A phrase gives its other
    words but not its colour, material, size or pattern words (``lang``'s vocabularies) nor
    its audience words: "alloy necklace" gives "necklace", not "alloy" (this necklace may be
    silver); "shirt for women" gives "shirt" (this shirt may be a man's). Unless the
    listing's own description, bullets or attribute values use the word (its evidence, as
    for titles): "stainless steel water bottle" gives "steel" to a bottle whose description
    says it is steel."""
    if not bank:
        return []
    have = Words(*_shown(listing))
    claims = _claim_words(lang) if lang else frozenset()
    labels = attribute_labels(lang) if lang else frozenset()  # ("finish" says nothing alone)
    if claims:
        claims = claims - evidence(listing).set
    out: list[str] = []
    for term in bank.top(top):
        if term.kind in NEVER_ADD or has_digit(term) or have.has(term) or \
                not term.used_by(min_share, min_competitors):
            continue
        out.extend(w for w in term.words if not any(c.isdigit() for c in w)
                   and not (len(w) < 2 and w.isascii())  # "s" of "women s": no word
                   and "".join(parts(w)) not in claims and w.lower() not in labels)
    return out


@cache
def _claim_words(lang: str) -> frozenset[str]:
    """The folded one-word terms of ``lang``'s colour, material, size and pattern
    vocabularies (``lexicons/<lang>/<concept>.tsv``, as keywords tags kinds) and its audience
    words."""
    from listingkit.errors import ConfigError
    from listingkit.keywords.kinds import vocabulary_forms

    try:
        out = {"".join(parts(w)) for w in audience_words(lang)}
    except ConfigError:
        out = set()
    out.update("".join(parts(f)) for kind, forms in vocabulary_forms(lang).items()
               if kind in CLAIM_KINDS for f in forms if len(parts(f)) == 1)
    return frozenset(out)


def build(listing: Listing, bank: KeywordBank | None, budget: int, separator: str = " ",
          stop: frozenset[str] = frozenset(), top: int = 50, min_share: float = 0.0,
          min_competitors: int = 0, lang: str = "") -> Packed:
    """The listing's own search-term words, then the bank's (:func:`bank_words`; ``bank`` is
    the part that applies to this listing), most valuable first.

    Words already in the title or brand (case, hyphens and plurals folded) or written the same
    in a bullet, repeats and stop words are left out (:func:`bank_words` also leaves out the
    bank's words that the bullets have); a word that does not fit is skipped (a shorter one after it
    may still fit) and reported.
    """
    shown = _shown(listing)
    title = shown[:2]  # the title and brand: what the listing's own words must not repeat
    have = {p for p in Words(*title).set if len(p) > 1}  # "usb-c" does not say "c"
    whole = {fold(w) for text in title for w in words(text)}
    bullets = set(words(" ".join(listing.bullets)))
    chosen: list[str] = []
    seen: set[str] = set()
    candidates = words(listing.search_terms) + bank_words(listing, bank, top, min_share,
                                                          min_competitors, lang)
    sep = len(separator.encode("utf-8"))
    used = 0
    unfit: list[str] = []
    for word in candidates:
        folded = parts(word)
        key = "".join(folded)
        if key in seen or word in stop or not folded or fold(word) in whole or \
                all(p in have for p in folded) or word in bullets:
            continue
        seen.add(key)
        cost = len(word.encode("utf-8")) + (sep if chosen else 0)
        if used + cost > budget:
            unfit.append(word)
            continue
        chosen.append(word)
        used += cost
    return Packed(separator.join(chosen), used, budget, unfit)
