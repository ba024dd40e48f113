"""listingkit.frequency: the small lists read without wordfreq give wordfreq's own numbers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from listingkit import frequency


def _small_words(lang: str, every: int) -> list[str]:
    table = frequency._small_buckets(lang)
    assert table is not None, f"wordfreq's small list for {lang} was not read"
    return [w for w in list(table)[::every] if w.isascii() and w.isalpha() and w.islower()]


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "it", "nl", "pl", "sv", "tr"])
def test_small_list_lookup_equals_wordfreq(lang: str) -> None:
    import wordfreq

    words = _small_words(lang, 7)
    assert len(words) > 500
    words += ["zzqxv", "bravia", "lcstwab"]  # not in the lists: 0, as wordfreq says
    for word in words:
        assert frequency.zipf(word, lang, "small") == \
            wordfreq.zipf_frequency(word, lang, wordlist="small"), (lang, word)


def test_other_words_go_through_wordfreq() -> None:
    import wordfreq

    for word in ["men's", "Shipping", "t-shirt", "500ml", "größe"]:
        assert frequency.zipf(word, "de" if word == "größe" else "en", "small") == \
            wordfreq.zipf_frequency(word, "de" if word == "größe" else "en", wordlist="small")


def test_known_equals_wordfreqs_languages() -> None:
    import wordfreq

    available = set(wordfreq.available_languages())
    for lang in [*available, "xx", "EN", "pt-BR", "../en", ""]:
        assert frequency.known(lang) is (lang in available), lang


def test_a_common_word_is_looked_up_without_importing_wordfreq() -> None:
    code = ("import sys; from listingkit.frequency import zipf, known; "
            "assert known('en') and zipf('shipping', 'en', 'small') >= 3 "
            "and zipf('lcstwab', 'en', 'small') == 0; print('wordfreq' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
