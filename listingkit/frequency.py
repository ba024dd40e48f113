"""General-language frequency (wordfreq's Zipf scale) of words and phrases, offline: how
specific a keyword is (:mod:`listingkit.keywords`), whether a capitalised word is a word of the
language or a name (:mod:`listingkit.rules.capitals`). wordfreq is imported on first use.

wordfreq segments Japanese with MeCab, which listingkit does not need; text here is already
segmented, so for ja and zh the words are looked up in wordfreq's table directly.

``check`` asks about single words in wordfreq's small lists only. Importing wordfreq costs a
tenth of a second (ftfy, langcodes, regex), forty times what reading one small list does, so a
word of ASCII lower-case letters (one token in every language wordfreq splits at spaces) is
looked up in wordfreq's own data file, read with gzip and msgpack as wordfreq reads it; the
number is wordfreq's (``tests/test_frequency.py`` compares them word by word). Anything else,
or a data file not where wordfreq keeps it, goes through wordfreq.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from pathlib import Path

from listingkit.nlp import UNSPACED


@lru_cache(maxsize=1 << 17)  # (bounded: the words come from untrusted catalogues)
def zipf(text: str, lang: str, wordlist: str = "best") -> float:
    """wordfreq's Zipf frequency of a phrase (words apart by any whitespace, the no-break
    space that joins a number to its unit too); 0 where wordfreq cannot tell. ``wordlist``:
    wordfreq's "best" (large) lists, or its "small" ones (only words of Zipf 3 or more)."""
    if wordlist == "small" and lang not in UNSPACED and text.isascii() and text.isalpha() \
            and text.islower():
        buckets = _small_buckets(lang)
        if buckets is not None:
            bucket = buckets.get(text)  # (frequency 10 ** (-bucket / 100): Zipf 9 - bucket / 100)
            return 0.0 if bucket is None else round(9 - bucket / 100, 2)
    import wordfreq

    units = text.split()
    if lang in UNSPACED:  # already segmented: look the words up (wordfreq would need MeCab)
        table = _frequencies(lang, wordlist)
        inverse = sum(1.0 / table.get(u, 1e-9) for u in units)
        return max(0.0, math.log10(1.0 / inverse) + 9) if inverse else 0.0
    try:
        return float(wordfreq.zipf_frequency(" ".join(units), lang, wordlist=wordlist))
    except (LookupError, ImportError, ValueError):
        return 0.0


@cache
def _frequencies(lang: str, wordlist: str = "best") -> dict[str, float]:
    import wordfreq

    try:
        return wordfreq.get_frequency_dict(lang, wordlist)  # type: ignore[no-any-return]
    except (LookupError, ValueError):
        return {}


@cache
def known(lang: str) -> bool:
    """Whether wordfreq has word frequencies for ``lang`` (else :func:`zipf` is 0 for all):
    a list of its own, small or large (wordfreq's ``available_languages()``)."""
    data = _data_dir()
    if data is not None:
        return lang.isascii() and lang.isalpha() and lang.islower() and any(
            (data / f"{size}_{lang}.msgpack.gz").is_file() for size in ("small", "large"))
    import wordfreq

    return lang in wordfreq.available_languages()


@cache
def _data_dir() -> Path | None:
    """wordfreq's data folder, found without importing wordfreq; None if it is not a folder
    of files (wordfreq is then asked)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("wordfreq")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        data = Path(folder, "data")
        if (data / "small_en.msgpack.gz").is_file():
            return data
    return None


@cache
def _small_buckets(lang: str) -> dict[str, int] | None:
    """wordfreq's small list of ``lang``: word -> its bucket (its frequency is 10 ** (-bucket
    / 100)), read as wordfreq's ``read_cBpack`` reads it; None where there is none, or the
    file is not in that format (wordfreq is then asked)."""
    data = _data_dir()
    if data is None or not (lang.isascii() and lang.isalpha() and lang.islower()):
        return None
    path = data / f"small_{lang}.msgpack.gz"
    if not path.is_file():
        return None
    import gzip

    import msgpack  # type: ignore[import-untyped]

    try:
        with gzip.open(path, "rb") as handle:
            pack = msgpack.load(handle, raw=False)
    except (OSError, ValueError, msgpack.UnpackException):
        return None
    header = pack[0] if isinstance(pack, list) and pack else None
    if not isinstance(header, dict) or header.get("format") != "cB" or \
            header.get("version") != 1:
        return None
    return {word: bucket for bucket, words in enumerate(pack[1:]) for word in words}
