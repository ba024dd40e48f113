"""Search-term rules (S)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import partial

from listingkit.listing import Listing
from listingkit.rules.base import Fix, Hit, register
from listingkit.rules.chunk import Chunk
from listingkit.rules.columns import Column
from listingkit.rules.kinds import FieldRule, Length
from listingkit.rules.matching import tidy, token_list, tokens, trim_bytes, words
from listingkit.rules.phrases import Phrases
from listingkit.rules.screens import batched, screen


@register
class SearchTermsTooManyBytes(Length):
    """Search terms over the marketplace's byte budget.

    Why: Amazon indexes fewer than 250 bytes of search terms; above the limit the terms may be
    ignored entirely.
    Fix: `--fix` trims at a word boundary to fit the budget (run S003 and S004 fixes first, so
    only words that add something are kept).
    Fail: {search_terms = "bottle flask thermos canteen tumbler jug vacuum insulated stainless steel gym office hiking camping cycling school kids adults blue green red black leak proof wide mouth sports travel cold hot coffee tea water juice smoothie lunchbox picnic beach festival"}
    Pass: {search_terms = "flask thermos canteen tumbler"}
    """

    code, name, field, limit, fixable = "S001", "search_terms.max-bytes", "search_terms", \
        "max_bytes", "safe"

    def fixed(self, listing: Listing, index: int, text: str, limit: int) -> Fix | None:
        return Fix(self.field, safe=True, note=f"trim to {limit} bytes at a word boundary",
                   make=partial(trim_bytes, text, limit))


@register
class SearchTermsTooLong(Length):
    """Search terms longer than the marketplace allows, in characters.

    Why: characters beyond the limit are not indexed.
    Fix: drop the weakest terms.
    Fail: {search_terms = "bottle flask thermos canteen tumbler jug vacuum insulated stainless steel gym office hiking camping cycling school kids adults blue green red black leak proof wide mouth sports travel cold hot coffee tea water juice smoothie lunchbox picnic beach festival"}
    Pass: {search_terms = "flask thermos"}
    """

    code, name, field, limit = "S002", "search_terms.max-chars", "search_terms", "max_chars"


@register
class SearchTermsRepeatListing(FieldRule):
    """Search terms repeat words already in the title or bullet points.

    Why: the title and bullets are indexed already; repeating their words wastes the byte
    budget that could hold synonyms and other spellings.
    Fix: `--fix` removes the repeated words.
    Fail: {title = "Acme Water Bottle", search_terms = "bottle flask thermos"}
    Pass: {title = "Acme Water Bottle", search_terms = "flask thermos canteen"}
    """

    code, name, field, severity, fixable = "S003", "search_terms.repeat-listing", \
        "search_terms", "warning", "safe"
    facts = ("fields.search_terms.max_bytes",)
    memo = False  # reads the title and bullets too

    def prepare(self) -> bool:
        self.exempt = set(self.ctx.words("function_words"))
        return self.ctx.marketplace.fact("fields.search_terms.max_bytes") is not None

    def check(self, listing: Listing) -> Iterable[Hit]:
        terms = listing.search_terms
        if not terms:
            return ()
        wanted = tokens(terms)
        if wanted.isdisjoint(tokens(listing.title)) and wanted.isdisjoint(tokens(listing.brand)):
            for bullet in listing.bullets:
                if not wanted.isdisjoint(tokens(bullet)):
                    break
            else:
                return ()  # no letter/digit run in common, so no word either
        return self.hits(listing, terms)

    def rows(self, chunk: Chunk) -> Collection[int]:
        """The rows whose search terms share a letter/digit run with their title, brand or
        bullets: first the runs that the chunk's search terms and its other texts share at
        all (usually few or none), then the rows holding one of those on both sides."""
        terms = chunk.column("search_terms")
        wanted = terms.distinct().run_set
        bullets = chunk.column("bullets")  # (its words, if a screen worked them out already)
        shared = chunk.column("title").present(wanted) | chunk.column("brand").distinct(
        ).present(wanted) | (bullets if bullets.words_known else chunk.distinct_bullets()
                             ).present(wanted)
        if not shared:
            return ()
        others = [chunk.column(name) for name in ("title", "brand", "bullets")]
        return terms.rows_with_words(shared) & set().union(
            *(column.rows_with_words(shared) for column in others))

    def hits(self, listing: Listing, terms: str) -> Iterable[Hit]:
        have = {w.lower() for w in words(listing.title)}
        for bullet in listing.bullets:
            have.update(w.lower() for w in words(bullet))
        have.update(w.lower() for w in words(listing.brand))
        dupes = [w for w in dict.fromkeys(x.lower() for x in words(terms))
                 if w in have and w not in self.exempt]
        if dupes:
            shown = " ".join(dupes[:8]) + (" ..." if len(dupes) > 8 else "")
            yield Hit(f"search terms repeat {len(dupes)} word(s) of the title/bullets: {shown}",
                      field=self.field, key=str(len(dupes)),
                      fix=Fix(self.field, safe=True, note="remove words the title/bullets have",
                              make=partial(_dropped, terms, frozenset(dupes))))


def _dropped(terms: str, drop: frozenset[str]) -> str:
    return tidy(" ".join(t for t in terms.split() if t.lower().strip(",;") not in drop))


@register
class SearchTermsDuplicate(FieldRule):
    """Search terms repeat a word, or use punctuation as separators.

    Why: each word counts once; repeats and commas only spend bytes. Amazon asks for words
    separated by spaces.
    Fix: `--fix` removes repeats and punctuation separators.
    Fail: {search_terms = "flask, thermos, flask"}
    Pass: {search_terms = "flask thermos canteen"}
    """

    code, name, field, severity, fixable = "S004", "search_terms.duplicate", "search_terms", \
        "warning", "safe"
    facts = ("fields.search_terms.separator",)
    uses_brand = False

    def prepare(self) -> bool:
        self.wants = screen(test=_maybe_repeat)
        return self.ctx.marketplace.value("fields.search_terms.separator", None) == " "

    def check(self, listing: Listing) -> Iterable[Hit]:
        terms = listing.search_terms
        if not terms:
            return
        tokens = [t for t in _SPLIT.split(terms) if t]
        unique = list(dict.fromkeys(t.lower() for t in tokens))
        punct = bool(_PUNCT.search(terms))
        if len(unique) < len(tokens) or punct:
            seen: set[str] = set()
            kept = []
            for token in tokens:
                if token.lower() not in seen:
                    seen.add(token.lower())
                    kept.append(token)
            what = []
            if len(unique) < len(tokens):
                what.append(f"{len(tokens) - len(unique)} repeated word(s)")
            if punct:
                what.append("punctuation separators")
            yield Hit(f"search terms have {' and '.join(what)}", field=self.field,
                      key=" ".join(what),
                      fix=Fix(self.field, " ".join(kept), True, "one space between unique words"))


def _maybe_repeat(terms: str) -> bool:
    """Whether the terms have a separator other than whitespace, a letter/digit run twice,
    or a word twice (ignoring case): a superset of what :class:`SearchTermsDuplicate`
    reports (a word twice repeats its runs, but "t-shirt shirt" repeats a run only), tested
    with string methods in C. :func:`_repeat_rows` is the same test over a column."""
    if "," in terms or ";" in terms or "|" in terms:
        return True
    if len(token_list(terms)) > len(tokens(terms)):
        return True
    items = terms.lower().split()  # (words with no letter or digit: "-", "&")
    return len(set(items)) < len(items)


def _repeat_rows(column: Column) -> set[int]:
    """:func:`_maybe_repeat` over an ASCII column: the rows with a separator, and those where
    a letter/digit run repeats (a repeated word repeats its runs; the rows' sets of runs are
    the column's run set too, see :meth:`Column.repeated_rows`). A word with no letter or
    digit ("-", "&") repeats without any run repeating: rows with such characters are
    tested one by one."""
    found = column.rows_with(",", ";", "|") | column.repeated_rows(1)
    marked = column.joined.encode("ascii").translate(_OTHER_MARKS).decode("ascii")
    if "#" in marked:
        found |= column.rows_where(_maybe_repeat, column.rows_with("#", within=marked) - found)
    return found


#: ASCII letters, digits, the space and the line break to ".", every other byte to "#"
_OTHER_MARKS = bytes(ord(".") if chr(code).isalnum() and code < 128 or code in (10, 32)
                     else ord("#") for code in range(256))


batched(_maybe_repeat, _repeat_rows)


_SPLIT = re.compile(r"[\s,;|]+")
_PUNCT = re.compile(r"[,;|]")


@register
class SearchTermsProhibited(Phrases):
    """Search terms have temporary or subjective words ("new", "on sale now", "amazing").

    Why: Amazon asks not to use temporary statements or subjective claims in search terms; they
    are not searched for and spend the byte budget.
    Fix: remove them.
    Fail: {search_terms = "flask thermos new amazing"}
    Pass: {search_terms = "flask thermos canteen"}
    """

    code, name, field, severity = "S005", "search_terms.prohibited", "search_terms", "warning"
    lexicons = ("temporary", "subjective", "promotional")


def tags(text: str, separator: str) -> list[str]:
    """The items of a search-terms field: tags split at the separator, or words when the
    separator is a space."""
    if not separator.strip():
        return text.split()
    return [t.strip() for t in text.split(separator) if t.strip()]


@register
class TooManyTags(FieldRule):
    """More search tags than the marketplace takes.

    Why: Etsy takes 13 tags per listing; the rest are not saved.
    Fix: keep the 13 tags shoppers search for most; drop near-repeats.
    Fail: {search_terms = "mug, cup, tea, coffee, gift, mum, dad, office, kitchen, ceramic, handmade, white, blue, large"}
    Pass: {search_terms = "mug, cup, tea, coffee, gift"}
    """

    code, name, field = "S006", "search_terms.max-count", "search_terms"
    facts = ("fields.search_terms.max_count", "fields.search_terms.separator")
    uses_brand = False

    def prepare(self) -> bool:
        self.found = self.fact("max_count")
        self.separator = str(self.spec("separator", " "))
        return self.found is not None

    def check(self, listing: Listing) -> Iterable[Hit]:
        count, limit = len(tags(listing.search_terms, self.separator)), int(self.found.value)
        if count > limit:
            yield self.hit(f"{count} search tags; {self.ctx.marketplace.id} takes at most {limit}",
                           key=str(count), uncertain=self.found.uncertain)


@register
class TagTooLong(FieldRule):
    """A search tag longer than the marketplace allows.

    Why: Etsy tags hold at most 20 characters; a longer tag is refused.
    Fix: split the tag into two shorter ones, or drop filler words.
    Fail: {search_terms = "mug, personalisedcoffeemugs"}
    Pass: {search_terms = "mug, personalised mug"}
    """

    code, name, field = "S007", "search_terms.max-item-chars", "search_terms"
    facts = ("fields.search_terms.max_item_chars", "fields.search_terms.separator")
    uses_brand = False

    def prepare(self) -> bool:
        self.found = self.fact("max_item_chars")
        self.separator = str(self.spec("separator", " "))
        limit = int(self.found.value) if self.found is not None else 0
        self.wants = screen(longer=limit)
        return self.found is not None

    def check(self, listing: Listing) -> Iterable[Hit]:
        limit = int(self.found.value)
        long = [t for t in tags(listing.search_terms, self.separator) if len(t) > limit]
        if long:
            shown = ", ".join(repr(t) for t in long[:5]) + (" ..." if len(long) > 5 else "")
            hint = "" if not self.separator.strip() or self.separator in listing.search_terms \
                else f" (tags are separated by {self.separator!r})"
            yield self.hit(f"{len(long)} search tag(s) longer than {limit} characters: "
                           f"{shown}{hint}", key=str(len(long)), uncertain=self.found.uncertain)
