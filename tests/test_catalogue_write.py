"""Writing catalogues: every format round-trips, exports are spreadsheet-safe, writes are atomic."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listingkit.catalogue import Catalogue, write_catalogue
from listingkit.catalogue.escaping import FORMULA_TRIGGERS, escape_formula
from listingkit.errors import ConfigError, OutputError
from listingkit.listing import Listing, Origin


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


def test_fix_in_place_writes_the_file_back_as_it_was(run, write, tmp_path: Path) -> None:
    """A German Excel export: "sep=;" line, semicolons, CRLF, cp1252, the user's own column
    names mapped in config. --fix --in-place changes the fixed cell and nothing else."""
    config = write("listingkit.toml", '[columns]\n"Artikelnummer" = "sku"\n"Titel" = "title"\n')
    before = ("sep=;\r\nArtikelnummer;Titel;Preis\r\n"
              "A1;Acme Trinkflasche für  Kinder;9,99\r\nA2;Acme Becher;4,50\r\n")
    path = write("katalog.csv", before, encoding="cp1252")
    result = run("--config", config, "check", path, "-p", "amazon-de", "--encoding", "cp1252",
                 "--fix", "--in-place", "--select", "C007")
    assert "Fixed 1 problem" in result.output
    assert path.read_bytes() == before.replace("für  Kinder", "für Kinder").encode("cp1252")
    assert (tmp_path / "katalog.csv~").read_bytes() == before.encode("cp1252")


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_fix_keeps_a_utf8_bom_only_when_the_file_had_one(run, write, bom: bytes) -> None:
    path = write("c.csv", bom + b"sku,name,price\nA1,Acme  Bottle,9.99\n")
    run("check", path, "-p", "amazon-us", "--fix", "--in-place", "--select", "C007")
    assert path.read_bytes() == bom + b"sku,name,price\nA1,Acme Bottle,9.99\n"


def test_written_back_a_field_without_a_column_gets_one(tmp_path: Path, write) -> None:
    path = write("c.csv", "Artikel;Titel\nA1;Acme Bottle\n")
    catalogue = Catalogue(path, columns={"Artikel": "sku", "Titel": "title"})
    [item] = list(catalogue)
    item.search_terms = "flask thermos"
    write_catalogue(lambda: iter([item]), path, flavour_hint=catalogue.flavour)
    assert path.read_text() == "Artikel;Titel;search_terms\nA1;Acme Bottle;flask thermos\n"
    # converting is not writing back: the generic columns, comma-separated UTF-8
    write_catalogue(lambda: iter([item]), tmp_path / "out.csv", flavour_hint="generic")
    assert (tmp_path / "out.csv").read_text().startswith("sku,title,brand,")


def test_a_cell_the_files_encoding_cannot_hold_is_a_named_error(tmp_path: Path, write) -> None:
    path = write("c.csv", "sku,title\nA1,Acme Bottle\n", encoding="cp1252")
    catalogue = Catalogue(path, encoding="cp1252")
    [item] = list(catalogue)
    item.title = "Acme 水筒"
    with pytest.raises(OutputError, match=r"SKU 'A1' field 'title': '水' cannot be written "
                                          r"in the file's encoding cp1252"):
        write_catalogue(lambda: iter([item]), path, flavour_hint=catalogue.flavour)
    assert path.read_bytes() == b"sku,title\nA1,Acme Bottle\n"


def test_fix_keeps_an_amazon_templates_signature_and_its_columns(run, write) -> None:
    """Amazon checks the TemplateType / TemplateSignature row of an upload: --fix writes the
    user's template back, not listingkit's own, with the same columns."""
    before = ("TemplateType=fptcustom\tVersion=2021.1\tTemplateSignature=Qk9UVExF\n"
              "Seller SKU\tProduct Name\tBrand Name\tColour\n"
              "item_sku\titem_name\tbrand_name\tcolor_name\n"
              "B-1\tAcme Bottle  500 ml\tAcme\tBlue\n")
    path = write("flat.txt", before)
    run("check", path, "-p", "amazon-us", "--fix", "--in-place", "--select", "C007")
    assert path.read_text() == before.replace("Bottle  500", "Bottle 500")


def test_a_field_an_amazon_file_lacks_gets_the_templates_column(write) -> None:
    path = write("flat.txt", "item_sku\titem_name\nB-1\tAcme Bottle\n")
    catalogue = Catalogue(path)
    [item] = list(catalogue)
    item.search_terms = "flask thermos"
    write_catalogue(lambda: iter([item]), path, flavour_hint=catalogue.flavour)
    assert path.read_text() == ("item_sku\titem_name\tgeneric_keywords\n"
                                "B-1\tAcme Bottle\tflask thermos\n")


def test_fix_in_place_leaves_unfixed_cells_that_look_like_formulas_alone(run, write) -> None:
    """Escaping is for cells listingkit writes: a bullet "- Keeps drinks cold" that was in the
    file stays as it was (an apostrophe would reach the marketplace); a fixed cell that
    starts a formula is escaped (see also tests/test_export_escaping.py)."""
    before = ('sku,title,bullet_1,notes\n'
              'A1,Acme Bottle  750 ml,- Keeps drinks cold,-5% margin\n'
              'A2,"  =HYPERLINK(""http://x"")  Mug",+ dishwasher safe,=1+1\n')
    path = write("c.csv", before)
    result = run("check", path, "-p", "amazon-us", "--fix", "--in-place", "--select", "C007")
    assert "Fixed 2 problems" in result.output, result.output
    assert path.read_text() == (
        'sku,title,bullet_1,notes\n'
        'A1,Acme Bottle 750 ml,- Keeps drinks cold,-5% margin\n'
        'A2,"\'=HYPERLINK(""http://x"") Mug",+ dishwasher safe,=1+1\n')


def test_optimize_output_leaves_unchanged_cells_as_they_were(run, write, tmp_path) -> None:
    path = write("c.csv", "sku,title,brand,bullet_1\n"
                          "A1,Acme Water Bottle BEST SELLER,Acme,- Keeps drinks cold\n")
    out = tmp_path / "out.csv"
    result = run("optimize", path, "-p", "amazon-us", "-o", out)
    assert result.exit_code == 0, result.output
    written = out.read_text()
    assert "BEST SELLER" not in written and ",- Keeps drinks cold\n" in written


def _amazon_workbook(path: Path) -> None:
    """An Amazon template as sellers download it: sheets beside 'Template', a signature row,
    label and attribute rows, numbers, styles and a drop-down list."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    book.active.title = "Instructions"
    book["Instructions"]["A1"] = "Read me first"
    sheet = book.create_sheet("Template")
    sheet.append(["TemplateType=fptcustom", "Version=2021.1", "TemplateSignature=Qk9UVExF"])
    sheet.append(["Seller SKU", "Product Name", "Brand Name", "Price", "Bullet"])
    sheet.append(["item_sku", "item_name", "brand_name", "standard_price", "bullet_point1"])
    sheet.append(["B-1", "Acme Bottle  500 ml", "Acme", 9.99, "- Keeps drinks cold"])
    sheet.append(["B-2", "Acme Mug", "Acme", 4.5, "+ Dishwasher safe"])
    sheet["B5"].font = Font(italic=True)
    choice = DataValidation(type="list", formula1='"Acme,Other"')
    sheet.add_data_validation(choice)
    choice.add("C4:C100")
    book.create_sheet("Valid Values")["A1"] = "Acme"
    book.save(path)


def test_fix_in_place_changes_only_the_fixed_cell_of_a_workbook(run, tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "flat.xlsx"
    _amazon_workbook(path)
    result = run("check", path, "-p", "amazon-us", "--fix", "--in-place", "--select", "C007")
    assert "Fixed 1 problem" in result.output, result.output
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Instructions", "Template", "Valid Values"]
    sheet = book["Template"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)][:2] == [
        ["TemplateType=fptcustom", "Version=2021.1", "TemplateSignature=Qk9UVExF", None, None],
        ["Seller SKU", "Product Name", "Brand Name", "Price", "Bullet"]]
    assert [c.value for c in sheet[4]] == ["B-1", "Acme Bottle 500 ml", "Acme", 9.99,
                                           "- Keeps drinks cold"]
    assert sheet["D5"].value == 4.5 and sheet["D5"].data_type == "n"  # (still a number)
    assert sheet["B5"].font.i and str(sheet.data_validations.dataValidation[0].sqref) == "C4:C100"
    assert book["Instructions"]["A1"].value == "Read me first"
    with (tmp_path / "flat.xlsx~").open("rb") as backup:
        assert openpyxl.load_workbook(backup)["Template"]["B4"].value == "Acme Bottle  500 ml"


def test_a_workbook_written_back_keeps_its_macros_and_gains_missing_columns(tmp_path: Path
                                                                             ) -> None:
    import zipfile

    plain, path = tmp_path / "plain.xlsx", tmp_path / "flat.xlsm"
    _amazon_workbook(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"macro bytes")
    catalogue = Catalogue(path)
    items = list(catalogue)
    read = {id(items[0]): dataclasses.replace(items[0])}
    items[0].search_terms = "=flask thermos"
    write_catalogue(lambda: iter(items), path, flavour_hint=catalogue.flavour,
                    read_as=lambda listing: read.get(id(listing), listing))
    with zipfile.ZipFile(path) as archive:
        assert archive.read("xl/vbaProject.bin") == b"macro bytes"
    import openpyxl

    sheet = openpyxl.load_workbook(path)["Template"]
    assert sheet["F3"].value == "generic_keywords"
    assert sheet["F4"].value == "'=flask thermos" and sheet["F5"].value is None
    assert [listing.search_terms for listing in Catalogue(path)] == ["'=flask thermos", ""]


def test_a_workbook_too_large_to_edit_in_memory_is_refused(run, tmp_path: Path,
                                                           monkeypatch) -> None:
    from listingkit.catalogue import workbook

    path = tmp_path / "flat.xlsx"
    _amazon_workbook(path)
    before = path.read_bytes()
    monkeypatch.setattr(workbook, "MAX_WRITE_BACK_XML", 1000)
    result = run("check", path, "-p", "amazon-us", "--fix", "--in-place", "--select", "C007")
    assert result.exit_code == 2
    assert "too large to write back into its workbook" in result.stderr
    assert "-o fixed.csv" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_a_sheet_with_formulas_is_not_written_back_into_its_workbook(run, tmp_path: Path
                                                                    ) -> None:
    """openpyxl would save the formula without its result: a marketplace reads an empty
    cell. A formula on another sheet is kept (Excel works it out on opening)."""
    import zipfile

    import openpyxl

    def workbook(path: Path, formula_sheet: str) -> None:
        book = openpyxl.Workbook()
        book.active.title = "Listings"
        book["Listings"].append(["sku", "title", "price", "double"])
        book["Listings"].append(["A1", "Acme  Bottle", 9.99, "=C2*2" if formula_sheet ==
                                 "Listings" else ""])
        book.create_sheet("Notes")["A1"] = "=1+1" if formula_sheet == "Notes" else "x"
        plain = path.with_suffix(".tmp")
        book.save(plain)
        with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as dst:
            for item in src.infolist():  # (with the result Excel would have saved)
                dst.writestr(item, src.read(item).replace(b"<v />", b"<v>19.98</v>"))

    inside, beside = tmp_path / "inside.xlsx", tmp_path / "beside.xlsx"
    workbook(inside, "Listings")
    workbook(beside, "Notes")
    before = inside.read_bytes()
    result = run("check", inside, "-p", "amazon-us", "--fix", "--in-place", "--select", "C007")
    assert result.exit_code == 2 and "holds formulas (D2)" in result.stderr, result.output
    assert inside.read_bytes() == before
    result = run("check", beside, "-p", "amazon-us", "--fix", "--in-place", "--select", "C007")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(beside)
    assert book["Listings"]["B2"].value == "Acme Bottle" and book["Notes"]["A1"].value == "=1+1"
    assert book.calculation.fullCalcOnLoad


SHOPIFY = ("Handle,Title,Body (HTML),Vendor,Tags,Published,Option1 Name,Option1 Value,"
           "Variant SKU,Variant Grams,Variant Price,Variant Barcode,Image Src,Image Position,"
           "Status,Custom Column\r\n"
           "acme-mug,Acme  Ceramic Mug,<p>Nice mug</p>,Acme,\"mug, ceramic\",TRUE,Color,White,"
           "MUG-W,350,9.99,4006381333931,https://x/1.jpg,1,active,keep me\r\n"
           "acme-mug,,,,,,,Black,MUG-B,350,9.99,4006381333931,https://x/2.jpg,2,,\r\n"
           "acme-mug,,,,,,,,,,,,https://x/3.jpg,3,,\r\n")


def test_a_shopify_export_is_written_back_cell_for_cell(run, write) -> None:
    """Written from the template, it lost "Image Position" (not read), moved columns and
    gained empty template columns ("Variant Inventory Qty", "SEO Description") that clear
    data on import. Now only the fixed cell changes."""
    path = write("products.csv", SHOPIFY)
    result = run("check", path, "-p", "shopify", "--fix", "--in-place", "--select", "C007")
    assert "Fixed 1 problem" in result.output, result.output
    assert path.read_bytes() == SHOPIFY.replace("Acme  Ceramic", "Acme Ceramic").encode()


def test_an_ebay_file_written_back_keeps_its_action(run, write) -> None:
    """The template writes Action "Add": a fixed "Revise" file would have listed every item
    again."""
    before = ("Action(SiteID=US|Country=US|Currency=USD|Version=1193),CustomLabel,Title,"
              "Description,C:Brand,StartPrice\r\n"
              "Revise,E-1,Acme  Mug,A mug,Acme,9.99\r\n")
    path = write("revise.csv", before)
    run("check", path, "-p", "ebay", "--fix", "--in-place", "--select", "C007")
    assert path.read_bytes() == before.replace("Acme  Mug", "Acme Mug").encode()


def test_a_patched_file_gains_a_column_for_a_new_field_and_refuses_a_row_field(write) -> None:
    path = write("products.csv", SHOPIFY)
    catalogue = Catalogue(path)
    [item] = list(catalogue)
    read = dataclasses.replace(item, attributes=dict(item.attributes),
                               variants=[dict(v) for v in item.variants])
    item.search_terms = "=cup tea"
    write_catalogue(lambda: iter([item]), path, flavour_hint=catalogue.flavour,
                    read_as=lambda listing: read)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",Custom Column,search_terms")
    assert lines[1].endswith(",keep me,'=cup tea") and lines[2].endswith(",,")
    item.variants[1]["gtin"] = "04006381333931"
    before = path.read_bytes()
    with pytest.raises(OutputError, match=r"SKU 'acme-mug' field 'variants' changed"):
        write_catalogue(lambda: iter([item]), path, flavour_hint=catalogue.flavour,
                        read_as=lambda listing: read)
    assert path.read_bytes() == before


_CELL = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
                max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_CELL, _CELL, _CELL), min_size=1, max_size=4), st.booleans())
def test_a_file_written_back_with_one_fix_keeps_every_other_cell(
        tmp_path_factory, rows: list[tuple[str, str, str]], shopify: bool) -> None:
    """Any cells (quotes, commas, line breaks, formula starts, any script): written back after
    one title changed, every other cell reads back as it was, in a generic CSV and in a
    Shopify export (patched cell by cell)."""
    folder = tmp_path_factory.mktemp("w")
    path = folder / "c.csv"
    header = ["Handle", "Title", "Vendor", "Notes"] if shopify else ["sku", "title", "brand",
                                                                      "notes"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i, (title, brand, notes) in enumerate(rows):
            writer.writerow([f"S{i}", f"T {title}", brand, notes])
    catalogue = Catalogue(path)
    items = list(catalogue)
    read = {id(x): dataclasses.replace(x, attributes=dict(x.attributes)) for x in items}
    items[0].title = "Fixed title"
    write_catalogue(lambda: iter(items), path, flavour_hint=catalogue.flavour,
                    read_as=lambda listing: read[id(listing)])
    with path.open(encoding="utf-8", newline="") as handle:
        back = list(csv.reader(handle))
    assert back[0] == header
    expected = [[f"S{i}", "Fixed title" if i == 0 else f"T {t}", b, n]
                for i, (t, b, n) in enumerate(rows)]
    assert back[1:] == expected


def test_a_patched_cell_the_files_encoding_cannot_hold_is_a_named_error(write) -> None:
    path = write("products.csv", "Handle,Title,Vendor\r\nacme-mug,Acme Mug,Acme\r\n",
                 encoding="cp1252")
    catalogue = Catalogue(path, encoding="cp1252")
    [item] = list(catalogue)
    read = dataclasses.replace(item, attributes=dict(item.attributes))
    item.title = "Acme 水筒"
    with pytest.raises(OutputError, match=r"products.csv:2: SKU 'acme-mug' field 'Title': "
                                          r"'水' cannot be written in the file's encoding"):
        write_catalogue(lambda: iter([item]), path, flavour_hint=catalogue.flavour,
                        read_as=lambda listing: read)
    assert path.read_bytes() == b"Handle,Title,Vendor\r\nacme-mug,Acme Mug,Acme\r\n"


@pytest.mark.parametrize("item", [
    *sample(),
    Listing(sku="V", variants=[{"size": "S"}, {"size": "M", "color": "Red"}],
            source=Origin("c.csv", 7)),
    Listing(sku=""),
])
def test_the_jsonl_record_is_every_field_in_order_as_copies(item: Listing) -> None:
    """to_record is made field by field (asdict was half of writing JSONL): the same dict as
    asdict gives, source as {file, row}, in the fields' order (JSONL lines keep it), and
    copies: changing the record leaves the listing alone. A field added to Listing fails here
    until to_record writes it."""
    record = item.to_record()
    expected = dataclasses.asdict(item)
    expected["source"] = dataclasses.asdict(item.source) if item.source else None
    assert list(record) == [f.name for f in dataclasses.fields(Listing)]
    assert record == expected
    assert json.dumps(record) == json.dumps(expected)
    record["bullets"].append("x")
    record["attributes"]["x"] = "y"
    for variant in record["variants"]:
        variant["x"] = "y"
    assert "x" not in item.bullets and "x" not in item.attributes
    assert all("x" not in v for v in item.variants)
    assert Listing.from_record(item.to_record(), item.source) == item
