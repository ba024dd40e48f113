"""Keyword ranking in de, fr, es, ja and zh (en is covered in test_keywords.py)."""

from __future__ import annotations

import importlib.util

import pytest
from click.testing import CliRunner

from listingkit.commands import cli
from listingkit.keywords import extract
from listingkit.listing import Listing

needs_ja = pytest.mark.skipif(importlib.util.find_spec("sudachipy") is None,
                              reason="needs the ja extra: pip install 'listingkit[ja]'")
needs_zh = pytest.mark.skipif(importlib.util.find_spec("jieba") is None,
                              reason="needs the zh extra: pip install 'listingkit[zh]'")


def ranked(lang: str, titles: list[str], top: int = 10) -> dict[str, object]:
    listings = [Listing(sku=str(i), title=t) for i, t in enumerate(titles)]
    return {k.root: k for k in extract(listings, lang=lang, top=top).keywords}


def test_german_plural_and_inflection_merge_by_lemma() -> None:
    found = ranked("de", ["Edelstahl Trinkflasche 500ml, auslaufsicher",
                          "Trinkflaschen für Kinder, 750 ml",
                          "Auslaufsichere Trinkflasche Schwarz",
                          "Thermo Trinkflasche, BPA-frei"])
    bottle = found["trinkflasche"]
    assert bottle.competitors == 4 and "Trinkflaschen" in bottle.variants
    assert bottle.term == "Trinkflasche"  # German nouns keep their capital
    assert found["auslaufsicher"].competitors == 2


def test_french_keeps_multiword_material_and_tags_it() -> None:
    found = ranked("fr", ["Gourde en acier inoxydable 500 ml pour enfants",
                          "Gourdes isothermes, acier inoxydable",
                          "Gourde sans BPA, acier inoxydable",
                          "Bouteille d'eau en acier inoxydable"])
    steel = found["acier inoxydable"]
    assert steel.competitors == 4 and steel.kind == "material"
    assert found["gourde"].competitors == 3  # "Gourdes" merged; not mistaken for a brand


def test_spanish_phrase_across_a_stop_word() -> None:
    found = ranked("es", ["Botella de agua de acero inoxidable 500 ml",
                          "Botellas de agua térmicas, acero inoxidable",
                          "Botella térmica sin BPA para niños",
                          "Botella de agua deportiva, acero inoxidable"])
    assert found["botella de agua"].competitors == 3
    assert found["acero inoxidable"].competitors == 3


@needs_ja
def test_japanese_words_are_segmented_and_particles_dropped() -> None:
    found = ranked("ja", ["ステンレス製の水筒 500ml 保温 保冷", "子供用の水筒 ステンレス 直飲み",
                          "保温 保冷 水筒 ステンレスボトル", "水筒 大容量 ステンレス 保冷"])
    assert found["水筒"].competitors == 4
    assert found["ステンレス"].competitors == 4
    assert not any(root.startswith("の") or root.endswith("の") for root in found)


@needs_zh
def test_chinese_words_are_segmented() -> None:
    found = ranked("zh", ["不锈钢保温杯500毫升黑色", "儿童保温杯不锈钢水杯", "保温杯大容量不锈钢",
                          "不锈钢水杯 保温杯 学生"])
    assert found["保温杯"].competitors == 4 and found["不锈钢"].competitors == 4
    assert "500毫升" not in found  # one seller's measure; and never a bare "500"


@needs_zh
def test_lang_auto_detects_chinese_from_the_cli(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zh.txt").write_text("不锈钢保温杯大容量黑色男士女士办公室\n儿童保温杯不锈钢水杯学生上学\n"
                                     "保温杯大容量不锈钢车载旅行\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["keywords", "zh.txt", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "保温杯" in result.stdout
