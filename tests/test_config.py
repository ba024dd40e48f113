"""Project configuration: discovery, validation with suggestions, flags over config."""

from __future__ import annotations

from pathlib import Path

import pytest

from listingkit.config import load_config
from listingkit.errors import ConfigError


def test_found_upward_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.listingkit]\nplatform = "amazon-de"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    config = load_config(start=deep)
    assert config.get("platform") == "amazon-de" and config.path == tmp_path / "pyproject.toml"
    assert config.pick("ebay", "platform") == "ebay"
    assert config.pick(None, "platform") == "amazon-de"


def test_listingkit_toml_wins_and_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "listingkit.toml").write_text('platform = "etsy"\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(start=sub).get("platform") == "etsy"


def test_no_config_is_empty(tmp_path: Path) -> None:
    assert load_config(start=tmp_path).values == {}


@pytest.mark.parametrize("text,fragment", [
    ('platfrom = "ebay"\n', "unknown key 'platfrom' (did you mean 'platform'?)"),
    ('[check]\nfail_onn = "error"\n', "unknown key 'check.fail_onn' (did you mean 'fail_on'?)"),
    ('[check]\nfail_on = "sometimes"\n', "check.fail_on"),
    ('platform = 3\n', "platform"),
    ('platform = "x\n', "invalid TOML"),
])
def test_invalid_config_names_the_key(tmp_path: Path, text: str, fragment: str) -> None:
    (tmp_path / "listingkit.toml").write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(start=tmp_path)
    assert fragment in str(err.value) and "listingkit.toml" in str(err.value)


def test_marketplace_override_from_config(run, tmp_path: Path) -> None:
    (tmp_path / "listingkit.toml").write_text(
        '[marketplaces.amazon-us.fields.title]\n'
        'max_chars = { value = 75, unit = "chars", source = "amz-title-rules", '
        'note = "the reported 2026 limit" }\n')
    result = run("platforms", "amazon-us", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"value": 75' in result.stdout


def test_bad_config_through_cli_is_one_line(run, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.listingkit]\nplatfom = "x"\n')
    result = run("platforms")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "did you mean 'platform'" in result.stderr
