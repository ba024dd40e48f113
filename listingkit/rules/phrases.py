"""Rule kind: phrases from the lexicons (sales talk, guarantees, time limits, contact details)
that the marketplace spec prohibits in a field. Each field module subclasses it with a code,
a name, a docstring and the lexicons it reads."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain

from listingkit.listing import Listing
from listingkit.rules.base import Hit
from listingkit.rules.columns import Column
from listingkit.rules.contacts import contacts
from listingkit.rules.kinds import FieldRule
from listingkit.rules.matching import mask, token_list, tokens
from listingkit.rules.screens import batched, phrase_screen


class Phrases(FieldRule):
    """Phrases from the lexicons the spec prohibits for this field."""

    facts = ("fields.{field}.prohibited_lexicons",)

    lexicons: tuple[str, ...] = ()

    def prepare(self) -> bool:
        named = set(self.spec("prohibited_lexicons", []))
        self.active = [name for name in self.lexicons if name in named]
        self.matchers = [(name, self.ctx.matcher(name)) for name in self.active]
        screens = [m.screen for _, m in self.matchers]
        self.screen = None if any(sc is None for sc in screens) else frozenset().union(*screens)
        self.contact = "contact" in self.active
        self.contact_only = [(name, m) for name, m in self.matchers if name == "contact"]
        if self.screen is not None:  # (every phrase has a word: a text needs them all)
            self.wants = phrase_screen((m for _, m in self.matchers),
                                       test=_maybe_contact if self.contact else None)
        return bool(self.active)

    def check(self, listing: Listing) -> Iterable[Hit]:
        for index, text in self.items(listing):
            if not text:
                continue
            matchers = self.matchers
            if self.screen is not None and self.screen.isdisjoint(tokens(text)):
                # no lexicon phrase can match; only contact details (a number, a link) can
                if not (self.contact and _CONTACT_SCREEN.search(text)):
                    continue
                matchers = self.contact_only
            plain = None
            label = None
            for name, matcher in matchers:
                found = matcher.find(text)
                # words of the brand name do not count (only a phrase sharing a word with the
                # brand can be the brand's: the others stand without looking again)
                if found and listing.brand and not tokens(listing.brand).isdisjoint(
                        chain.from_iterable(map(token_list, found))):
                    plain = mask(text, listing.brand) if plain is None else plain
                    if plain is not text:  # (mask gives back the text when no brand is in it)
                        found = matcher.find(plain)
                if found:
                    found = list(dict.fromkeys([m.lower() for m in found]))
                if name == "contact" and _CONTACT_SCREEN.search(text):
                    found += contacts(text)
                if found and label is None:
                    label = self.label(index)
                for phrase in found:
                    yield self.hit(f"{label} has {name} phrase {phrase!r}",
                                   key=f"{name}:{phrase}")


#: what any e-mail address, link or phone number must contain (a phone number has two runs of
#: three or more digits with a separator between: see matching.PHONE); ignoring case, as
#: matching.URL does
_CONTACT_SCREEN = re.compile(r"@|www\.|://|\.(?:com|net|org|shop|store|co\.uk|de|fr)\b"
                             r"|\d{3}[\s.-]\d{3}", re.IGNORECASE)


def _maybe_contact(text: str) -> bool:
    """A cheap superset of :data:`_CONTACT_SCREEN` built from substring tests, which run in C
    at a few nanoseconds a character (the regex tries its alternatives at every position).
    In ASCII text the digits' part is exact: one ``translate`` marks digits "0" and the
    separators "-", and a phone number's two runs of three are "000-000"."""
    if "@" in text or "://" in text:
        return True
    lower = text.lower()
    if "www." in lower or any(tld in lower for tld in _TLDS):
        return True
    if not text.isascii():  # \d also matches other scripts' digits: ask the regex
        return _CONTACT_SCREEN.search(text) is not None
    return "000-000" in text.encode("ascii").translate(_DIGIT_MARKS).decode("ascii")


_TLDS = (".com", ".net", ".org", ".shop", ".store", ".co.uk", ".de", ".fr")
#: any of _TLDS: one pass over a column (the regex skips to each "."), not one per ending
_TLD = re.compile("|".join(map(re.escape, _TLDS)))
#: ASCII digits to "0", whitespace, "." and "-" to "-" (the separators of \d{3}[\s.-]\d{3}),
#: every other byte to "x"; and the same keeping line breaks apart (see _contact_rows)
_DIGIT_MARKS = bytes(ord("0") if 48 <= code <= 57 else ord("-") if chr(code).isspace()
                     or chr(code) in ".-" else ord("x") for code in range(256))
_DIGIT_MARKS_NL = _DIGIT_MARKS[:10] + b"\n" + _DIGIT_MARKS[11:]


def _contact_rows(column: Column) -> set[int]:
    """:func:`_maybe_contact` over an ASCII column: its substring tests over the joined
    column, and the digits' test over one ``translate`` of it that keeps the line breaks
    between rows (a text holding a line break of its own: row by row)."""
    lower = column.lower
    found = column.rows_with("@", "://") | column.rows_with("www.", within=lower) | \
        column.rows_matching(_TLD, within=lower)
    if not column.one_line:
        return found | column.rows_where(_maybe_contact, range(len(column.texts)))
    marked = column.joined.encode("ascii").translate(_DIGIT_MARKS_NL).decode("ascii")
    return found | column.rows_with("000-000", within=marked)


batched(_maybe_contact, _contact_rows)
