"""General-language frequency (wordfreq's Zipf scale) of words and phrases, offline.

wordfreq segments Japanese with MeCab, which listingkit does not need; text here is already
segmented, so for ja and zh the words are looked up in wordfreq's table directly.
"""

from __future__ import annotations

from functools import cache

from listingkit.keywords.candidates import UNIT_JOIN
from listingkit.nlp import UNSPACED


@cache
def zipf(text: str, lang: str) -> float:
    """wordfreq's Zipf frequency of a phrase; 0 where wordfreq cannot tell."""
    import math

    import wordfreq

    units = [u for u in text.replace(UNIT_JOIN, " ").split(" ") if u]
    if lang in UNSPACED:  # already segmented: look the words up (wordfreq would need MeCab)
        table = _frequencies(lang)
        inverse = sum(1.0 / table.get(u, 1e-9) for u in units)
        return max(0.0, math.log10(1.0 / inverse) + 9) if inverse else 0.0
    try:
        return float(wordfreq.zipf_frequency(" ".join(units), lang))
    except (LookupError, ImportError, ValueError):
        return 0.0


@cache
def _frequencies(lang: str) -> dict[str, float]:
    import wordfreq

    try:
        return wordfreq.get_frequency_dict(lang)  # type: ignore[no-any-return]
    except (LookupError, ValueError):
        return {}
