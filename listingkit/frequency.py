"""General-language frequency (wordfreq's Zipf scale) of words and phrases, offline: how
specific a keyword is (:mod:`listingkit.keywords`), whether a capitalised word is a word of the
language or a name (:mod:`listingkit.rules.capitals`). wordfreq is imported on first use.

wordfreq segments Japanese with MeCab, which listingkit does not need; text here is already
segmented, so for ja and zh the words are looked up in wordfreq's table directly.
"""

from __future__ import annotations

from functools import cache, lru_cache

from listingkit.nlp import UNSPACED


@lru_cache(maxsize=1 << 17)  # (bounded: the words come from untrusted catalogues)
def zipf(text: str, lang: str, wordlist: str = "best") -> float:
    """wordfreq's Zipf frequency of a phrase (words apart by any whitespace, the no-break
    space that joins a number to its unit too); 0 where wordfreq cannot tell. ``wordlist``:
    wordfreq's "best" (large) lists, or its "small" ones (only words of Zipf 3 or more)."""
    import math

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
    """Whether wordfreq has word frequencies for ``lang`` (else :func:`zipf` is 0 for all)."""
    import wordfreq

    return lang in wordfreq.available_languages()
