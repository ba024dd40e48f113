"""The built-in marketplace specs: they load, validate, cite sources, and extend correctly."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from listingkit.commands import cli
from listingkit.errors import SpecError
from listingkit.marketplace import Marketplace, Registry
from listingkit.resources import data_dir

REQUIRED_IDS = {
    "amazon-us", "amazon-uk", "amazon-de", "amazon-fr", "amazon-it", "amazon-es", "amazon-jp",
    "ebay", "etsy", "shopify", "walmart", "google-shopping", "mercado-libre", "tiktok-shop",
    "rakuten",
}
#: lexicon names other parts of listingkit know about (lexicons/<lang>/<name>.txt)
KNOWN_LEXICONS = {"promotional", "subjective", "placeholder", "guarantee", "temporary", "contact"}
Run = Callable[..., Result]
DATE = re.compile(r"^(undated|[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)$")


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry()


def _spec_files() -> list[Path]:
    return sorted(Path(str(p)) for p in data_dir("specs").iterdir() if p.name.endswith(".toml"))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- the built-in specs --------------------------------------------------------------------


def test_every_builtin_spec_loads_and_validates(registry: Registry) -> None:
    markets = registry.all()
    assert len(markets) == len(_spec_files())
    for market in markets:
        registry.validate(market.id)  # against spec.schema.json and its sources
        assert market.name and market.language
        assert market.origin == f"built-in:{market.id}.toml"


def test_ids_equal_file_names() -> None:
    for path in _spec_files():
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        assert raw["id"] == path.stem, path.name


def test_all_required_ids_present(registry: Registry) -> None:
    missing = REQUIRED_IDS - set(registry.ids())
    assert not missing, missing


def test_every_fact_resolves_to_a_source_with_url_and_date(registry: Registry) -> None:
    for market in registry.all():
        sources = market.data["sources"]
        facts = market.facts()
        assert len(facts) >= 10, market.id
        for fact in facts:
            where = f"{market.id}: {fact.path}"
            assert fact.source in sources, where
            assert fact.url.startswith(("https://", "http://")), where
            assert DATE.match(fact.as_of), where
            assert sources[fact.source]["kind"] in {"official", "third-party", "schema",
                                                    "listingkit"}, where


def test_every_uncertain_fact_has_a_note(registry: Registry) -> None:
    uncertain = [(m.id, f) for m in registry.all() for f in m.facts() if f.uncertain]
    assert uncertain, "the reference has uncertain values; some facts must say so"
    for ident, fact in uncertain:
        assert len(fact.note) >= 10, f"{ident}: {fact.path} is uncertain without a note"


def test_required_basics_per_marketplace(registry: Registry) -> None:
    flavours = {p.name[:-5] for p in data_dir("formats").iterdir() if p.name.endswith(".toml")}
    for market in registry.all():
        assert market.upload_format in flavours, market.id
        assert market.language in market.languages, market.id
        assert len(set(market.languages)) == len(market.languages), market.id
        assert market.fact("images.main.target_px") is not None, market.id
        assert market.fact("images.other.target_px") is not None, market.id
        if market.id != "otto":  # OTTO's title length is unknown (see its notes)
            assert market.value("fields.title.max_chars") > 0, market.id


def test_languages_are_ones_language_detection_knows(registry: Registry) -> None:
    import langdetect

    profiles = {p.name for p in (Path(langdetect.__file__).parent / "profiles").iterdir()}
    profiles |= {"zh"}  # listingkit.language maps zh-cn / zh-tw to zh
    for market in registry.all():
        unknown = set(market.languages) - profiles
        assert not unknown, f"{market.id}: {unknown}"


def test_lexicon_names_are_known(registry: Registry) -> None:
    for market in registry.all():
        for fact in market.facts():
            if fact.path.endswith(".prohibited_lexicons"):
                assert set(fact.value) <= KNOWN_LEXICONS, f"{market.id}: {fact.path}"


def test_image_presets_are_consistent(registry: Registry) -> None:
    for market in registry.all():
        for slot in ("main", "other"):
            def get(key: str, m: Marketplace = market, s: str = slot) -> Any:
                return m.value(f"images.{s}.{key}", None)

            where = f"{market.id} images.{slot}"
            target = get("target_px")
            if get("min_px") is not None:
                assert max(target) >= get("min_px"), where
            if get("max_px") is not None:
                assert max(target) <= get("max_px"), where
                if get("recommended_px") is not None:
                    assert get("recommended_px") <= get("max_px"), where
            if get("formats") is not None:
                assert get("format") in get("formats"), where
            if get("aspect") == "1:1":
                assert target[0] == target[1], where
            # output-preset choices are ours or the marketplace's, never a third party's
            for key in ("target_px", "fit", "quality"):
                fact = market.fact(f"images.{slot}.{key}")
                kind = market.data["sources"][fact.source]["kind"]
                assert kind in {"listingkit", "official"}, f"{where}.{key}: {kind}"
            fit = market.fact(f"images.{slot}.fit")
            assert market.data["sources"][fit.source]["kind"] == "listingkit", where


def test_marketplace_specific_limits(registry: Registry) -> None:
    etsy = registry.get("etsy")
    assert etsy.value("fields.title.max_chars") == 140
    assert etsy.value("fields.search_terms.max_count") == 13
    assert etsy.value("fields.search_terms.max_item_chars") == 20
    assert etsy.value("fields.search_terms.separator") == ","
    assert registry.get("ebay").value("fields.title.max_chars") == 80
    assert registry.get("walmart").value("fields.title.max_chars") == 150
    assert registry.get("google-shopping").value("fields.description.max_chars") == 5000
    assert registry.get("amazon-jp").value("fields.search_terms.max_bytes") == 500
    assert registry.get("amazon-jp").fact("fields.search_terms.max_bytes").uncertain
    assert registry.get("rakuten").value("fields.title.max_width") == 255
    ml = registry.get("mercado-libre")
    assert ml.language == "es" and "pt" in ml.languages
    assert ml.fact("fields.title.max_chars").value == 60
    assert ml.fact("fields.title.max_chars").uncertain


def test_store_languages(registry: Registry) -> None:
    expected = {"amazon-us": "en", "amazon-uk": "en", "amazon-de": "de", "amazon-fr": "fr",
                "amazon-it": "it", "amazon-es": "es", "amazon-jp": "ja", "rakuten": "ja",
                "mercado-libre": "es", "allegro": "pl", "otto": "de", "walmart": "en"}
    for ident, lang in expected.items():
        if ident in registry.ids():
            assert registry.get(ident).language == lang, ident


def test_every_declared_source_is_cited(registry: Registry) -> None:
    """A source a file declares is used by one of its facts or named in one of its notes."""
    for path in _spec_files():
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        market = registry.get(raw["id"])
        cited = {fact.source for fact in market.facts()}
        prose = " ".join([*market.data.get("notes", []), *(f.note for f in market.facts())])
        for name in raw.get("sources", {}):
            assert name in cited or name in prose, f"{path.name}: source {name!r} is unused"


# --- extends and user overrides --------------------------------------------------------------


def test_extends_chain_resolves(registry: Registry) -> None:
    us, de, jp = registry.get("amazon-us"), registry.get("amazon-de"), registry.get("amazon-jp")
    assert de.language == "de" and us.language == "en"
    assert de.value("fields.title.max_chars") == us.value("fields.title.max_chars") == 200
    assert de.value("images.main.target_px") == us.value("images.main.target_px")
    assert de.fact("fields.title.max_chars").url == us.fact("fields.title.max_chars").url
    assert "extends" not in de.data
    assert jp.value("fields.search_terms.max_bytes") == 500
    assert us.value("fields.search_terms.max_bytes") == 249
    assert jp.value("fields.title.recommended_chars") == 50


def test_user_override_file_changes_a_limit(tmp_path: Path) -> None:
    path = _write(tmp_path / "my-de.toml", """
id = "amazon-de"
[sources.house-rules]
url = "https://example.com/house-rules"
kind = "third-party"
as_of = "2026-11-01"
[fields.title]
max_chars = { value = 150, unit = "chars", source = "house-rules", note = "our own stricter limit" }
""")
    market = Registry(extra=[path]).get("amazon-de")
    assert market.value("fields.title.max_chars") == 150
    assert market.fact("fields.title.max_chars").url == "https://example.com/house-rules"
    assert market.language == "de"  # the rest of the built-in spec is kept
    assert market.value("fields.search_terms.max_bytes") == 249
    assert Registry().get("amazon-de").value("fields.title.max_chars") == 200


def test_user_file_adds_a_marketplace_that_extends(tmp_path: Path) -> None:
    path = _write(tmp_path / "amazon-nl.toml", """
id = "amazon-nl"
name = "Amazon.nl (Netherlands)"
extends = "amazon-de"
language = { value = "nl", source = "amz-uk-detail-page-rules" }
languages = { value = ["nl", "en"], source = "amz-uk-detail-page-rules" }
""")
    market = Registry(extra=[path]).get("amazon-nl")
    assert market.language == "nl"
    assert market.value("fields.title.max_chars") == 200
    assert market.value("fields.bullets.max_item_chars") == 500  # from amazon-de


def test_unknown_source_names_file_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path / "bad-source.toml", """
id = "bad-source"
name = "Bad source"
extends = "amazon-us"
[fields.title]
max_chars = { value = 100, source = "nowhere" }
""")
    with pytest.raises(SpecError) as err:
        Registry(extra=[path]).get("bad-source")
    assert str(path) in str(err.value)
    assert "fields.title.max_chars" in str(err.value) and "nowhere" in str(err.value)


def test_bad_enum_names_file_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path / "bad-enum.toml", """
id = "bad-enum"
name = "Bad enum"
extends = "amazon-us"
[images.main]
fit = { value = "stretch", source = "listingkit" }
""")
    with pytest.raises(SpecError) as err:
        Registry(extra=[path]).get("bad-enum")
    assert str(path) in str(err.value)
    assert "images.main.fit" in str(err.value) and "stretch" in str(err.value)


def test_a_broken_override_of_a_parent_is_blamed_on_the_users_file(tmp_path: Path) -> None:
    """A user's file is checked when the registry loads, before the built-in specs that extend
    the one it changes: the error names that file, not amazon-de.toml."""
    path = _write(tmp_path / "us.toml", """
id = "amazon-us"
[images.main]
fit = { value = "stretch", source = "listingkit" }
""")
    with pytest.raises(SpecError) as err:
        Registry(extra=[path]).get("amazon-de")
    assert str(err.value).startswith(f"{path}: images.main.fit")
    assert "amazon-de" not in str(err.value)
    Registry().get("amazon-de")  # untouched, it loads


@pytest.mark.parametrize("text,message", [
    ("id = 5\n", "id: must be a string, got 5"),
    ('id = "x"\n', "missing required key 'name'"),
    ('id = "x"\nname = "X"\nextends = "nope"\n', "extends unknown marketplace 'nope'"),
    ('id = "amazon-us"\n[score.weights]\ncompliance = "x"\n',
     "score.weights.compliance: must be a number, got 'x'"),
    ('id = "amazon-us"\n[score]\nerror_cap = "x"\n', "score.error_cap: must be a number, got 'x'"),
    ('id = "amazon-us"\n[score]\nweigths = { length = 1 }\n',
     "unknown key 'score.weigths' (did you mean 'weights'?)"),
    ('id = "amazon-us"\n[score.weights]\nlength = nan\n',
     "score.weights.length: must be a finite number, got nan"),
])
def test_a_bad_spec_file_stops_every_command(run: Run, tmp_path: Path, text: str,
                                            message: str) -> None:
    """A --spec file is checked whatever marketplace the command uses, and the one-line error
    names the file and the key."""
    path = _write(tmp_path / "my.toml", text)
    catalogue = _write(tmp_path / "c.csv", "sku,title\nA-1,Acme Steel Water Bottle 1 l\n")
    for args in (("platforms",), ("check", str(catalogue), "-p", "ebay"),
                 ("score", str(catalogue), "-p", "ebay")):
        result = run(*args, "--spec", str(path))
        assert result.exit_code == 2, (args, result.output)
        assert result.output == f"Error: {path}: {message}\n", args


def test_a_bad_override_in_config_names_the_config_file(run: Run, tmp_path: Path) -> None:
    config = _write(tmp_path / "listingkit.toml", "[marketplaces.amazon-us.fields.title]\n"
                    'max_chars = { value = "x", source = "amz-title-rules" }\n')
    result = run("platforms", "ebay")
    assert result.exit_code == 2
    assert result.output == (f"Error: {config} [marketplaces.amazon-us]: "
                             "fields.title.max_chars.value: must be a whole number, got 'x'\n")


def test_extends_loop_is_a_spec_error(tmp_path: Path) -> None:
    a = _write(tmp_path / "loop-a.toml", 'id = "loop-a"\nname = "A"\nextends = "loop-b"\n')
    b = _write(tmp_path / "loop-b.toml", 'id = "loop-b"\nname = "B"\nextends = "loop-a"\n')
    with pytest.raises(SpecError) as err:
        Registry(extra=[a, b]).get("loop-a")
    message = str(err.value)
    assert "extends" in message and "loop-a" in message and "loop-b" in message


def test_extends_unknown_names_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "orphan.toml", 'id = "orphan"\nname = "O"\nextends = "amazon-zz"\n')
    with pytest.raises(SpecError) as err:
        Registry(extra=[path]).get("orphan")
    assert str(path) in str(err.value) and "amazon-zz" in str(err.value)


def test_invalid_toml_names_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "broken.toml", 'id = "broken"\nname = \n')
    with pytest.raises(SpecError) as err:
        Registry(extra=[path])
    assert str(path) in str(err.value)


# --- the platforms command -------------------------------------------------------------------


@pytest.fixture()
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.chdir(tmp_path)  # no stray listingkit.toml from the checkout
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


def test_platforms_lists_every_id(run: Run, registry: Registry) -> None:
    result = run("platforms")
    assert result.exit_code == 0, result.output
    listed = {line.split()[0] for line in result.output.splitlines()[1:] if line.strip()}
    assert set(registry.ids()) <= listed
    assert "amazon-jp" in result.output and "500 B?" in result.output


def test_platforms_json_list(run: Run, registry: Registry) -> None:
    result = run("platforms", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["id"] for r in rows] == registry.ids()
    by_id = {r["id"]: r for r in rows}
    assert by_id["ebay"]["title_max"] == 80
    assert by_id["walmart"]["main_image_px"] == [2200, 2200]


@pytest.mark.parametrize("ident", sorted(REQUIRED_IDS))
def test_platforms_id_json_is_valid(run: Run, ident: str) -> None:
    result = run("platforms", ident, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["id"] == ident
    assert doc["language"]["value"] and doc["sources"]
    assert doc["fields"]["title"]["max_chars"]["value"] > 0


def test_platforms_id_text_shows_sources(run: Run) -> None:
    result = run("platforms", "amazon-de")
    assert result.exit_code == 0, result.output
    assert "language = 'de'" in result.output
    assert "fields.title.max_chars = 200 chars  [amz-title-rules, 2025-01-21]" in result.output
    assert "[uncertain]" in result.output


def test_platforms_with_spec_option(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path / "etsy-strict.toml", """
id = "etsy"
[fields.title]
max_chars = { value = 100, unit = "chars", source = "etsy-api", note = "house rule" }
""")
    new = _write(tmp_path / "amazon-nl.toml", """
id = "amazon-nl"
name = "Amazon.nl (Netherlands)"
extends = "amazon-de"
language = { value = "nl", source = "amz-uk-detail-page-rules" }
""")
    result = run("platforms", "--spec", str(path), "--spec", str(new), "--format", "json")
    assert result.exit_code == 0, result.output
    by_id = {r["id"]: r for r in json.loads(result.output)}
    assert by_id["etsy"]["title_max"] == 100
    assert by_id["amazon-nl"]["language"] == "nl"
    one = json.loads(run("platforms", "etsy", "--spec", str(path), "--format", "json").output)
    assert one["origin"] == str(path)


def test_platforms_unknown_id_is_one_line_error(run: Run) -> None:
    result = run("platforms", "amazon-dee")
    assert result.exit_code == 2
    assert "amazon-de" in result.output and "Traceback" not in result.output


def test_platforms_bad_spec_file_is_one_line_error(run: Run, tmp_path: Path) -> None:
    path = _write(tmp_path / "bad.toml", 'id = "bad"\nname = "Bad"\nextends = "amazon-us"\n'
                                         '[images.main]\nfit = { value = "stretch", '
                                         'source = "listingkit" }\n')
    result = run("platforms", "--spec", str(path))
    assert result.exit_code == 2
    assert str(path) in result.output and "images.main.fit" in result.output
