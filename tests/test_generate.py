"""``listingkit generate``: templates, sandbox, filters, translation states, self-check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from babel import Locale

from listingkit.generate.environment import RenderError, make_environment, render
from listingkit.generate.filters import Filters
from listingkit.translate.glossary import Glossary
from listingkit.translate.memory import Entry, Memory

SPEC = """
id = "shop-{lang}"
name = "Test shop ({lang})"
country = "{country}"
upload_format = "generic"
language = {{ value = "{lang}", source = "s" }}
[sources.s]
url = "https://example.invalid"
title = "test"
kind = "official"
as_of = "2026-11-23"
[fields.title]
max_chars = {{ value = 60, source = "s" }}
capitalisation = {{ value = "title", source = "s" }}
[fields.description]
html = {{ value = "rich", source = "s" }}
[fields.search_terms]
max_bytes = {{ value = 30, source = "s" }}
"""

CATALOGUE = (
    "sku,title,brand,bullet_1,description,search_terms,color,material,pack_count\n"
    "MUG-1,insulated travel mug with lid,Acme,keeps drinks hot for 6 hours,"
    "Fits <most> cup holders & bags.,coffee cup thermos travel,navy,stainless steel,2\n")


def filters(lang: str = "en", country: str = "US", system: str = "us",
            terms: tuple[str, ...] = ("Acme",)) -> Filters:
    return Filters(lang=lang, locale=Locale.parse(f"{lang}_{country}"), system=system,
                   limits={"title": (30, "chars"), "search_terms": (12, "bytes")},
                   capitalisation={"title": "title"}, glossary=Glossary(terms))


@pytest.mark.parametrize("lang, country, system, value, expected", [
    ("de", "DE", "metric", "1.5 l", "1,5 l"),
    ("en", "US", "us", "1.5 l", "1.5 L"),
    ("de", "DE", "metric", "16 fl oz", "473 ml"),
    ("fr", "FR", "metric", "10 in", "25,4 cm"),
    ("en", "US", "us", "10 in", "10 in"),
    ("ja", "JP", "metric", "2 lb", "0.907 kg"),
    ("fr", "FR", "metric", "1234.5 g", "1 234,5 g"),
])
def test_measure_localises_and_converts(lang: str, country: str, system: str, value: str,
                                        expected: str) -> None:
    assert filters(lang, country, system).measure(value) == expected


def test_measure_rejects_unknown_units() -> None:
    with pytest.raises(ValueError, match="'3 parsec' is not a number with a known unit"):
        filters().measure("3 parsec")
    assert filters().measure("about a litre", strict=False) == "about a litre"


def test_number_formatting_per_locale() -> None:
    assert filters("de", "DE").number("1234.5") == "1.234,5"
    assert filters("en", "US").number(1234.5) == "1,234.5"


def test_truncate_at_word_boundary_never_inside_a_protected_token() -> None:
    f = filters(terms=("Acme ProSeries",))
    text = "Travel mug by Acme ProSeries with lid"
    assert f.truncate_words(text, 25) == "Travel mug by"
    assert f.truncate_words(text, 28) == "Travel mug by Acme ProSeries"
    assert f.truncate_words("short", 25) == "short"
    assert f.truncate_words("Tasse, Größe", 11, unit="bytes") == "Tasse"  # ö is two bytes


def test_fit_uses_the_marketplace_limit() -> None:
    assert filters().fit("alpha beta gamma delta", "search_terms") == "alpha beta"
    assert filters().fit("no limit for this field", "bullets") == "no limit for this field"


def test_capitalisation_per_language() -> None:
    assert filters("en").capitalise("acme XR-200 mug with a lid for USB-C") == \
        "acme XR-200 Mug with a Lid for USB-C"  # protected tokens stay as written
    assert filters("en").capitalise("travel mug of the year") == "Travel Mug of the Year"
    assert filters("en").capitalise("bottle, 16 fl oz, 2 pack") == "Bottle, 16 fl oz, 2 Pack"
    assert filters("de", "DE").capitalise("isolierter Becher mit Deckel") == \
        "Isolierter Becher mit Deckel"
    assert filters("ja", "JP").capitalise("acme マグ") == "acme マグ"


def test_term_filter_records_unknown_values() -> None:
    f = filters("de", "DE")
    assert f.term("navy", "color") == "Marineblau"
    assert f.term("Midnight Haze", "color") == "Midnight Haze"
    assert f.notes == ["color 'Midnight Haze' is not in the de vocabulary"]
    # a long value is cut in the note: a 100,000-character field, a one-line message
    f.term("Midnight Haze " * 10_000, "color")
    assert len(f.notes[-1]) < 120 and f.notes[-1].endswith("…' is not in the de vocabulary")


def test_filter_errors_cut_a_long_value() -> None:
    from listingkit.generate.filters import FilterError

    with pytest.raises(FilterError) as caught:
        filters().measure("9" * 50_000 + " parsecs")
    assert len(str(caught.value)) < 200 and "…'" in str(caught.value)


def _render(tmp_path: Path, source: str, html: set[str] | None = None, **ctx: Any) -> str:
    (tmp_path / "t").mkdir(exist_ok=True)
    (tmp_path / "t" / "x.j2").write_text(source, encoding="utf-8")
    env = make_environment(tmp_path / "t", html or set(), filters().table())
    return render(env.get_template("x.j2"), ctx, seconds=0.5)


@pytest.mark.parametrize("source, message", [
    ("{% for i in range(100000) %}x{% endfor %}", r"range\(\) of 100000 items"),
    (("{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}"
      "{% endfor %}{% endfor %}{% endfor %}"), "longer than the time limit"),
    ("{{ 'a' * 10000000 }}", "repetition result too large"),
    ("{{ 9 ** 99999999 }}", "exponent too large"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "recursion too deep"),
    ("{% for i in range(1000) %}{{ 'y' * 1000 }}{% endfor %}", "output longer than"),
    ("{{ ''.__class__.__mro__ }}", "unsafe"),
    ("{% set x = [] %}{{ x.append(1) }}", "stopped"),
])
def test_sandbox_bounds_templates(tmp_path: Path, source: str, message: str) -> None:
    with pytest.raises(RenderError, match=message):
        _render(tmp_path, source)


def test_recursion_stops_at_once_whatever_pythons_recursion_limit(tmp_path: Path) -> None:
    """A recursive macro is stopped by the sandbox's own depth limit, not by Python's (which a
    test library may have raised): it must never run into the time limit instead."""
    import sys
    import time

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(20_000)
    try:
        start = time.monotonic()
        with pytest.raises(RenderError, match="recursion too deep"):
            _render(tmp_path, "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}")
        assert time.monotonic() - start < 0.5
    finally:
        sys.setrecursionlimit(old)


def test_strict_undefined_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="variable 'capacity' is missing"):
        _render(tmp_path, "{{ capacity }}")
    with pytest.raises(RenderError, match="variable 'color' is missing"):
        _render(tmp_path, "{{ attr.color }}", attr={})


def test_autoescape_only_for_html_fields(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    for name in ("description.j2", "title.j2"):
        (tmp_path / "t" / name).write_text("{{ text }}", encoding="utf-8")
    env = make_environment(tmp_path / "t", {"description"}, {})
    text = {"text": "<b>Cups & mugs</b>"}
    assert render(env.get_template("description.j2"), text) == \
        "&lt;b&gt;Cups &amp; mugs&lt;/b&gt;"
    assert render(env.get_template("title.j2"), text) == "<b>Cups & mugs</b>"


# ---- the command ------------------------------------------------------------------------

@pytest.fixture
def shop(write: Any) -> Any:
    def make(lang: str = "en", country: str = "US") -> Path:
        return write(f"shop-{lang}.toml", SPEC.format(lang=lang, country=country))
    return make


def _generate(run: Any, write: Any, tmp_path: Path, spec: Path, *extra: Any,
              catalogue: str = CATALOGUE) -> tuple[Any, list[dict[str, Any]]]:
    source = write("in.csv", catalogue)
    out = tmp_path / "out.jsonl"
    result = run("generate", source, "--spec", spec, "-p", spec.stem, "--memory",
                 tmp_path / "tm.sqlite", "-o", out, *extra)
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    return result, [json.loads(line) for line in lines]


def test_same_language_generates_every_field(run: Any, write: Any, tmp_path: Path,
                                             shop: Any) -> None:
    result, (record,) = _generate(run, write, tmp_path, shop())
    assert result.exit_code == 0, result.stderr
    assert record["title"] == "Acme Insulated Travel Mug with Lid, Navy, Pack of 2"
    assert record["bullets"] == ["Keeps drinks hot for 6 hours"]
    assert record["description"] == "Fits &lt;most&gt; cup holders &amp; bags."
    assert record["search_terms"] == "coffee cup thermos"  # the title's words left out
    assert "wrote 1 of 1 SKUs for shop-en (en)" in result.stderr


def test_untranslated_text_is_pending_and_never_written(run: Any, write: Any, tmp_path: Path,
                                                        shop: Any) -> None:
    (tmp_path / "out.jsonl").write_text("EARLIER RUN\n", encoding="utf-8")
    result = run("generate", write("in.csv", CATALOGUE), "--spec", shop("de", "DE"), "-p",
                 "shop-de", "--memory", tmp_path / "tm.sqlite", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 1
    assert "in.csv:2 SKU 'MUG-1' field 'title': error: en->de pending: no translation " \
        "engine configured" in result.stderr
    # nothing is ready: an earlier run's output is not replaced by an empty file
    assert "wrote 0 of 1 SKUs for shop-de (de); nothing written, " in result.stderr
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == "EARLIER RUN\n"
    with Memory(tmp_path / "tm.sqlite") as tm:  # queued for a translator
        assert {e.source_text for e in tm.entries(pending=True)} >= {
            "insulated travel mug with lid", "keeps drinks hot for 6 hours"}


def test_memory_serves_translations_and_vocabulary_the_attributes(
        run: Any, write: Any, tmp_path: Path, shop: Any) -> None:
    with Memory(tmp_path / "tm.sqlite") as tm:
        tm.put_many([Entry("en", "de", en, de, "human") for en, de in (
            ("insulated travel mug with lid", "isolierter Reisebecher mit Deckel"),
            ("keeps drinks hot for 6 hours", "hält Getränke 6 Stunden lang heiß"),
            ("Fits <most> cup holders & bags.", "Passt in die meisten Becherhalter & Taschen."),
            ("coffee cup thermos travel", "Kaffeebecher Thermobecher Reise"))])
    result, (record,) = _generate(run, write, tmp_path, shop("de", "DE"))
    assert result.exit_code == 0, result.stderr
    assert record["title"] == "Acme isolierter Reisebecher mit Deckel, Marineblau, 2 Stück"
    assert record["attributes"]["material"] == "Edelstahl"
    assert "4 memory" in result.stderr and "0 engine calls" in result.stderr


def test_wrong_language_is_a_finding(run: Any, write: Any, tmp_path: Path, shop: Any) -> None:
    with Memory(tmp_path / "tm.sqlite") as tm:
        tm.put(Entry("en", "de", "keeps drinks hot for 6 hours",
                     "keeps your drinks hot for six hours on the way to work", "human"))
    catalogue = "sku,title,bullet_1\nMUG-1,,keeps drinks hot for 6 hours\n"
    result, _ = _generate(run, write, tmp_path, shop("de", "DE"), "--fail-on", "warning",
                          catalogue=catalogue)
    assert "field 'bullets': warning: reads as en" in result.stderr
    assert result.exit_code == 1


def test_missing_template_variable_is_an_error_naming_sku_and_variable(
        run: Any, write: Any, tmp_path: Path, shop: Any) -> None:
    write("tpl/shop-en/title.j2", "{{ title }} {{ capacity }}")
    catalogue = CATALOGUE + "MUG-2,mug,Acme,,,,,,,\n"
    catalogue = catalogue.replace("pack_count\n", "pack_count,capacity\n").replace(
        ",2\n", ",2,450 ml\n")
    result, records = _generate(run, write, tmp_path, shop(), "--templates",
                                tmp_path / "tpl", catalogue=catalogue)
    assert result.exit_code == 1, result.stderr
    assert [r["sku"] for r in records] == ["MUG-1"]
    assert records[0]["title"] == "insulated travel mug with lid 450 ml"
    assert "SKU 'MUG-2' field 'title': error: template shop-en/title.j2: variable " \
        "'capacity' is missing" in result.stderr


def test_user_templates_take_precedence_per_language(run: Any, write: Any, tmp_path: Path,
                                                     shop: Any) -> None:
    write("tpl/default/title.en.j2", "{{ brand|upper }}: {{ title }}")
    _, (record,) = _generate(run, write, tmp_path, shop(), "--templates", tmp_path / "tpl")
    assert record["title"] == "ACME: insulated travel mug with lid"
    assert record["bullets"] == ["Keeps drinks hot for 6 hours"]  # built-in still used


def test_limits_are_rechecked(run: Any, write: Any, tmp_path: Path, shop: Any) -> None:
    write("tpl/default/title.j2", "{{ (title ~ ' ') * 3 }}")
    result, records = _generate(run, write, tmp_path, shop(), "--templates", tmp_path / "tpl")
    assert "SKU 'MUG-1' field 'title': error: title is 89 char" in result.stderr
    assert "[T001]" in result.stderr  # the marketplace's check rules ran on the output
    assert records == [] and result.exit_code == 1


def test_fallback_limit_check_without_the_rules(tmp_path: Path) -> None:
    from listingkit.generate.selfcheck import limit_findings
    from listingkit.listing import Listing
    from listingkit.marketplace import Registry

    spec = tmp_path / "s.toml"
    spec.write_text(SPEC.format(lang="en", country="US"), encoding="utf-8")
    market = Registry([spec]).get("shop-en")
    listing = Listing("A", title="x" * 61, search_terms="é" * 16)
    found = limit_findings(listing, market, lambda *args: args)
    assert ("title", "title-too-long", "error", "title is 61 chars, the limit is 60") in found
    assert ("search_terms", "search_terms-too-long", "error",
            "search_terms is 32 bytes, the limit is 30") in found


def test_template_syntax_error_stops_the_run(run: Any, write: Any, tmp_path: Path,
                                             shop: Any) -> None:
    write("tpl/default/title.j2", "{{ title ")
    result, _ = _generate(run, write, tmp_path, shop(), "--templates", tmp_path / "tpl")
    assert result.exit_code == 2
    assert "title.j2:1: template syntax error" in result.stderr


def test_language_the_marketplace_does_not_serve(run: Any, write: Any, tmp_path: Path,
                                                 shop: Any) -> None:
    result, _ = _generate(run, write, tmp_path, shop(), "--lang", "de")
    assert result.exit_code == 2 and "serves en, not 'de'" in result.stderr
