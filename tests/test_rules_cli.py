"""``listingkit rules``, the README rule table, the lexicons the rules read, image checks."""

from __future__ import annotations

import json
import re
import struct
import unicodedata
import zlib
from pathlib import Path

import pytest

from listingkit.rules import builtin_rules
from listingkit.rules.docs import table_markdown

ROOT = Path(__file__).resolve().parents[1]
LISTS = ("promotional", "subjective", "placeholder", "guarantee", "temporary", "contact",
         "function_words")


def test_rules_lists_every_rule_with_code_name_severity(run) -> None:  # type: ignore[no-untyped-def]
    out = run("rules").stdout
    for code, cls in builtin_rules().items():
        assert re.search(rf"^  {code}\s+{re.escape(cls.name)}\s+{cls.severity}\s", out, re.MULTILINE)
    assert "IMG004" in out  # image rules of the compliance module are listed too


def test_rules_explains_with_marketplace_source(run) -> None:  # type: ignore[no-untyped-def]
    result = run("rules", "T005", "--platform", "amazon-us")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("T005 title.word-repeat (error, title)")
    assert "Why: Amazon suppresses titles" in out and "How to fix:" in out
    assert "fields.title.max_word_repeats = 2 (amazon-us)" in out
    assert "source: https://sellercentral-europe.amazon.com/" in out and "as of 2025-01-21" in out
    assert "Fails: {title" in out and "Passes: {title" in out
    by_name = run("rules", "title.word-repeat").stdout
    assert by_name.startswith("T005") and "--platform ID" in by_name


def test_rules_unknown_code_exits_2(run) -> None:  # type: ignore[no-untyped-def]
    result = run("rules", "title.word-repaet")
    assert result.exit_code == 2 and "did you mean" in result.stderr


def test_rules_json(run) -> None:  # type: ignore[no-untyped-def]
    items = json.loads(run("rules", "--format", "json").stdout)
    assert {i["code"] for i in items} >= set(builtin_rules())
    assert all(i["summary"] and i["severity"] for i in items)


def test_markdown_table_matches_cli_and_covers_every_rule(run) -> None:  # type: ignore[no-untyped-def]
    table = table_markdown()
    assert run("rules", "--format", "markdown").stdout == table
    for code in builtin_rules():
        assert f"| `{code}` |" in table


def test_readme_rule_table_in_step() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text("utf-8") if readme.is_file() else ""
    match = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", text, re.DOTALL)
    if not match:
        pytest.skip("README.md has no <!-- rules:start --> / <!-- rules:end --> block yet")
    assert match.group(1).strip() == table_markdown().strip(), \
        "regenerate with: listingkit rules --format markdown"


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "it", "ja"])
@pytest.mark.parametrize("name", LISTS)
def test_lexicon_hygiene(lang: str, name: str) -> None:
    path = ROOT / "lexicons" / lang / f"{name}.txt"
    assert path.is_file()
    lines = path.read_text("utf-8").splitlines()
    assert lines == sorted(set(lines)), "sorted, no duplicates"
    for line in lines:
        assert line and line == line.strip() and line == line.lower()
        assert unicodedata.normalize("NFC", line) == line
    if name != "function_words" or lang != "ja":
        assert lines, "only ja function words may be empty"


def _png(path: Path, width: int, height: int, rgb: tuple[int, int, int],
         product: float = 0.0) -> Path:
    """An RGB PNG written by hand (tests never import Pillow): a ``rgb`` background with a
    dark square product covering ``product`` of each side in the middle."""
    margin = int(width * (1 - product) / 2)
    plain = b"\x00" + bytes(rgb) * width
    boxed = b"\x00" + bytes(rgb) * margin + b"\x20\x20\x20" * (width - 2 * margin) \
        + bytes(rgb) * margin
    rows = [boxed if product and margin <= y < height - margin else plain
            for y in range(height)]
    raw = zlib.compress(b"".join(rows))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw)
                     + chunk(b"IEND", b""))
    return path


def test_check_images_folder(run, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "img"
    folder.mkdir()
    _png(folder / "good.png", 1200, 1200, (255, 255, 255), product=0.9)
    _png(folder / "small.png", 300, 300, (255, 255, 255))
    _png(folder / "grey.png", 1200, 1200, (120, 120, 120))
    (tmp_path / "secret.png").write_bytes(b"not for you")
    path = write("l.csv", "sku,title,brand,images\n"
                 "G-1,Acme Steel Bottle 750 ml,Acme,https://cdn.example.com/p/good.png\n"
                 "S-1,Acme Steel Bottle 500 ml,Acme,small.png\n"
                 "W-1,Acme Steel Bottle 1 litre,Acme,grey.png\n"
                 "M-1,Acme Steel Mug 350 ml,Acme,missing.png|../secret.png\n")
    result = run("check", path, "-p", "amazon-us", "--images", folder, "--select", "I,IMG",
                 "-f", "json")
    found = {(f["sku"], f["code"]) for f in json.loads(result.stdout)["findings"]}
    assert not {c for s, c in found if s == "G-1"}
    assert ("S-1", "IMG001") in found and ("W-1", "IMG004") in found
    missing = [f for f in json.loads(result.stdout)["findings"] if f["sku"] == "M-1"]
    assert [f["code"] for f in missing] == ["IMG014", "IMG014"]  # traversal is not followed
    assert result.exit_code == 1
    ignored = run("check", path, "-p", "amazon-us", "--images", folder, "--select", "I,IMG",
                  "--ignore", "IMG004,IMG014", "-f", "json")
    assert "IMG004" not in ignored.stdout and "IMG001" in ignored.stdout
