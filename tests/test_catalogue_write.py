"""Writing catalogues: every format round-trips, exports are spreadsheet-safe, writes are atomic."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listingkit.catalogue import Catalogue, write_catalogue
from listingkit.catalogue.writer import FORMULA_TRIGGERS, escape_formula
from listingkit.errors import ConfigError, OutputError
from listingkit.listing import Listing


def sample() -> list[Listing]:
    return [
        Listing(sku="A-1", title="Acme Steel Bottle, 500 ml", brand="Acme",
                bullets=["Leak proof", "Keeps cold 24 h", "BPA free"], description="Steel.",
                search_terms="flask thermos", attributes={"color": "Blue", "Capacity": "500 ml"},
                images=["http://x/1.jpg", "http://x/2.jpg"]),
        Listing(sku="A-2", title="=HYPERLINK(\"http://evil\")", brand="Acme",
                attributes={"color": "Red"}),
    ]


def comparable(item: Listing) -> dict:
    record = item.to_record()
    record.pop("source")
    return record


@pytest.mark.parametrize("name,to", [
    ("out.jsonl", None), ("out.json", None), ("out.csv", None), ("out.tsv", None),
    ("out.xlsx", None), ("flat.txt", "amazon"), ("flat.xlsx", "amazon"),
    ("feed.tsv", "google-merchant"), ("ebay.csv", "ebay"),
])
def test_round_trip_keeps_every_field(tmp_path: Path, name: str, to: str | None) -> None:
    out = tmp_path / name
    items = sample()
    count = write_catalogue(lambda: iter(items), out, to=to, escape_formulas=False)
    assert count == 2
    back = list(Catalogue(out))
    assert [comparable(b) for b in back] == [comparable(i) for i in items]


def test_shopify_round_trip_with_variants(tmp_path: Path) -> None:
    item = Listing(sku="mug", title="Mug", brand="Acme", description="<p>Nice</p>",
                   images=["http://x/1.jpg", "http://x/2.jpg", "http://x/3.jpg"],
                   variants=[{"sku": "MUG-S", "option1_name": "Size", "option1_value": "S"},
                             {"sku": "MUG-M", "option1_value": "M"}])
    out = tmp_path / "shop.csv"
    write_catalogue(lambda: iter([item]), out, to="shopify")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 3  # two variants, one extra image row
    assert [r["Handle"] for r in rows] == ["mug"] * 3
    assert rows[1]["Title"] == "" and rows[2]["Image Src"] == "http://x/3.jpg"
    [back] = list(Catalogue(out))
    assert back.variants == item.variants and back.images == item.images


def test_formula_cells_are_escaped_by_default(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    write_catalogue(lambda: iter(sample()), out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[1]["title"] == "'=HYPERLINK(\"http://evil\")"


def test_xlsx_export_never_stores_a_formula(tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "out.xlsx"
    write_catalogue(lambda: iter(sample()), out)
    sheet = openpyxl.load_workbook(out).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert all(not str(v).startswith("=") for v in values)
    assert any(c.data_type == "f" for row in sheet.iter_rows() for c in row) is False


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_escape_property(value: str) -> None:
    escaped = escape_formula(value)
    assert not escaped.startswith(FORMULA_TRIGGERS)
    assert escaped == value or escaped == "'" + value


def test_atomic_write_leaves_old_output_untouched_on_error(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")

    def broken():
        yield sample()[0]
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_catalogue(broken, out)
    assert out.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temp file left


def test_xlsx_control_character_is_a_named_error(tmp_path: Path) -> None:
    item = Listing(sku="C-1", title="bad\x0bchar")
    with pytest.raises(OutputError, match="SKU 'C-1' field 'title'"):
        write_catalogue(lambda: iter([item]), tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_missing_output_folder_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_catalogue(lambda: iter(sample()), tmp_path / "nope" / "out.csv")
    with pytest.raises(ConfigError, match="did you mean 'jsonl'"):
        write_catalogue(lambda: iter(sample()), tmp_path / "out.x", to="jsnl")


def test_convert_command(run, write, tmp_path: Path) -> None:
    src = write("in.csv", "sku,title,brand\nS-1,Bottle,Acme\nS-2,@SUM(A1),Acme\n")
    result = run("convert", src, "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [x["sku"] for x in lines] == ["S-1", "S-2"]
    assert set(lines[0]) == {"sku", "title", "brand", "bullets", "description", "search_terms",
                             "attributes", "images", "variants", "source"}
    result = run("convert", src, "-o", tmp_path / "out.csv")
    assert "'@SUM(A1)" in (tmp_path / "out.csv").read_text()
    result = run("convert", src, "-o", tmp_path / "raw.csv", "--no-escape-formulas")
    assert ",@SUM(A1)," in (tmp_path / "raw.csv").read_text()


def test_convert_bad_input_is_one_line_exit_2(run, write, tmp_path: Path) -> None:
    src = write("bad.csv", "sku,title\nS-1,a,b\n")
    out = tmp_path / "out.jsonl"
    out.write_text("keep me")
    result = run("convert", src, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "bad.csv:2: ragged row" in result.stderr and "Traceback" not in result.stderr
    assert out.read_text() == "keep me"
