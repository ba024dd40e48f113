"""listingkit.nlp: cached pipelines, lemmas, stop words, segmentation, missing extras."""

from __future__ import annotations

import importlib.util

import pytest

from listingkit import nlp
from listingkit.errors import ConfigError


def keys(text: str, lang: str) -> list[str]:
    return [w.key for w in nlp.analyzer(lang).words(text) if w.key]


def test_pipeline_is_built_once_per_language() -> None:
    assert nlp.analyzer("en") is nlp.analyzer("en")
    assert nlp.analyzer("en") is not nlp.analyzer("de")


def test_english_lemmas_and_stop_words() -> None:
    words = nlp.analyzer("en").words("The Batteries for Kids Shirts")
    assert [w.key for w in words] == ["the", "battery", "for", "kid", "shirt"]
    assert [w.stop for w in words] == [True, False, True, False, False]
    assert "the" in nlp.stop_words("en")


def test_german_nouns_keep_case_for_the_lemmatizer() -> None:
    # "Bällen" is only in the table capitalised; lower-casing first would miss it
    assert keys("Die Kinder spielen mit roten Bällen", "de") == [
        "der", "kind", "spielen", "mit", "rot", "ball"]


@pytest.mark.parametrize("lang,text,lemma", [("fr", "bouteilles", "bouteille"),
                                             ("es", "botellas", "botella")])
def test_romance_lemmas(lang: str, text: str, lemma: str) -> None:
    assert keys(text, lang) == [lemma]


def test_language_without_lemma_table_falls_back_to_lower_case() -> None:
    analyzer = nlp.analyzer("pl")
    assert not analyzer.has_lemmas
    assert keys("Butelki Stalowe", "pl") == ["butelki", "stalowe"]


def test_numbers_and_glued_units_are_split_and_flagged() -> None:
    words = [w for w in nlp.analyzer("en").words("500ml 1:24 scale") if w.key]
    assert [(w.key, w.number) for w in words] == [("500", True), ("ml", False),
                                                   ("1:24", True), ("scale", False)]


def test_punctuation_breaks_and_trademark_signs_vanish() -> None:
    words = nlp.analyzer("en").words("Sand® Purple, Blue")
    assert [w.text for w in words] == ["Sand", "Purple", ",", "Blue"]
    assert [w.brk for w in words] == [False, False, True, False]


def test_unknown_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not supported"):
        nlp.analyzer("xx")


def test_missing_segmenter_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "sudachipy" else real(name, *a))
    with pytest.raises(ConfigError, match=r"pip install 'listingkit\[ja\]'"):
        nlp._require_extra("ja")


def test_uninstalled_trained_model_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not installed"):
        nlp.analyzer("en", "en_core_web_nonexistent")


@pytest.mark.skipif(importlib.util.find_spec("sudachipy") is None,
                    reason="needs the ja extra: pip install 'listingkit[ja]'")
def test_japanese_is_segmented_with_particles_as_stop_words() -> None:
    words = [w for w in nlp.analyzer("ja").words("ステンレス製の水筒") if w.key]
    assert [w.text for w in words] == ["ステンレス", "製", "の", "水筒"]
    assert [w.stop for w in words] == [False, False, True, False]
    assert nlp.join(["水筒", "黒"], "ja") == "水筒黒"


@pytest.mark.skipif(importlib.util.find_spec("jieba") is None,
                    reason="needs the zh extra: pip install 'listingkit[zh]'")
def test_chinese_is_segmented_into_words() -> None:
    assert keys("不锈钢保温杯黑色", "zh") == ["不锈钢", "保温杯", "黑色"]


def test_giant_runs_are_not_tokenised_word_by_word() -> None:
    import time

    from listingkit.nlp import analyzer

    start = time.perf_counter()
    found = [w.text for w in analyzer("en").words("Steel bottle " + "x" * 3_000_000 + " blue")
             if w.key]
    assert found == ["Steel", "bottle", "blue"]
    assert time.perf_counter() - start < 5  # spaCy alone takes tens of seconds on this


@pytest.mark.parametrize(("text", "words"), [
    ('Puppet 15"/38cm Ventriloquist', ["Puppet", "15", '"', "/", "38", "cm", "Ventriloquist"]),
    ('Doll 30cm/12" Tall', ["Doll", "30", "cm", "/", "12", '"', "Tall"]),
    ("Controller 12V/24V", ["Controller", "12", "V", "/", "24", "V"]),
    ("Pipe 1/2 inch", ["Pipe", "1/2", "inch"]),  # a fraction stays one number
    ("Durian Club/3 Leather Sofa", ["Durian", "Club/3", "Leather", "Sofa"]),  # a model code
])
def test_two_measures_written_with_a_slash_are_split(text: str, words: list[str]) -> None:
    """Sellers write a size in two units with a slash; read as one token, "15"/38" was no
    number, so "cm ventriloquist" became a keyword of the shared toys file."""
    analysed = nlp.analyzer("en").words(text)
    assert [w.text for w in analysed] == words
    assert all(w.number for w in analysed if w.text[:1].isdigit() and w.text != "Club/3")
