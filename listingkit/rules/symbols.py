"""Where a symbol stands in a text: loose, or inside an identifier or measurement ("#EL012A",
"5<10"), and the text without some symbols (ProhibitedChars, T004 and its kin). Linear in the
text's length: the codes holding digits are found in one pass, not searched for per symbol."""

from __future__ import annotations

import re

from listingkit.rules.matching import tidy


def loose_chars(text: str, context: set[str]) -> set[str]:
    """The characters of ``context`` that stand loose in ``text``, not inside an identifier
    or measurement (see :func:`_near_digit`). Each character is judged until one occurrence is
    loose, and the codes holding digits are found once per text: linear in its length."""
    found: set[str] = set()
    codes = None
    for m in _LOOSE.finditer(text):
        char = m.group(0)
        if char in context and char not in found:
            if codes is None:
                codes = _digit_codes(text)
            if not _near_digit(text, m.start(), codes):
                found.add(char)
    return found


#: a symbol with no letter, digit or "." before it, or no letter or digit after it
_LOOSE = re.compile(r"(?<![\w.])[^\w\s]|[^\w\s](?![\w])")


def without(text: str, chars: set[str], brand: str) -> str:
    """``text`` without ``chars``, except inside the brand name."""
    kept = _brand_mask(text, brand)
    return tidy("".join(" " if c in chars and not kept[i] else c for i, c in enumerate(text)))


def _digit_codes(text: str) -> tuple[set[int], set[int]]:
    """Where the letter/digit runs holding a digit ("EL012A", "A12") start, and where they
    end: one pass over ``text``."""
    runs = [m.span() for m in _CODE_RUN.finditer(text) if not m.group(0).isalpha()]
    return {start for start, _ in runs}, {end for _, end in runs}


def _near_digit(text: str, at: int, codes: tuple[set[int], set[int]] | None = None) -> bool:
    """Whether the character at ``at`` is part of an identifier or measurement: next to a
    digit, or to a code holding one ("#EL012A", "SKU#A12"). ``codes``: :func:`_digit_codes`
    of ``text``, for many questions about one text."""
    if any(0 <= i < len(text) and text[i].isdigit() for i in (at - 1, at + 1)):
        return True
    starts, ends = codes if codes is not None else _digit_codes(text)
    # (the character at ``at`` is a symbol, so a run right after it starts there, and one
    # right before it ends there)
    return at + 1 in starts or at in ends


#: a run of ASCII letters and digits (an identifier's body)
_CODE_RUN = re.compile(r"[A-Za-z0-9]+")


def _brand_mask(text: str, brand: str) -> list[bool]:
    """For each character of ``text``, whether it is inside an occurrence of the brand."""
    inside = [False] * len(text)
    if brand.strip():
        for m in re.finditer(re.escape(brand.strip()), text, re.IGNORECASE):
            inside[m.start():m.end()] = [True] * (m.end() - m.start())
    return inside
