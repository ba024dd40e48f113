"""Screens: the cheap tests behind a rule's :attr:`~listingkit.rules.base.Rule.wants`, kept in
parts so that the screens of one field's rules merge into one test.

A screen says "this rule may have something to say about this text" when any of its parts does:
one of some characters, a word among the text's lower-case letter/digit runs, a length bound,
or another test. :func:`union` merges several
screens into one that passes exactly where at least one of them does (one character test, one
word set, the lowest bound, every other test), so the runner can skip all the rules of a field
with one test on a clean text.

The character test runs in C: on ASCII text (the usual case) as one ``bytes.translate`` that
marks the characters looked for, then a substring search (a third of the cost of the regex); on
other text as one regex. Over a column, the texts outside ASCII are screened together too (see
``build``'s ``outside``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import compress, count, repeat
from operator import or_
from typing import Any

from listingkit.rules.columns import Column
from listingkit.rules.matching import EMOJI, PhraseMatcher, token_list, tokens

Test = Callable[[str], Any]
#: a screen looking for at most this many characters (and not for shouting) finds them with
#: a substring search each, not with a translate of the whole text
FEW_CHARS = 2


@dataclass(frozen=True)
class Parts:
    """What a screen tests; it passes when any part does."""

    chars: str = ""  # any of these characters
    words: frozenset[str] = frozenset()  # any of them among tokens(text)
    longer: int | None = None  # len(text) > longer
    tests: tuple[Test, ...] = ()  # any of them true
    #: every word of one of them among tokens(text) (a phrase's words: "daily deal" needs
    #: "daily" and "deal", and a text saying "for daily use" is passed over)
    phrases: frozenset[frozenset[str]] = frozenset()


def screen(chars: str = "", words: Iterable[str] = (), longer: int | None = None,
           test: Test | None = None, phrases: Iterable[Iterable[str]] = ()) -> Test:
    """A ``wants`` test made of the given parts (see :class:`Parts`)."""
    return build(Parts("".join(sorted(set(chars))), frozenset(words), longer,
                       (test,) if test else (), frozenset(map(frozenset, phrases))))


def phrase_screen(matchers: Iterable[PhraseMatcher], test: Test | None = None) -> Test:
    """A ``wants`` test passing a text that holds every word of one of the matchers' phrases
    (their ``needs``: a phrase of one word is a word to look for), or that passes ``test``."""
    needs = {need for matcher in matchers for found in matcher.needs.values() for need in found}
    return screen(words=[next(iter(need)) for need in needs if len(need) == 1],
                  phrases=[need for need in needs if len(need) > 1], test=test)


def build(parts: Parts) -> Test:
    """The test for ``parts``, carrying them as its ``parts`` attribute.

    ASCII text (the usual case) has a path of its own: the character test and
    :func:`maybe_shouting` share one ``translate`` (characters looked for become "#", capitals
    "A", line breaks stay, the rest is "."), and :func:`has_emoji` is false there without a call.
    A character or two, without shouting, are looked for with a substring search each."""
    # other text: a regex for the characters looked for
    pattern = re.compile(f"[{re.escape(parts.chars)}]") if parts.chars else None
    search = pattern.search if pattern is not None else None
    words = parts.words or None
    # each phrase filed under its longest (rarest) word, looked up first
    by_key: dict[str, list[frozenset[str]]] = {}
    for phrase in sorted(parts.phrases, key=sorted):
        by_key.setdefault(max(sorted(phrase), key=len), []).append(phrase)
    keys = frozenset(by_key) or None
    longer = parts.longer
    tests = parts.tests
    shout = maybe_shouting in tests and not any("A" <= c <= "Z" for c in parts.chars)
    ascii_tests = tuple(t for t in tests if t is not has_emoji
                        and not (shout and t is maybe_shouting))
    # a character or two to look for, and no shouting (the "<" of HTML in bullets and
    # descriptions): a substring search each, a fraction of a translate's cost
    few = parts.chars if parts.chars and not shout and len(parts.chars) <= FEW_CHARS \
        and "\n" not in parts.chars else None
    marks = bytes(ord("#") if chr(code) in parts.chars else
                  ord("A") if shout and code in _CAPITALS else code if code == 10 else ord(".")
                  for code in range(256)) if (parts.chars or shout) and few is None else None

    def wants(text: str) -> bool:
        if longer is not None and len(text) > longer:
            return True
        if text.isascii():
            if few is not None:
                for char in few:
                    if char in text:
                        return True
            elif marks is not None:
                marked = text.encode("ascii").translate(marks).decode("ascii")
                if "#" in marked or shout and _shouts(marked):
                    return True
            rest = ascii_tests
        else:
            if search is not None and search(text) is not None:
                return True
            rest = tests
        if words is not None and not words.isdisjoint(tokens(text)):
            return True
        if keys is not None:
            have = tokens(text)
            for key in keys.intersection(have):
                for phrase in by_key[key]:
                    if phrase <= have:
                        return True
        for test in rest:
            if test(text):
                return True
        return False

    # texts outside ASCII, over a column of them: the character test, emoji and shouting as
    # one regex pass over the joined texts (a match is one character or two capitals: never
    # across the line break between rows, unless a line break is looked for)
    by_char = search if pattern is not None and "\n" in parts.chars else None
    one = (re.escape(parts.chars) if pattern is not None and by_char is None else "") + (
        EMOJI.pattern[1:-1] if has_emoji in tests else "")
    either = ([f"[{one}]"] if one else []) + ([CAPS.pattern] if maybe_shouting in tests else [])
    outside_regex = re.compile("|".join(either)) if either else None
    # the tests whose column form holds over Column.narrowed, and those called text by text
    narrow_tests = tuple(t for t in tests if getattr(t, "narrow", False))
    text_tests = tuple(t for t in tests if t not in (maybe_shouting, has_emoji)
                       and t not in narrow_tests) + ((by_char,) if by_char else ())

    def outside(column: Column) -> set[int]:
        """The rows of :meth:`Column.outside` (the texts outside ASCII) whose text ``wants``.
        Most such texts leave ASCII only for punctuation and symbols ("–", "°", "’"): their
        words are looked for over :meth:`Column.narrowed`, where each such character is "?"
        (the same runs at the same offsets), and the other tests are regex passes over the
        column or, the last, text by text; a text with letters or digits outside ASCII goes
        through ``wants`` itself."""
        rest = column.outside()
        texts = rest.texts
        found = set(compress(count(), map(longer.__lt__, map(len, texts)))) \
            if longer is not None else set()
        if outside_regex is not None:
            found |= rest.rows_matching(outside_regex)
        shaped, narrow, wide = column.narrowed()
        if shaped.texts:
            hits: set[int] = set()
            if words is not None:
                hits |= shaped.rows_with_words(words)
            if keys is not None:
                hits |= _phrase_rows(shaped, keys, by_key)
            for test in narrow_tests:
                hits |= test.rows(shaped)  # type: ignore[attr-defined]
            found |= {narrow[j] for j in hits}
            if text_tests:
                found |= {k for k in narrow if k not in found
                          and any(test(texts[k]) for test in text_tests)}
        return found | {k for k in wide if k not in found and wants(texts[k])}

    def rows(column: Column) -> set[int]:
        """The rows of ``column`` whose text ``wants``: ASCII rows in a few passes over the
        joined column (a test without a ``rows`` of its own is called on the rows still
        out), the others in a few more (see ``outside``)."""
        if not column.ascii:
            part, index, others = column.split()
            return {index[row] for row in rows(part)} | {others[k] for k in outside(column)}
        texts = column.texts
        found = set(compress(range(len(texts)), map(longer.__lt__, map(len, texts)))) \
            if longer is not None else set()
        if few is not None:
            found |= column.rows_with(*few)
        elif marks is not None:
            marked = column.joined.encode("ascii").translate(marks).decode("ascii")
            if "#" in marked:
                found |= column.rows_with("#", within=marked)
            if shout:
                found |= shout_rows(column, marked)
        # the tests over the column first: a word look-up then reuses what they worked out
        # (the rows' sets of runs, see Column.repeated_rows); tests one text at a time last,
        # on the rows still out
        for test in ascii_tests:
            batch = getattr(test, "rows", None)
            if batch is not None:
                found |= batch(column)
        if words is not None:
            found |= column.rows_with_words(words)
        if keys is not None:
            found |= _phrase_rows(column, keys, by_key)
        for test in ascii_tests:
            if getattr(test, "rows", None) is None:
                found |= column.rows_where(test, (i for i in range(len(texts)) if i not in found))
        return found

    wants.parts = parts  # type: ignore[attr-defined]
    wants.rows = rows  # type: ignore[attr-defined]
    return wants


def _phrase_rows(column: Column, keys: frozenset[str],
                 by_key: dict[str, list[frozenset[str]]]) -> set[int]:
    """The rows of an ASCII column that hold every word of some phrase: only phrases whose
    every word the column holds somewhere are looked for, as the rows holding each word
    (looked up once), intersected."""
    present = column.run_set
    rows_of: dict[str, set[int]] = {}
    found: set[int] = set()
    for key in keys.intersection(present):
        for phrase in by_key[key]:
            if phrase <= present:
                hits: set[int] | None = None
                for word in sorted(phrase, key=len, reverse=True):  # (rarest first)
                    where = rows_of.get(word)
                    if where is None:
                        where = rows_of[word] = column.rows_with_words(frozenset((word,)))
                    hits = where if hits is None else hits & where
                    if not hits:
                        break
                found |= hits or set()
    return found


def _split(column: Column, rows: Callable[[Column], set[int]], wants: Test) -> set[int]:
    """``rows`` on a column that is not all ASCII: on its ASCII texts (see
    :meth:`Column.split`), and ``wants`` on the others one by one."""
    part, index, others = column.split()
    texts = column.texts
    return {index[row] for row in rows(part)} | {i for i in others if wants(texts[i])}


def union(tests: Iterable[Test | None]) -> Test | None:
    """One screen that passes wherever any of ``tests`` does, or None when one of them is not
    a screen (no parts to merge: the rule has no screen, or a hand-written one)."""
    found = [getattr(test, "parts", None) for test in tests]
    parts = [p for p in found if isinstance(p, Parts)]
    if not parts or len(parts) < len(found):
        return None
    bounds = [p.longer for p in parts if p.longer is not None]
    return build(Parts(
        "".join(sorted(set().union(*(p.chars for p in parts)))),
        frozenset().union(*(p.words for p in parts)),
        min(bounds) if bounds else None,
        tuple(dict.fromkeys(t for p in parts for t in p.tests)),
        frozenset().union(*(p.phrases for p in parts))))


# -- tests some rules' screens share ---------------------------------------------------------
#: two capital letters (Latin, Greek, Cyrillic) in a row: where an ALL-CAPS word may start
CAPS = re.compile("[A-Z\u00c0-\u00d6\u00d8-\u00de\u0391-\u03a9\u0410-\u042f]{2}")
#: the bytes of a word in capitals: A-Z and the apostrophe, which joins a word's letters
#: (:class:`~listingkit.rules.capitals.AllCaps` counts "WON'T" as one word of five)
_CAPITALS = frozenset(range(65, 91)) | {ord("'")}
#: ASCII capitals (and the apostrophe) to "A", the line break kept, every other byte to "."
_CAPS_MARKS = bytes(ord("A") if i in _CAPITALS else i if i == 10 else ord(".") for i in range(256))


def maybe_shouting(text: str) -> bool:
    """Whether :meth:`~listingkit.rules.capitals.AllCaps.shouting` may report a word of ``text``.
    It reports words of at least five capitals, or of three when there are three such words;
    in ASCII text those are runs of capitals A-Z and apostrophes ("WON'T" is a word of five:
    found after one ``translate``, in C). Other
    text: two capitals in a row (:data:`CAPS`), as the rule itself asks first."""
    if text.isascii():
        return _shouts(text.encode("ascii").translate(_CAPS_MARKS).decode("ascii"))
    return CAPS.search(text) is not None


def _shouts(marked: str) -> bool:
    """Whether ASCII text whose capitals were marked "A" (and nothing else) has a run of five
    capitals, or three runs of three: :func:`maybe_shouting` on ASCII text."""
    return "AAAAA" in marked or marked.count("AAA") >= 3


def batched(test: Test, rows: Callable[[Column], set[int]], narrow: bool = False) -> Test:
    """``test`` carrying ``rows``: the rows of an ASCII :class:`Column` whose text passes it,
    worked out over the whole column (see :func:`build`). ``narrow``: the test reads only
    lengths, line breaks or letter/digit runs, so ``rows`` also holds over
    :meth:`Column.narrowed` (texts outside ASCII, with "?" for each character of them)."""
    test.rows = rows  # type: ignore[attr-defined]
    test.narrow = narrow  # type: ignore[attr-defined]
    return test


def _shout_rows(column: Column) -> set[int]:
    """:func:`maybe_shouting` over an ASCII column."""
    marked = column.joined.encode("ascii").translate(_CAPS_MARKS).decode("ascii")
    return shout_rows(column, marked)


def shout_rows(column: Column, marked: str) -> set[int]:
    """The rows of an ASCII column whose capitals, marked "A" in ``marked``, shout
    (:func:`_shouts` of each row's line). Three capitals in a row are common ("LED", "USB"):
    where some row has them, every row's line is tested at once (``map`` over the lines, no
    Python call per row), not each row holding them one by one."""
    if "AAA" not in marked:
        return set()
    if "\n" not in marked:  # (the screen's marks made line breaks "."; these keep them)
        marked = column.joined.encode("ascii").translate(_CAPS_MARKS).decode("ascii")
    lines = column.lines(marked)
    loud = map(or_, map(str.__contains__, lines, repeat("AAAAA")),
               map((3).__le__, map(str.count, lines, repeat("AAA"))))
    return set(compress(count(), loud))


batched(maybe_shouting, _shout_rows)


def wide_bytes(limit: int) -> Test:
    """A test: the text may have more than ``limit`` bytes in UTF-8 while having no more
    characters (never so in ASCII, a byte per character)."""
    return batched(lambda text: len(text) * 4 > limit and not text.isascii(), lambda _: set())


def shorter_than(limit: int) -> Test:
    """A test: the text has fewer than ``limit`` characters."""
    return batched(lambda text: len(text) < limit, lambda column: set(
        compress(count(), map(limit.__gt__, map(len, column.texts)))), narrow=True)


def repeated_runs(limit: int) -> Test:
    """A test: at least ``limit`` of the text's letter/digit runs repeat an earlier one (a
    word can only repeat too often where some run does)."""
    return batched(lambda text: len(token_list(text)) - len(tokens(text)) >= limit,
                   lambda column: column.repeated_rows(limit), narrow=True)


def has_emoji(text: str) -> bool:
    """Whether ``text`` has an emoji or decorative symbol (none is ASCII)."""
    return not text.isascii() and EMOJI.search(text) is not None
