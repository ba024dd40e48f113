"""Text matching the rules share: compiled once per run, cheap per listing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

#: A word: letters/digits, keeping inner apostrophes and hyphens ("kid's", "wi-fi").
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")

#: Emoji and decorative symbols: pictographs, dingbats, arrows, geometric shapes, stars,
#: variation selector 16 and the zero-width joiner that glue emoji together. ® ™ © are not here:
#: marketplaces treat them as part of a brand name.
EMOJI = re.compile(
    "[\u2190-\u21ff\u2300-\u23ff\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff\u3030\u303d"
    "\U0001f000-\U0001faff\ufe0f\u200d]")

TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*>")
ACTIVE = re.compile(
    r"<\s*(script|iframe|object|embed|frame|frameset|applet|form|meta|link|base|style|svg)\b"
    r"|\bon[a-z]{3,}\s*=|(?:java|vb)script\s*:|data\s*:\s*text/html", re.IGNORECASE)

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
#: a link: with its scheme or "www.", or a bare host with a top-level domain (the two
#: alternatives are also searched apart, see :mod:`listingkit.rules.contacts`)
URL_SCHEMED = r"\b(?:https?://|www\.)\S+"
URL_BARE = r"\b[\w-]+\.(?:com|net|org|shop|store|co\.uk|de|fr)(?:/\S*)?\b"
URL = re.compile(f"{URL_SCHEMED}|{URL_BARE}", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{3,4}[\s.-]\d{3,4}"
                   r"(?:[\s.-]\d{2,4})?(?![\w.])")
SPACES = re.compile(r"[ \t\u00a0\u3000]{2,}")
INVISIBLE = re.compile("[\u200b\u200c\u2060\ufeff\u00ad]")


_TOKEN = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return WORD.findall(text)


@lru_cache(maxsize=4096)
def tokens(text: str) -> frozenset[str]:
    """The lower-case letter/digit runs of ``text`` (cached: several rules ask per field)."""
    return frozenset(token_list(text))


@lru_cache(maxsize=4096)
def token_list(text: str) -> tuple[str, ...]:
    """The lower-case letter/digit runs of ``text`` in order (cached like :func:`tokens`).

    In ASCII text the runs are those of a-z and 0-9 after lower-casing: every other byte
    becomes a space (one ``bytes.translate``) and ``split`` cuts there, ten times cheaper than
    the regex, whose Unicode categories are looked up character by character."""
    if text.isascii():
        return tuple(text.encode("ascii").translate(ASCII_RUNS).decode("ascii").split())
    if WIDE_WORD.search(text) is None:  # (outside ASCII only punctuation and symbols, "–",
        # "°", "’": each parts runs as any other byte does, one "?" for one character)
        return tuple(text.encode("ascii", "replace").translate(ASCII_RUNS).decode("ascii")
                     .split())
    return tuple(_TOKEN.findall(text.lower()))


#: a letter or digit outside ASCII (a run's character that the ASCII path cannot see)
WIDE_WORD = re.compile(r"[^\W\x00-\x7f]")


#: ASCII letters and digits to lower case, every other byte to a space
ASCII_RUNS = bytes(
    code | 0x20 if chr(code).isalpha() and code < 128 else code
    if chr(code).isdigit() and code < 128 else 32 for code in range(256))


class PhraseMatcher:
    """Find any of a list of phrases, case-insensitively, as whole words.

    Phrases made only of letters, digits and spaces are looked up as word n-grams in a set
    (one pass over the text's words, whatever the list's length). The others ("100%
    guaranteed", "#1 seller") share one regex alternation, screened by their rarest word. For
    languages written without spaces (ja, zh) every phrase goes through the regex and matches
    anywhere.
    """

    def __init__(self, phrases: Iterable[str], spaced: bool = True,
                 exempt: Iterable[str] = ()) -> None:
        #: phrases found like the others but never reported (a lexicon's exceptions, see
        #: :func:`listingkit.lexicons.exceptions`): "new york" wins its overlap with "new"
        self.exempt = frozenset(" ".join(p.lower().split()) for p in exempt if p.strip()) \
            if spaced else frozenset()
        items = sorted({" ".join(p.lower().split()) for p in phrases if p.strip()} | self.exempt,
                       key=len, reverse=True)
        self.empty = not items
        plain = [p for p in items if spaced and _TOKEN.findall(p) == p.split()]
        rest = [p for p in items if p not in set(plain)]
        runs_all = [_TOKEN.findall(p) for p in items]
        #: the rarest (longest) word of every phrase: a text with none of them cannot match;
        #: a text with one must also hold the phrase's other words before the real search runs
        self.screen = frozenset(max(r, key=len) for r in runs_all) \
            if spaced and all(runs_all) else None
        self.needs: dict[str, list[frozenset[str]]] = {}
        if self.screen is not None:
            for run in runs_all:
                self.needs.setdefault(max(run, key=len), []).append(frozenset(run))
        #: phrases made of one word need no check beyond the screen
        self.single = frozenset(r[0] for r in runs_all if len(r) == 1)
        self.grams: dict[int, frozenset[str]] = {}
        #: first word -> the sizes (in words) of the plain phrases that start with it
        self.sizes_from: dict[str, tuple[int, ...]] = {}
        for size in sorted({len(p.split()) for p in plain}, reverse=True):
            chosen = [p for p in plain if len(p.split()) == size]
            self.grams[size] = frozenset(chosen)
            for first in dict.fromkeys(p.split()[0] for p in chosen):
                self.sizes_from[first] = (*self.sizes_from.get(first, ()), size)
        self.regex = None
        self.keys: frozenset[str] | None = None
        if rest:
            body = "|".join(r"\s+".join(re.escape(part) for part in p.split()) for p in rest)
            pattern = rf"(?<![\w])(?:{body})(?![\w])" if spaced else f"(?:{body})"
            self.regex = re.compile(pattern, re.IGNORECASE)
            runs = [_TOKEN.findall(p) for p in rest]
            if spaced and all(runs):
                self.keys = frozenset(max(r, key=len) for r in runs)

    def find(self, text: str) -> list[str]:
        """The phrases in ``text``, lower-cased: where two overlap, the longer wins (then the
        earlier); phrases with other characters follow as the text spells them."""
        if self.empty or not text:
            return []
        if self.screen is not None:
            have = tokens(text)
            keys = self.screen.intersection(have)
            if not keys:
                return []
            if self.single.isdisjoint(keys) and not any(
                    need <= have for key in keys for need in self.needs[key]):
                return []
        found: list[str] = []
        if self.grams:
            words_, sizes_from, grams = token_list(text), self.sizes_from, self.grams
            # (size, start, phrase) for every phrase found, before overlaps are settled
            hits = []
            for i, word in enumerate(words_):
                sizes = sizes_from.get(word)
                if sizes is not None:
                    for size in sizes:
                        gram = " ".join(words_[i:i + size]) if size > 1 else word
                        if gram in grams[size]:
                            hits.append((size, i, gram))
            if len(hits) == 1:
                found.append(hits[0][2])
            elif hits:
                hits.sort(key=lambda h: (-h[0], h[1]))  # longest phrase wins an overlap
                covered: set[int] = set()
                for size, i, gram in hits:
                    span = range(i, i + size)
                    if covered.isdisjoint(span):
                        found.append(gram)
                        covered.update(span)
        if self.regex is not None and (self.keys is None
                                       or not self.keys.isdisjoint(tokens(text))):
            found += [m.group(0) for m in self.regex.finditer(text)]
        return [f for f in found if f not in self.exempt] if self.exempt else found


@cache
def matcher(name: str, lang: str, extra_dir: str | None = None) -> PhraseMatcher:
    from listingkit.lexicons import exceptions, word_list

    return PhraseMatcher(word_list(name, lang, extra_dir), spaced=lang not in ("ja", "zh"),
                         exempt=exceptions(name, lang, extra_dir))


def mask(text: str, phrase: str) -> str:
    """``text`` with every case-insensitive occurrence of ``phrase`` blanked (e.g. the brand);
    ``text`` itself when the phrase does not occur.

    ASCII text and phrase (the usual case) are matched with ``lower`` and ``find``, which keep
    every position; other text through a regex compiled once per phrase (a pattern string
    handed to ``re.sub`` goes through re's small cache, which a catalogue's thousands of brands
    keep flushing)."""
    needle = phrase.strip()
    if not needle:
        return text
    if text.isascii() and needle.isascii():
        lower, needle = text.lower(), needle.lower()
        at = lower.find(needle)
        if at < 0:
            return text
        size, last, parts = len(needle), 0, list[str]()
        while at >= 0:  # non-overlapping, left to right, as re.sub
            parts += (text[last:at], " " * size)
            last = at + size
            at = lower.find(needle, last)
        parts.append(text[last:])
        return "".join(parts)
    if needle.lower() not in text.lower():
        return text
    return _phrase_regex(needle).sub(lambda m: " " * len(m.group(0)), text)


@lru_cache(maxsize=4096)
def _phrase_regex(phrase: str) -> re.Pattern[str]:
    return re.compile(re.escape(phrase), re.IGNORECASE)


def tidy(text: str) -> str:
    """Collapse runs of spaces, drop spaces before punctuation and dangling separators."""
    text = SPACES.sub(" ", _EMPTY_BRACKETS.sub("", _EMPTY_QUOTES.sub("", text)))
    text = _OPEN_SPACE.sub(r"\1", text)  # "( Boy" after a word was dropped -> "(Boy"
    text = _OPEN_QUOTE.sub(r"\1\2", text)  # '" Spacer Beads"' likewise (an inch mark, after
    # a digit, is never an opening quote)
    text = _SPACE_PUNCT.sub(r"\1", text)
    text = _DANGLING.sub("", text)
    return _EDGES.sub("", text)


_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}")
_OPEN_SPACE = re.compile(r"([(\[{])\s+")
_EMPTY_QUOTES = re.compile(r"(?<!\S)[\"“‘«]\s*[\"”’»](?!\S)")
_OPEN_QUOTE = re.compile(r"(^|\s)([\"“‘«])\s+(?=\w)")
#: (``(?<!\s)``: tried from the start of a run of spaces only, as a match found from inside one
#: starts at its start anyway; without it each position of a long run reads the rest of it)
_SPACE_PUNCT = re.compile(r"(?<!\s)\s+([,;:.!?)\]}])")
_DANGLING = re.compile(r"([,;:(])\s*(?=[,;:)]|$)")
#: (the trailing run tried from its start only: from every position of a long run that does not
#: reach the end, each try read the rest of the run)
_EDGES = re.compile(r"^[\s,;:\-|]+|(?<![\s,;:\-|])[\s,;:\-|]+$")


def trim_bytes(text: str, budget: int, encoding: str = "utf-8") -> str:
    """The longest prefix of whole words whose encoding fits ``budget`` bytes."""
    if len(text.encode(encoding)) <= budget:
        return text
    out = ""
    for match in re.finditer(r"\S+", text):
        candidate = text[:match.end()]
        if len(candidate.encode(encoding)) > budget:
            break
        out = candidate
    if not out:  # one long unspaced run (CJK): cut at a character boundary instead
        data = text.encode(encoding)[:budget]
        out = data.decode(encoding, errors="ignore")
    return out.rstrip(" ,;")
