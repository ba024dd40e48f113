"""Language rule (L): text in a language the store does not sell in.

Running langdetect on every field of a large catalogue costs milliseconds per string, so a
cheap screen comes first: function words (articles, prepositions, conjunctions) from the
lexicons, counted per language. Only text whose function words point away from the store's
languages, or whose script does not fit, is handed to langdetect (seeded, restricted to the
plausible languages). Short or brand-only strings are never judged.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import partial
from itertools import compress, count, repeat
from operator import is_not
from typing import Any

from listingkit.language import MIN_LETTERS
from listingkit.listing import Listing
from listingkit.rules.base import Hit, Rule, register
from listingkit.rules.chunk import Chunk
from listingkit.rules.columns import Column
from listingkit.rules.matching import mask, tokens
from listingkit.rules.memo import Verdicts, remember

#: Languages a listing in any store plausibly comes in (for restricting the detector).
PLAUSIBLE = ("en", "de", "fr", "es", "it", "nl", "pl", "pt", "sv", "ja", "zh")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
LETTER = re.compile(r"[^\W\d_]")

#: texts at least this long have their screen result remembered for the run
REMEMBER_FROM = 300
#: every ASCII digit as "0", and a run of them (see _digitless)
_ZEROS = str.maketrans("123456789", "000000000")
_DIGITS = re.compile(r"[0-9]+")
#: langdetect reads no more of a text than this (its default max_text_length)
_DETECTOR_READS = 10_000


def _digitless(text: str) -> str:
    """``text`` as the detector's memo key: each run of ASCII digits as one "0". langdetect
    reads every digit as a space, and a run of spaces as one (its n-grams are of letters),
    so texts that differ only in their numbers ("500 ml" and "1000 ml" variants of a bullet)
    get the same guess, worked out once. Where the length can matter (a text longer than the
    detector reads, a link or an e-mail address, whose patterns are bounded in length), each
    digit as "0"."""
    if len(text) < _DETECTOR_READS and "@" not in text and "://" not in text:
        return _DIGITS.sub("0", text)
    return text.translate(_ZEROS)


@register
class WrongLanguage(Rule):
    """Text in a language other than the store's.

    Why: marketplaces require the store language; a German title on amazon.com is not found by
    English searches and can be suppressed. Detection uses langdetect with a fixed seed,
    restricted to plausible languages; strings under 20 letters or only a brand are skipped.
    Fix: translate the field (`listingkit translate`).
    Fail: {title = "Edelstahl Trinkflasche für Kinder und Erwachsene mit dem Deckel aus Bambus, auslaufsicher und ohne BPA"}
    Pass: {title = "Stainless steel water bottle for kids and adults with a bamboo lid, leak-proof and BPA free"}
    """

    code, name, field, severity = "L001", "language.wrong-language", "", "warning"
    facts = ("language", "languages")

    def prepare(self) -> bool:
        market = self.ctx.marketplace
        # the spec's `languages` are what detection must be able to name; only the store's
        # `language` is accepted (see spec.schema.json)
        self.store = {market.language}
        self.candidates = sorted(set(market.languages) | self.store | set(PLAUSIBLE))
        self.function = {}
        for lang in self.candidates:
            self.function[lang] = set(self.ctx.words("function_words", lang=lang,
                                                     missing_ok=True))
        store_words = set().union(*(self.function[lang] for lang in self.store))
        #: foreign function word -> the plausible foreign languages it belongs to
        self.foreign: dict[str, tuple[str, ...]] = {}
        for lang, ws in self.function.items():
            if lang not in self.store:
                for word in ws - store_words:
                    self.foreign[word] = (*self.foreign.get(word, ()), lang)
        self.store_words = frozenset(store_words)
        self.foreign_words = frozenset(self.foreign)
        self.cjk_store = bool(self.store & {"ja", "zh", "ko"})
        self.hints: dict[Any, set[str] | None] = {}
        #: each field's (bullets repeat where descriptions do not: each stops on its own)
        self.verdicts: dict[str, Verdicts[set[str] | None]] = {
            name: Verdicts(self.hints) for name in ("bullets", "description")}
        self.seen: dict[tuple[str, frozenset[str]], Any] = {}
        return True

    def suspicious(self, text: str) -> set[str] | None:
        """The cheap screen: the foreign languages the text points to (empty set: any), or
        None when nothing suggests a foreign language."""
        if self.cjk_store:
            return set() if not CJK.search(text) else None
        if not text.isascii() and CJK.search(text) and \
                len(CJK.findall(text)) * 3 > len(LETTER.findall(text)):
            return set()
        found = tokens(text)
        if len(found) < 4 or self.foreign_words.isdisjoint(found):
            return None
        away: dict[str, int] = {}
        for token in self.foreign_words.intersection(found):
            for lang in self.foreign[token]:
                away[lang] = away.get(lang, 0) + 1
        if not away:
            return None
        top = max(away.values())
        if top < 2 or top <= len(found & self.store_words):
            return None
        return {lang for lang, n in away.items() if n >= 2}

    def foreign_guess(self, text: str, hinted: set[str]) -> Any:
        """The detector's guess when ``text`` (that the screen found suspicious, pointing to
        the ``hinted`` languages, and long enough without the brand) is in a foreign
        language, else None."""
        from listingkit.language import detect

        guess = detect(text, self.candidates)
        # the detector must agree with the screen: "Car Mat ... sur-4620" has two French
        # function words, but it is not French, and langdetect then guesses something else
        if guess and guess.lang not in self.store and guess.probability >= 0.9 and \
                (not hinted or guess.lang in hinted):
            return guess
        return None

    def check(self, listing: Listing) -> Iterable[Hit]:
        # the screen first, field by field; the usual listing stops here. Bullets and
        # descriptions (often shared) and long texts are screened once per run, bullets keyed by
        # the list (no joining on a repeat); titles, short and unique, are cheaper to screen
        # again than to remember
        todo = None
        title = listing.title
        if len(title) >= MIN_LETTERS:
            hinted = self.suspicious(title) if len(title) < REMEMBER_FROM else \
                self.hint(title)
            if hinted is not None:
                todo = [("title", title, hinted)]
        hints = self.hints
        if listing.bullets:
            bullets = "\n".join(listing.bullets)
            hinted = hints[bullets] if bullets in hints else self.hint(bullets)
            if hinted is not None:
                todo = [*(todo or ()), ("bullets", bullets, hinted)]
        description = listing.description
        if description:
            hinted = hints[description] if description in hints else \
                self.hint(description)
            if hinted is not None:
                todo = [*(todo or ()), ("description", description, hinted)]
        return () if todo is None else self.judge(listing, todo)

    def rows(self, chunk: Chunk) -> Collection[int] | None:
        """The rows :meth:`check` may report on: a title holding a foreign function word (or
        Chinese or Japanese characters), bullets or a description the screen finds suspicious
        (each distinct text screened once per run). Stores in Chinese or Japanese: every
        row."""
        if self.cjk_store:
            return None
        title = chunk.column("title")
        texts = title.texts
        found = {i for i in title.rows_with_words(self.foreign_words)
                 if len(texts[i]) >= MIN_LETTERS}
        if not title.ascii:  # (the titles not in ASCII: Column.split has them apart)
            found |= {i for i in title.split()[2]
                      if CJK.search(texts[i]) and len(texts[i]) >= MIN_LETTERS}
        for name in ("bullets", "description"):
            hints = self.verdicts[name](chunk.column(name), self.maybe, self.hinted, None)
            found.update(compress(count(), map(is_not, hints, repeat(None))))
        return found

    def maybe(self, column: Column) -> set[int]:
        """The rows of ``column`` that may be suspicious: a text holding a foreign function
        word, or a CJK character (both found over the column: most texts outside ASCII hold
        only dashes, quotes or symbols outside it)."""
        found = column.rows_with_words(self.foreign_words)
        if column.ascii:
            return found
        others, rest = column.split()[2], column.outside()  # (CJK is never ASCII)
        return found | {others[k] for k in rest.rows_matching(CJK)}

    def hinted(self, text: str) -> set[str] | None:
        """:meth:`suspicious` for a text long enough to judge (else None)."""
        return self.suspicious(text) if len(text) >= MIN_LETTERS else None

    def hint(self, text: str) -> set[str] | None:
        """:meth:`hinted`, remembered for the run."""
        return remember(self.hints, text, partial(self.hinted, text))

    def judge(self, listing: Listing, todo: list[tuple[str, str, set[str]]]) -> Iterable[Hit]:
        """The findings on the fields the screen found suspicious: (name, text, hinted)."""
        brand = listing.brand
        for name, text, hinted in todo:
            # too few letters once the brand is masked: not judged (a brand-only string)
            if len(LETTER.findall(mask(text, brand) if brand else text)) < MIN_LETTERS:
                continue
            # the guess depends on the text and the hint alone, and not on the text's digits
            # (see _digitless)
            key = (_digitless(text), frozenset(hinted))
            guess = self.seen[key] if key in self.seen else remember(
                self.seen, key, partial(self.foreign_guess, text, hinted))
            if guess is not None:
                store = "/".join(sorted(self.store))
                yield Hit(f"{name.replace('_', ' ')} looks like {guess.lang!r} "
                          f"(p={guess.probability:.2f}); {self.ctx.marketplace.id} expects "
                          f"{store}", field=name, key=guess.lang)
