"""Rule kinds: the logic, shared by fields. Each field module subclasses these with a code,
a name and a docstring; the numbers and words come from the marketplace spec and lexicons."""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from functools import partial
from itertools import compress, count, repeat
from typing import Any

from listingkit.listing import Listing
from listingkit.rules import screens
from listingkit.rules.base import Fix, Hit, Rule
from listingkit.rules.matching import (
    EMOJI,
    TAG,
    mask,
    tidy,
    token_list,
    tokens,
    words,
)
from listingkit.rules.symbols import loose_chars, without


class FieldRule(Rule):
    """A rule about one field, reading ``fields.<field>.*`` facts. It has nothing to say about
    an empty field (C001 reports missing ones), so the runner skips it there. Its hits depend
    only on the field (and the brand), so the runner remembers them per distinct text; a
    subclass that reads other fields must set ``memo = False``."""

    needs_field = True
    memo = True

    def spec(self, name: str, default: Any = None) -> Any:
        return self.ctx.marketplace.value(f"fields.{self.field}.{name}", default)

    def fact(self, name: str) -> Any:
        return self.ctx.marketplace.fact(f"fields.{self.field}.{name}")

    def items(self, listing: Listing) -> Iterable[tuple[int, str]]:
        """(index, text): bullets one by one (1-based), other fields once (index 0)."""
        field = self.field
        if field == "bullets":
            return enumerate(listing.bullets, start=1)
        if field in _OWN_TEXT:  # a listing attribute: skip Listing.text's look-up
            return ((0, getattr(listing, field)),)
        return ((0, listing.text(field)),)

    def label(self, index: int) -> str:
        return f"bullet {index}" if index else self.field.replace("_", " ")

    def lazy_fix(self, listing: Listing, index: int, safe: bool, note: str,
                 build: Callable[..., str], *args: Any) -> Fix:
        """A fix of item ``index`` whose new text is ``build(*args)``, built only when read
        (a plain check never reads it). It keeps the bullets list, not the listing."""
        bullets = listing.bullets if self.field == "bullets" else None
        return Fix(self.field, safe=safe, note=note,
                   make=partial(_whole_value, bullets, index, build, args))

    def hit(self, message: str, key: str = "", fix: Fix | None = None,
            uncertain: bool = False) -> Hit:
        severity = "warning" if uncertain and self.severity == "error" else ""
        if uncertain:
            message += " (the marketplace's limit is uncertain; see `listingkit rules "
            message += f"{self.code}`)"
        return Hit(message=message, field=self.field, key=key, fix=fix, severity=severity)


#: text fields that are attributes of a listing (others are looked up in its attributes)
_OWN_TEXT = frozenset({"title", "brand", "description", "search_terms"})


def _whole_value(bullets: list[str] | None, index: int, build: Callable[..., str],
                 args: tuple[Any, ...]) -> str | list[str]:
    """The whole new field value after replacing item ``index`` with ``build(*args)``."""
    new = build(*args)
    if bullets is None:
        return new
    changed = list(bullets)
    changed[index - 1] = new
    return [b for b in changed if b.strip()]


class Length(FieldRule):
    """Too long (or too short) in characters or UTF-8 bytes."""

    uses_brand = False

    limit: str = "max_chars"  # the fact name
    facts = ("fields.{field}.{limit}",)

    def prepare(self) -> bool:
        self.found = self.fact(self.limit)
        if self.found is None:
            return False
        limit = int(self.found.value)
        if self.limit.startswith("max") and "width" in self.limit:
            self.wants = screens.screen(longer=limit // 2)  # a character is at most 2 wide
        elif self.limit.startswith("max") and "bytes" in self.limit:
            # an item over the limit makes the whole text longer; ASCII has a byte per letter
            self.wants = screens.screen(longer=limit, test=screens.wide_bytes(limit))
        elif self.limit.startswith("max"):
            self.wants = screens.screen(longer=limit)
        elif self.field != "bullets":
            self.wants = screens.screen(test=screens.shorter_than(limit))
        return True

    def measure(self, text: str) -> int:
        if "bytes" in self.limit:
            return len(text.encode("utf-8"))
        if "width" in self.limit:
            return display_width(text)
        return len(text)

    def unit(self) -> str:
        if "width" in self.limit:
            return "half-width units (a full-width character counts 2)"
        return "bytes" if "bytes" in self.limit else "characters"

    def check(self, listing: Listing) -> Iterable[Hit]:
        limit, unit = int(self.found.value), self.unit()
        for index, text in self.items(listing):
            if not text and self.limit.startswith("min"):
                continue  # a missing field is C001's business
            size = self.measure(text)
            too_short = self.limit.startswith("min")
            if (size < limit) if too_short else (size > limit):
                word = "at least" if too_short else "at most"
                yield self.hit(f"{self.label(index)} is {size} {unit}; {self.ctx.marketplace.id} "
                               f"allows {word} {limit}", key=str(index),
                               fix=self.fixed(listing, index, text, limit),
                               uncertain=self.found.uncertain)

    def fixed(self, listing: Listing, index: int, text: str, limit: int) -> Fix | None:
        return None


def display_width(text: str) -> int:
    """Width in half-width units: East Asian full-width and wide characters count 2."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "FW" else 1 for c in text)


class Count(FieldRule):
    """Too many or too few items (bullets)."""

    uses_brand = False

    limit = "max_count"
    facts = ("fields.{field}.{limit}",)

    def prepare(self) -> bool:
        self.found = self.fact(self.limit)
        if self.found is not None and self.limit == "max_count":
            limit = int(self.found.value)
            # the bullets are joined by line breaks: more than `limit` bullets, that many breaks
            self.wants = screens.screen(test=screens.batched(
                lambda text: text.count("\n") >= limit,
                lambda column: set(compress(count(), map(limit.__le__, map(
                    str.count, column.texts, repeat("\n"))))), narrow=True))
        return self.found is not None

    def check(self, listing: Listing) -> Iterable[Hit]:
        count, limit = len(listing.bullets), int(self.found.value)
        if self.limit == "max_count" and count > limit:
            yield self.hit(f"{count} bullets; {self.ctx.marketplace.id} shows at most {limit}",
                           uncertain=self.found.uncertain)
        elif self.limit == "min_count" and 0 < count < limit:
            yield self.hit(f"{count} bullets; {self.ctx.marketplace.id} expects at least {limit}",
                           uncertain=self.found.uncertain)


class ProhibitedChars(FieldRule):
    """Characters the marketplace does not allow in this field (brand names exempt)."""

    facts = ("fields.{field}.prohibited_chars", "fields.{field}.context_chars")

    fixable = "safe"

    def prepare(self) -> bool:
        self.banned = set(self.spec("prohibited_chars", ""))
        self.context = set(self.spec("context_chars", ""))
        either = "".join(sorted(self.banned | self.context))
        self.screen = re.compile(f"[{re.escape(either)}]") if either else None
        self.wants = screens.screen(chars=either) if either else None
        return bool(self.banned or self.context)

    def check(self, listing: Listing) -> Iterable[Hit]:
        for index, text in self.items(listing):
            if self.screen is None or not self.screen.search(text):
                continue
            plain = mask(text, listing.brand)
            bad = sorted({c for c in plain if c in self.banned})
            loose = sorted(loose_chars(plain, self.context)) if self.context else []
            if not bad and not loose:
                continue
            both = bad + loose
            shown = " ".join(both)
            why = "" if not loose else f" ({' '.join(loose)} only inside identifiers/measurements)"
            yield self.hit(f"{self.label(index)} has prohibited character(s) {shown}{why}",
                           key=shown, fix=self.lazy_fix(listing, index, True, f"remove {shown}",
                                                        without, text, set(both), listing.brand))


class WordRepeat(FieldRule):
    """A word repeated more often than the marketplace allows (function words exempt)."""

    uses_brand = False

    facts = ("fields.{field}.max_word_repeats",)

    fixable = "safe, unsafe"  # (see check: which one depends on the text)

    def prepare(self) -> bool:
        self.limit = self.spec("max_word_repeats")
        self.exempt = set(self.ctx.words("function_words"))
        limit = self.limit
        # a word can only repeat too often where some letter/digit run does
        self.wants = screens.screen(test=screens.repeated_runs(limit))
        return self.limit is not None

    def repeated(self, text: str) -> list[str]:
        if len(token_list(text)) - len(tokens(text)) < self.limit:
            # no letter/digit run occurs more than `limit` times, so no word does either
            return []
        found = words(text.lower())
        if len(found) - len(set(found)) == 0:
            return []
        counts = Counter(found)
        return [w for w, n in counts.items() if n > self.limit and len(w) > 1
                and w not in self.exempt and not any(c.isdigit() for c in w)]

    def check(self, listing: Listing) -> Iterable[Hit]:
        for index, text in self.items(listing):
            over = self.repeated(text)
            if over:
                shown = ", ".join(repr(w) for w in over)
                # safe: a word written twice in a row ("Bottle Bottle") written once, when
                # that is enough; else keeping the first occurrences, which can change the
                # meaning ("3 Assorted Star Wars" losing "Star"): unsafe
                once = _drop_doubled(text, over)
                fix = self.lazy_fix(listing, index, True, "write a word doubled in a row once",
                                    _drop_doubled, text, over) \
                    if once != text and not self.repeated(once) else \
                    self.lazy_fix(listing, index, False, f"keep the first {self.limit} of each "
                                  "repeated word (check the meaning)", _keep_first, text, over,
                                  self.limit)
                yield self.hit(f"{self.label(index)} repeats {shown} more than {self.limit} times",
                               key=" ".join(over), fix=fix)


def _drop_doubled(text: str, over: list[str]) -> str:
    """``text`` with each word of ``over`` that directly repeats itself, with only spaces
    between ("Bottle Bottle", "bottle  BOTTLE"), written once."""
    new = text
    for word in over:
        new = re.sub(rf"(?<![\w'’-])({re.escape(word)})(?:\s+{re.escape(word)})+(?![\w'’-])",
                     r"\1", new, flags=re.IGNORECASE)
    return new


def _keep_first(text: str, over: list[str], limit: int) -> str:
    """``text`` keeping only the first ``limit`` occurrences of each word in ``over``."""
    new = text
    for word in over:
        seen = 0

        def keep(m: re.Match[str]) -> str:
            nonlocal seen
            seen += 1
            return m.group(0) if seen <= limit else ""

        new = re.sub(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", keep, new,
                     flags=re.IGNORECASE)
    return tidy(new)


class Emoji(FieldRule):
    """Emoji and decorative symbols where the marketplace does not allow them."""

    uses_brand = False

    facts = ("fields.{field}.emoji_allowed",)

    fixable = "safe"

    def prepare(self) -> bool:
        self.wants = screens.screen(test=screens.has_emoji)
        return self.spec("emoji_allowed", True) is False

    def check(self, listing: Listing) -> Iterable[Hit]:
        for index, text in self.items(listing):
            found = None if text.isascii() else EMOJI.findall(text)  # emoji are not ASCII
            if found:
                shown = "".join(dict.fromkeys(c for c in found if c not in "\ufe0f\u200d"))
                yield self.hit(f"{self.label(index)} has emoji or symbols {shown}", key=shown,
                               fix=self.lazy_fix(listing, index, True,
                                                 "remove emoji and decorative symbols",
                                                 _no_emoji, text))


def _no_emoji(text: str) -> str:
    return tidy(EMOJI.sub(" ", text))


class Html(FieldRule):
    """HTML tags the marketplace does not allow in this field."""

    uses_brand = False

    facts = ("fields.{field}.html", "fields.{field}.allowed_tags")

    fixable = "unsafe"

    def prepare(self) -> bool:
        mode = self.spec("html")
        self.wants = screens.screen(chars="<")
        self.plain = mode == "none"
        self.allowed = set() if self.plain else {t.lower() for t in self.spec("allowed_tags", [])}
        return mode is not None and (self.plain or "allowed_tags" in
                                     self.ctx.marketplace.data["fields"][self.field])

    def check(self, listing: Listing) -> Iterable[Hit]:
        for index, text in self.items(listing):
            if "<" not in text:
                continue
            tags = sorted({m.group(2).lower() for m in TAG.finditer(text)} - self.allowed)
            if not tags:
                continue
            shown = " ".join(f"<{t}>" for t in tags)
            allowed = " ".join(f"<{t}>" for t in sorted(self.allowed)) or "no HTML"
            yield self.hit(f"{self.label(index)} has HTML {shown}; {self.ctx.marketplace.id} "
                           f"allows {allowed}", key=shown,
                           fix=self.lazy_fix(listing, index, False, "strip the tags (nh3)",
                                             _strip_tags, text, frozenset(self.allowed),
                                             self.plain))


def _strip_tags(text: str, allowed: frozenset[str], plain: bool) -> str:
    import nh3

    new = nh3.clean(text, tags=set(allowed), attributes={})
    return tidy(html.unescape(new)) if plain else new
