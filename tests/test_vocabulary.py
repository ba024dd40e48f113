"""Attribute vocabularies: aligned across languages, looked up forgivingly, never guessed."""

from __future__ import annotations

import pytest

from listingkit.errors import ConfigError
from listingkit.vocabulary import CONCEPTS, concept, fold, missing, unit_id

#: The languages every shipped vocabulary must cover.
REQUIRED = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "ja", "zh")


@pytest.mark.parametrize("name", CONCEPTS)
def test_every_language_has_every_entry(name: str) -> None:
    gaps = missing(name, REQUIRED)
    assert gaps == {}, "entries missing: " + "; ".join(
        f"{lang}: {', '.join(keys)}" for lang, keys in gaps.items())


def test_missing_lists_the_gaps_per_language(tmp_path: pytest.TempPathFactory) -> None:
    vocab = concept("color")
    assert "navy" in vocab.terms["de"]
    # a language without the file lacks every key; the report names each one
    gaps = missing("color", ("en", "xx"))
    assert set(gaps) == {"xx"} and "navy" in gaps["xx"]


@pytest.mark.parametrize("value, target, expected", [
    ("Navy", "de", "Marineblau"),
    ("navy blue", "fr", "bleu marine"),
    ("Gray", "es", "gris"),
    ("Black/Red", "de", "Schwarz/Rot"),
    ("Schwarz", "en", "black"),
    ("stainless-steel", "ja", "ステンレス"),
    ("cotton, elastane", "it", "cotone, elastan"),
])
def test_translate_values(value: str, target: str, expected: str) -> None:
    name = "material" if "steel" in value or "cotton" in value else "color"
    assert concept(name).translate(value, target) == expected


def test_unknown_value_is_none_never_a_guess() -> None:
    assert concept("color").translate("Midnight Haze", "de") is None
    assert concept("color").translate("Black/Midnight Haze", "de") is None


def test_unknown_vocabulary_suggests() -> None:
    with pytest.raises(ConfigError, match="did you mean 'color'"):
        concept("colr")


def test_units_map_spellings_to_cldr_ids() -> None:
    assert unit_id("ml") == "volume-milliliter"
    assert unit_id("Liter") == "volume-liter"
    assert unit_id("fl oz") == "volume-fluid-ounce"
    assert unit_id("Zoll") == "length-inch"
    assert unit_id("parsecs") is None


def test_fold_ignores_case_hyphens_and_spaces() -> None:
    assert fold("  T-Shirt ") == fold("t shirt") == "t shirt"


def test_files_are_well_formed() -> None:
    from listingkit.resources import data_dir

    root = data_dir("lexicons")
    for folder in root.iterdir():
        for entry in folder.iterdir() if folder.is_dir() else ():
            if entry.name.endswith(".tsv"):
                lines = entry.read_text(encoding="utf-8").splitlines()
                assert lines == sorted(lines), f"{folder.name}/{entry.name} is not sorted"
                keys = [line.split("\t")[0] for line in lines]
                assert len(keys) == len(set(keys)), f"{folder.name}/{entry.name}: duplicate key"
