"""The capitalisation criterion: title or sentence case, as the marketplace's spec says.

A title is judged token by token (split at whitespace): none of the patterns below matches
across whitespace, and each is anchored at whitespace, the start or the end, so a title's
matches are its tokens' matches. Tokens repeat across a catalogue, so what each one holds is
worked out once per run; so is the outcome for each (words, words off) combination.
Outcomes are shared between listings: never change one.
"""

from __future__ import annotations

import re
from typing import Any

from listingkit.rules.memo import store
from listingkit.scoring.criteria import Action, Outcome, brand_words
from listingkit.scoring.view import View

#: five or more capitals, not inside a longer word: `(?<!\w)[A-ZÀ-Þ]{5,}(?!\w)`, written to
#: start with a capital (the lookbehind then checks the character before it) so the scan is fast
_SHOUT = re.compile(r"[A-ZÀ-Þ](?<!\w[A-ZÀ-Þ])[A-ZÀ-Þ]{4,}(?!\w)")
_NUMERIC = re.compile(r"\d")
_LOWER_START = re.compile(r"(?:^|\s)[\W_]*[^\W\d_A-ZÀ-Þ]")
#: a whole lower-case word of three letters or more (edge punctuation allowed); `(?<!\S)` and
#: `(?!\S)` are "at a start or after a space" and "before a space or the end", written so the
#: scan is fast
_LOWER_WORD = re.compile(r"(?<!\S)[^\w\s]*([^\W\d_A-ZÀ-Þ]{3,})[^\w\s]*(?!\S)")


class _Known(dict):  # type: ignore[type-arg]
    """token -> its facts; a missing token's are worked out (so a title's tokens are looked
    up with one ``map``, no Python call per known token)."""

    def __missing__(self, token: str) -> tuple[tuple[str, ...], str | None, bool, bool]:
        return _token(token)


#: a whitespace-separated token -> what capitalisation reads from it (tokens repeat)
_TOKENS: dict[str, tuple[tuple[str, ...], str | None, bool, bool]] = _Known()


def _token(token: str) -> tuple[tuple[str, ...], str | None, bool, bool]:
    """(its shouted runs, its lower-case word or None, has a digit, starts lower-case) of one
    token, worked out and remembered (:data:`_TOKENS` calls it for a token it lacks). No
    regex here matches across whitespace, and each is anchored at whitespace, the start or
    the end, so a title's matches are its tokens' matches."""
    if token.isascii() and token.isalpha() and token.istitle():
        return store(_TOKENS, token, _PLAIN, 65536)  # "Bottle": no pattern can match
    lower = _LOWER_WORD.findall(token)
    found = (tuple(_SHOUT.findall(token)), lower[0] if lower else None,
             _NUMERIC.search(token) is not None, _LOWER_START.search(token) is not None)
    return store(_TOKENS, token, _PLAIN if found == _PLAIN else found, 65536)


#: the facts of most tokens ("Bottle", "Blue,"): nothing to say (one object, compared by id)
_PLAIN: tuple[tuple[str, ...], str | None, bool, bool] = ((), None, False, False)


def capitalisation(view: View, policy: Any, small: frozenset[str]) -> Outcome | None:
    """Title or sentence case as the spec says; words after a number (units), words with
    digits, brand words and (in title case) small words are exempt."""
    style = policy.capitalisation
    if style not in ("title", "sentence"):
        return None
    title = view.title
    total = len(view.title_words)
    if not total:
        return None
    brand = brand_words(view.listing.brand) if view.listing.brand else ()
    # title case: lower-case words other than small and brand words are off (unless a unit
    # after a number: "750 ml"); a title with no lower-case word start at all (_LOWER_START)
    # is judged by its first word, as in sentence case
    titled = style == "title"
    bad: list[str] = []
    lower: list[str] = []
    odd = starts = numeric = False
    plain = _PLAIN
    for facts in map(_TOKENS.__getitem__, title.split()):
        if facts is plain:
            numeric = False
            continue
        shouts, word, digit, start = facts
        if shouts:
            bad += [w for w in shouts if w.lower() not in brand]
        if titled:
            if word is not None and word not in small and word not in brand:
                odd = True
                if not numeric:
                    lower.append(word)
            starts = starts or start
        numeric = digit
    if odd:
        bad += lower
    elif title[:1].islower() and view.title_words[0] not in brand and not starts:
        bad.append(view.title_words[0])
    key = (style, total, len(bad), tuple(bad[:5]))
    found = _CAPS.get(key)
    if found is None:
        found = store(_CAPS, key, _caps(style, total, bad), 4096)
    return found


#: (style, words, words off, the first five off) -> the outcome
_CAPS: dict[tuple[str, int, int, tuple[str, ...]], Outcome] = {}


def _caps(style: str, total: int, bad: list[str]) -> Outcome:
    fraction = max(0.0, 1.0 - 2 * len(bad) / total)
    actions = [Action(f"use {style} case for {', '.join(repr(b) for b in bad[:5])}", 1.0)] \
        if bad else []
    detail = f"{style} case expected; {len(bad)} of {total} words off" if bad \
        else f"{style} case"
    return Outcome(fraction, detail, actions)
