"""Reading the catalogues operators really have: flavours, encodings, malformed input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from listingkit.catalogue import Catalogue
from listingkit.errors import InputError

AMAZON_HEADER = (
    "TemplateType=fptcustom\tVersion=2021.1\tTemplateSignature=Qk9UVExF\n"
    "Seller SKU\tProduct Name\tBrand Name\tKey Product Features\tKey Product Features\t"
    "Product Description\tSearch Terms\tMain Image URL\tColour\tExternal Product ID\n"
    "item_sku\titem_name\tbrand_name\tbullet_point1\tbullet_point2\tproduct_description\t"
    "generic_keywords\tmain_image_url\tcolor_name\texternal_product_id\n"
)


def listings(path: Path, **kw: object) -> list:
    return list(Catalogue(path, **kw))


def test_amazon_flat_file_with_template_rows(write) -> None:
    path = write("flat.txt", AMAZON_HEADER + "B-1\tAcme Bottle 500 ml\tAcme\tLeak proof\t"
                 "BPA free\tA bottle.\tflask thermos\thttp://x/1.jpg\tBlue\t0012345678905\n")
    cat = Catalogue(path)
    [item] = list(cat)
    assert cat.flavour.id == "amazon"
    assert (item.sku, item.title, item.brand) == ("B-1", "Acme Bottle 500 ml", "Acme")
    assert item.bullets == ["Leak proof", "BPA free"]
    assert item.search_terms == "flask thermos"
    assert item.images == ["http://x/1.jpg"]
    assert item.attributes == {"color": "Blue", "gtin": "0012345678905"}
    assert (item.source.file, item.source.row) == (str(path), 4)


def test_amazon_flat_file_without_template_rows_as_csv(write) -> None:
    body = AMAZON_HEADER.split("\n")[2].replace("\t", ",") + "\nB-2,Title,Brand,,,,,,,\n"
    [item] = listings(write("flat.csv", body))
    assert item.sku == "B-2" and item.source.row == 2


def test_shopify_rows_sharing_a_handle_are_one_listing_with_variants(write) -> None:
    path = write("products.csv",
                 "Handle,Title,Body (HTML),Vendor,Type,Option1 Name,Option1 Value,Variant SKU,"
                 "Variant Barcode,Image Src\n"
                 "mug,Big Mug,<p>Stoneware</p>,Acme,Mug,Size,S,MUG-S,4006381333931,http://x/1.jpg\n"
                 "mug,,,,,,M,MUG-M,,http://x/2.jpg\n"
                 ",,,,,,,,,\n"
                 "cap,Cap,,Acme,Hat,,,CAP-1,,\n")
    cat = Catalogue(path)
    items = list(cat)
    assert cat.flavour.id == "shopify"
    assert [i.sku for i in items] == ["mug", "", "cap"] or [i.sku for i in items] == ["mug", "cap"]
    mug = items[0]
    assert mug.title == "Big Mug" and mug.brand == "Acme"
    assert mug.attributes["product_type"] == "Mug"
    assert [v["sku"] for v in mug.variants] == ["MUG-S", "MUG-M"]
    assert mug.variants[0]["gtin"] == "4006381333931"
    assert mug.images == ["http://x/1.jpg", "http://x/2.jpg"]


def test_ebay_file_exchange(write) -> None:
    path = write("ebay.csv",
                 "*Action(SiteID=US|Country=US|Currency=USD|Version=1193),CustomLabel,*Title,"
                 "*Description,PicURL,C:Brand,C:Color\n"
                 "Add,E-1,Acme Mug,<b>Nice</b>,http://x/1.jpg|http://x/2.jpg,Acme,Red\n")
    cat = Catalogue(path)
    [item] = list(cat)
    assert cat.flavour.id == "ebay"
    assert (item.sku, item.brand, item.attributes["color"]) == ("E-1", "Acme", "Red")
    assert item.images == ["http://x/1.jpg", "http://x/2.jpg"]


def test_google_merchant_tsv_with_repeated_highlights(write) -> None:
    path = write("feed.tsv", "id\ttitle\tdescription\tlink\timage_link\tbrand\tgtin\t"
                 "product_highlight\tproduct_highlight\n"
                 "G-1\tMug\tA mug\thttp://s/1\thttp://x/1.jpg\tAcme\t4006381333931\tDishwasher safe"
                 "\tMicrowave safe\n")
    cat = Catalogue(path)
    [item] = list(cat)
    assert cat.flavour.id == "google-merchant"
    assert item.bullets == ["Dishwasher safe", "Microwave safe"]
    assert item.attributes["gtin"] == "4006381333931"


def test_generic_csv_fields_and_attributes_under_their_own_names(write) -> None:
    path = write("cat.csv", "sku,title,brand,bullet_1,bullet_2,images,Capacity,pack_count\n"
                 "S-1,Bottle,Acme,One,Two,a.jpg|b.jpg,500 ml,2\n")
    [item] = listings(path)
    assert item.bullets == ["One", "Two"] and item.images == ["a.jpg", "b.jpg"]
    assert item.attributes == {"Capacity": "500 ml", "pack_count": "2"}


def test_semicolon_csv_is_sniffed(write) -> None:
    [item] = listings(write("de.csv", "sku;title;brand\nS-1;Trinkflasche, 500 ml;Acme\n"))
    assert item.title == "Trinkflasche, 500 ml"


def test_column_mapping_from_config(write) -> None:
    path = write("odd.csv", "Artikelnummer,Produktname,Farbe\nA-1,Flasche,blau\n")
    [item] = listings(path, columns={"Artikelnummer": "sku", "Produktname": "title",
                                     "Farbe": "attr:color"})
    assert (item.sku, item.title, item.attributes) == ("A-1", "Flasche", {"color": "blau"})


@pytest.mark.parametrize("encoding,text", [
    ("utf-8-sig", "Trinkflasche für Kinder"),
    ("utf-16", "Trinkflasche für Kinder"),
    ("cp1252", "Café – 100 % Baumwolle"),
    ("cp932", "ステンレス ボトル ①"),
    ("gb18030", "不锈钢保温杯"),
])
def test_encodings(write, encoding: str, text: str) -> None:
    path = write("enc.csv", f"sku,title\nS-1,{text}\n", encoding=encoding)
    explicit = None if encoding.startswith("utf") else encoding
    [item] = listings(path, encoding=explicit)
    assert item.title == text


def test_undecodable_bytes_name_file_line_and_offset(write) -> None:
    path = write("latin.csv", "sku,title\nS-1,ok\nS-2,Caf\xe9\n", encoding="latin-1")
    with pytest.raises(InputError) as err:
        listings(path)
    message = str(err.value)
    assert f"{path}:3:" in message and "byte offset 24" in message and "e9" in message


@pytest.mark.parametrize("body,fragment", [
    ('sku,title\nS-1,"unclosed\n', "unclosed quote"),
    ("sku,title\nS-1,a,b\n", "ragged row"),
    ("sku,title,title\nS-1,a,b\n", "duplicate header"),
    ("colour,price\nx,1\n", "no SKU or title column"),
    ("name,price\nx,1\n", "no SKU column"),  # ("name" is a title: WooCommerce, Magento)
    ("sku,price\nx,1\n", "no title column"),
    ("sku,title\nS-1,a\x00b\n", "NUL"),
    (",title\nS-1,a\n", "empty header"),
])
def test_malformed_csv_is_one_line_error_with_location(write, body: str, fragment: str) -> None:
    path = write("bad.csv", body)
    with pytest.raises(InputError) as err:
        listings(path)
    assert fragment in str(err.value)
    assert str(err.value).startswith(f"{path}:")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text,fragment", [
    ('[{"sku": "a", "title": NaN}]', "NaN"),
    ('[{"sku": "a", "sku": "b", "title": "t"}]', "duplicate key 'sku'"),
    ('[{"sku": "a", "title": "t"', "invalid JSON"),
    ("42", "expected a JSON array"),
    ('[{"sku": "a", "title": {"x": 1}}]', "must be text"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('[{"sku": ' + "9" * 50_000 + "}]", "invalid JSON"),
])
def test_malformed_json(write, text: str, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        listings(write("bad.json", text))
    assert fragment in str(err.value)


def test_jsonl_round_trip_record_model(write) -> None:
    record = {"sku": "J-1", "title": "T", "brand": "B", "bullets": ["x"], "description": "d",
              "search_terms": "s", "attributes": {"color": "red"}, "images": ["i.jpg"],
              "variants": [], "source": None}
    path = write("in.jsonl", json.dumps(record) + "\n\n" + json.dumps({**record, "sku": "J-2"}))
    items = listings(path)
    assert [i.sku for i in items] == ["J-1", "J-2"]
    assert items[1].source.row == 3
    assert {k: v for k, v in items[0].to_record().items() if k != "source"} == \
        {k: v for k, v in record.items() if k != "source"}


def test_jsonl_bad_line_named(write) -> None:
    with pytest.raises(InputError, match=r"in\.jsonl:2: invalid JSON"):
        listings(write("in.jsonl", '{"sku": "a", "title": "t"}\n{"sku": \n'))


def test_broken_xlsx_and_not_a_zip(write) -> None:
    with pytest.raises(InputError, match="not an XLSX file"):
        listings(write("fake.xlsx", b"sku,title\nA,B\n"))
    import zipfile

    path = write("broken.xlsx", b"")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<nonsense")
    with pytest.raises(InputError, match="broken XLSX"):
        listings(path)


def test_xlsx_zip_bomb_refused_before_inflating(write) -> None:
    import zipfile

    path = write("bomb.xlsx", b"")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * 60_000_000)
    with pytest.raises(InputError, match="zip bomb"):
        listings(path)


def test_xlsx_reads_visible_template_sheet_and_numbers(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Instructions"
    book.active.append(["read me"])
    hidden = book.create_sheet("Secret")
    hidden.sheet_state = "hidden"
    sheet = book.create_sheet("Template")
    sheet.append(["item_sku", "item_name", "external_product_id", "item_package_quantity"])
    sheet.append(["X-1", "Mug", 4006381333931, 2.0])
    path = tmp_path / "flat.xlsx"
    book.save(path)
    [item] = listings(path)
    assert item.attributes == {"gtin": "4006381333931", "pack_count": "2"}


def test_stream_is_lazy(write) -> None:
    path = write("big.csv", "sku,title\n" + "".join(f"S-{i},T{i}\n" for i in range(1000))
                 + 'S-x,"unclosed\n')
    stream = iter(Catalogue(path))
    assert next(stream).sku == "S-0"  # the broken row at the end is not read yet


def test_unknown_input_format_suggests(write) -> None:
    with pytest.raises(InputError, match="did you mean 'shopify'"):
        Catalogue(write("a.csv", "sku,title\n"), input_format="shopfy")


def test_generic_header_aliases_feed_the_fields(write) -> None:
    path = write("export.csv", "Product Name,ASIN,Brand Name,Product Description,price\n"
                 "Acme Bottle 500 ml,B000123,Acme,A steel bottle.,9.99\n")
    [item] = listings(path)
    assert (item.sku, item.title, item.brand, item.description) == (
        "B000123", "Acme Bottle 500 ml", "Acme", "A steel bottle.")
    assert item.attributes == {"price": "9.99"}


def test_amazons_all_listings_report_reads_as_listings(write) -> None:
    """GET_MERCHANT_LISTINGS_ALL_DATA, the report sellers download from Seller Central."""
    path = write("report.txt", "item-name\titem-description\tlisting-id\tseller-sku\tprice\t"
                 "image-url\tasin1\nAcme Bottle 500 ml\tA steel bottle.\t0101\tBTL-500\t9.99\t"
                 "https://x/1.jpg\tB000123\n")
    [item] = listings(path)
    assert (item.sku, item.title, item.description, item.images) == (
        "BTL-500", "Acme Bottle 500 ml", "A steel bottle.", ["https://x/1.jpg"])
    assert item.attributes == {"listing-id": "0101", "price": "9.99", "asin1": "B000123"}


def test_an_alias_never_takes_a_field_a_header_names(write) -> None:
    [item] = listings(write("a.csv", "sku,name,title\nS-1,Short,Acme Bottle 500 ml\n"))
    assert item.title == "Acme Bottle 500 ml"
    assert item.attributes == {"name": "Short"}
    # of two aliases, the first in the flavour's list wins; the other stays an attribute
    [item] = listings(write("b.csv", "sku,name,product_name\nS-1,Short,Acme Bottle\n"))
    assert (item.title, item.attributes) == ("Acme Bottle", {"name": "Short"})


def test_the_users_column_mapping_beats_an_alias(write) -> None:
    path = write("c.csv", "sku,name\nS-1,Short\n")
    with pytest.raises(InputError, match="no title column"):
        listings(path, columns={"name": "attr:nickname"})


def test_json_keys_take_the_same_aliases(write) -> None:
    path = write("c.json", json.dumps([{"asin": "B1", "product_name": "Acme Bottle",
                                        "attributes": {"name": "kept"}}]))
    [item] = listings(path)
    assert (item.sku, item.title, item.attributes) == ("B1", "Acme Bottle", {"name": "kept"})
    [item] = listings(write("d.json", json.dumps([{"sku": "S", "title": "T", "name": "N"}])))
    assert (item.title, item.attributes) == ("T", {"name": "N"})


def test_a_file_of_titles_without_skus_reads_when_skus_are_not_required(write) -> None:
    path = write("comp.csv", "product_name,manufacturer\nAcme Bottle 500 ml,Acme\n")
    with pytest.raises(InputError) as err:
        listings(path)
    assert "no SKU column" in str(err.value) and "looked for SKU: sku, seller-sku" in \
        str(err.value)
    [item] = listings(path, require=("title",))
    assert (item.sku, item.title, item.attributes) == ("", "Acme Bottle 500 ml",
                                                        {"manufacturer": "Acme"})


def test_header_aliases_are_well_formed() -> None:
    from listingkit.catalogue.flavours import FIELD_TARGETS, builtin_flavours

    for flavour in builtin_flavours().values():
        names = [a for aliases in flavour.aliases.values() for a in aliases]
        assert set(flavour.aliases) <= set(FIELD_TARGETS), flavour.id
        assert len(names) == len(set(names)), flavour.id  # one field per alias
        assert not set(names) & set(flavour.mapping), flavour.id  # a mapped name is no alias
        assert all(a == a.strip().lower() for a in names), flavour.id  # as headers normalise


def test_split_from_config_reads_packed_bullets(write) -> None:
    """Exports often pack the bullets in one cell ("Keeps cold | Leak-proof"); the config's
    [split] names the separator. Without it the cell is one bullet."""
    path = write("packed.csv", "sku,title,bullets,images\n"
                               "A-1,Bottle,Keeps cold | Leak-proof lid |  | BPA free,a.jpg;b.jpg\n")
    [plain] = listings(path)
    assert plain.bullets == ["Keeps cold | Leak-proof lid |  | BPA free"]
    [item] = listings(path, split={"bullets": " | ", "images": ";"})
    assert item.bullets == ["Keeps cold", "Leak-proof lid", "BPA free"]
    assert item.images == ["a.jpg", "b.jpg"]


@pytest.mark.parametrize(("split", "message"), [({"title": "|"}, "split: 'title'"),
                                                ({"bullets": ""}, "split.bullets")])
def test_split_of_a_field_with_one_value_or_no_separator_is_an_error(write, split, message
                                                                      ) -> None:
    from listingkit.errors import ConfigError

    path = write("packed.csv", "sku,title,bullets\nA-1,Bottle,a|b\n")
    with pytest.raises(ConfigError, match=message):
        listings(path, split=split)


def test_xlsx_with_a_doctype_is_refused_on_one_line(tmp_path: Path) -> None:
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["sku", "title"])
    book.active.append(["A", "B"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    with zipfile.ZipFile(plain) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                   + parts[name])
    path = tmp_path / "doctype.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    with pytest.raises(InputError) as caught:
        listings(path)
    assert str(caught.value).startswith(f"{path}: broken XLSX: ")
    assert "\n" not in str(caught.value)


def test_empty_files_cannot_run(write) -> None:
    for name, data in (("a.csv", b""), ("b.csv", "\ufeff\r\n\n"), ("c.jsonl", "\n\n"),
                       ("d.json", " \n")):
        with pytest.raises(InputError, match=rf"{name}: empty file: no header and no listings"):
            listings(write(name, data))
    assert listings(write("e.csv", "sku,title\n")) == []  # a header alone is 0 listings
    assert listings(write("f.json", "[]")) == []


@pytest.mark.parametrize("chunk", [1 << 16, 16])
def test_bad_bytes_after_cr_line_breaks_name_their_line(write, monkeypatch: pytest.MonkeyPatch,
                                                        chunk: int) -> None:
    """Old Mac exports end lines with a CR alone: a bad byte or a NUL is named at its line, the
    CR in the same read chunk or ending the one before (the first line is 16 bytes)."""
    from listingkit.catalogue import textio

    monkeypatch.setattr(textio, "CHUNK", chunk)
    for bad, fragment in ((b"\xe9", "bytes e9"), (b"\x00", "contains a NUL")):
        path = write("mac.csv", b"sku,title,brand\rS-1,ok,Acme\rS-2,Caf" + bad + b" au lait,Acme\r")
        with pytest.raises(InputError) as err:
            listings(path)
        assert str(err.value).startswith(f"{path}:3: {fragment}")
        path = write("mac.csv", b"sku,title,brand\rS-1,Caf" + bad + b" au lait,Acme\r")
        with pytest.raises(InputError) as err:
            listings(path)
        assert str(err.value).startswith(f"{path}:2: {fragment}")


def test_chunked_lines_are_the_text_in_pieces_and_errors_name_the_same_line(
        write, monkeypatch: pytest.MonkeyPatch) -> None:
    """A JSON array written on one line is one line as long as the file: read ``chunked``, it
    comes in pieces as it is read, and a bad byte or a NUL is still named at its line."""
    from listingkit.catalogue import textio

    monkeypatch.setattr(textio, "CHUNK", 16)
    # (a CR ends the 7th chunk: its line ends there, though the next chunk holds no break)
    body = "a" * 111 + "\r" + "b" * 50 + "\r\n" + "c" * 70 + "\n" + "d" * 40 + "\r" + "e" * 90

    def read(path: Path, chunked: bool) -> list[str]:
        with path.open("rb") as handle:
            return list(textio.decoded_lines(path, handle, "utf-8-sig", chunked))

    path = write("one.json", body)
    pieces = read(path, True)
    assert "".join(pieces) == "".join(read(path, False)) == body
    assert len(pieces) > 10 and max(map(len, pieces)) <= 2 * 16
    for bad in (b"\xe9", b"\x00"):
        for cut in range(0, len(body), 7):
            path = write("bad.json", body[:cut].encode() + bad + body[cut:].encode())
            with pytest.raises(InputError) as whole:
                read(path, False)
            with pytest.raises(InputError) as chunked:
                read(path, True)
            assert str(chunked.value) == str(whole.value)


# JSON arrays are read item by item (listingkit/catalogue/jsonstream.py). The tests shrink the
# read block and textio's read chunk so that items, keys, commas and errors fall across reads.

def _records(count: int) -> list[dict[str, object]]:
    return [{"sku": f"S-{i}", "title": f"Acme Bottle {i}", "bullets": ["Leak proof", "Cold"],
             "attributes": {"color": "Blue", "size": f"{i % 5}00 ml"}} for i in range(count)]


@pytest.fixture
def small_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("listingkit.catalogue.jsonstream.BLOCK", 64)
    monkeypatch.setattr("listingkit.catalogue.textio.CHUNK", 64)


def _json_says(path: Path, text: str) -> str:
    """The error json.loads of the whole text gives, worded as the reader words it."""
    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        if len({key for key, _ in items}) < len(items):
            raise ValueError("duplicate key")
        return dict(items)

    try:
        json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        return f"{path}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})"
    raise AssertionError("the text is JSON")


def _error_of(path: Path) -> str:
    """The one-line error reading ``path`` gives. (In a function of its own: the exception's
    traceback holds the frames it passed, and a test's frame with listings in it would stay
    as garbage, for a later test's count of live listings to find.)"""
    with pytest.raises(InputError) as err:
        listings(path)
    return str(err.value)


@pytest.mark.parametrize("indent", [None, 2, "one per line"])
def test_json_array_items_across_read_blocks(write, small_reads, indent: object) -> None:
    records = _records(300)
    if indent == "one per line":
        text = "[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]\n"
    else:
        text = json.dumps(records, indent=indent)  # type: ignore[arg-type]
    items = listings(write("cat.json", text))
    assert [(i.sku, i.title, i.bullets, i.attributes) for i in items] == [
        (r["sku"], r["title"], r["bullets"], r["attributes"]) for r in records]
    assert [i.source.row for i in items] == list(range(1, 301))
    # a comma gone between two keys of the 250th item: the line and column json.loads names
    broken = re.sub(r'"S-249",(\s*)"title"', r'"S-249"\1"title"', text)
    assert broken != text
    path = write("bad.json", broken)
    error = _error_of(path)
    assert error == _json_says(path, broken)
    assert indent is None or f"{path}:1:" not in error


def test_json_item_larger_than_the_read_block_is_read_in_doubling_reads(
        write, small_reads, monkeypatch: pytest.MonkeyPatch) -> None:
    from listingkit.catalogue import jsonstream

    records = _records(5)
    records[2]["description"] = "Steel. " * 40_000  # 280,000 characters: 4,375 blocks
    records[3]["title"] = "9" * 4000  # (a number, were it not quoted)
    records[4]["attributes"] = {"weight": 10 ** 4000}
    decoded = []
    raw_decode = jsonstream._DECODER.raw_decode

    def counted(text: str, at: int) -> tuple[object, int]:
        decoded.append(len(text))
        return raw_decode(text, at)

    monkeypatch.setattr(jsonstream._DECODER, "raw_decode", counted)
    items = listings(write("big.json", json.dumps(records)))
    assert [i.sku for i in items] == [f"S-{i}" for i in range(5)]
    assert items[2].description == "Steel. " * 40_000
    assert items[4].attributes["weight"] == str(10 ** 4000)
    assert len(decoded) < 60  # (reading 64 characters more each time: over 4,000 tries)
    assert max(decoded) < 2 * len(json.dumps(records[2])) + 2 * 64


def test_json_whitespace_and_commas_anywhere_json_allows(write, small_reads) -> None:
    gap = " \t\r\n" * 40  # longer than a read block
    text = (f"\r\n\t [\n\n{{\"sku\":\"A\",\"title\":\"a\"}}\n\n,\r\n\t{{ \"sku\" : \"B\" ,\n"
            f"\"title\"\n:\n\"b\" }}{gap},{gap}{{\"sku\":\"C\",\"title\":\"c ] , [\"}}{gap}]{gap}")
    assert [(i.sku, i.title) for i in listings(write("ws.json", text))] == [
        ("A", "a"), ("B", "b"), ("C", "c ] , [")]
    wrapped = f"{gap}{{{gap}\"listings\"{gap}:{gap}{text.strip()}{gap},{gap}\"n\":{gap}3{gap}}}"
    assert [i.sku for i in listings(write("ws2.json", wrapped))] == ["A", "B", "C"]


def test_json_listings_object_with_other_keys_before_and_after(write, small_reads) -> None:
    records = _records(40)
    text = json.dumps({"meta": {"listings": [{"sku": "no"}], "note": "] } [ {\"listings\": ["},
                       "count": 40, "listings": records,
                       "tail": [[{"listings": [1]}], "listings"], "z": None}, indent=1)
    assert [i.sku for i in listings(write("obj.json", text))] == [r["sku"] for r in records]
    for body in ('{"listings": {"sku": "a"}, "n": [1, 2]}', '{"items": [{"sku": "a"}]}', "{}"):
        with pytest.raises(InputError, match=r"obj\.json: expected a JSON array .* found dict"):
            listings(write("obj.json", body))


@pytest.mark.parametrize("tail", ["\n\n  x\n", "]", "\n,", "\n[]", " {}", "\n\x0c"])
@pytest.mark.parametrize("wrap", [False, True])
def test_json_data_after_the_array_is_refused_at_its_line(write, small_reads, tail: str,
                                                          wrap: bool) -> None:
    text = json.dumps(_records(30), indent=2)
    text = json.dumps({"a": 1, "listings": _records(30)}, indent=2) if wrap else text
    path = write("tail.json", text + tail)
    error = _error_of(path)
    assert error == _json_says(path, text + tail)
    assert "Extra data" in error and f"{path}:1:" not in error


@pytest.mark.parametrize("cut", [1, 2, 5, 30, 200])
def test_json_file_cut_short_is_refused_at_its_end(write, small_reads, cut: int) -> None:
    for text in (json.dumps(_records(30), indent=2),
                 json.dumps({"listings": _records(30), "n": 30}, indent=2)):
        path = write("cut.json", text[:-cut])
        error = _error_of(path)
        assert error == _json_says(path, text[:-cut])


def test_json_errors_name_the_line_and_column_json_loads_names(write, small_reads) -> None:
    """Every error json.loads finds in the whole text, the reader finds at the same line and
    column, wherever it falls: characters are taken out of and put into a catalogue at random
    (the JSON a truncated download, a hand edit or a bad merge leaves)."""
    import random

    text = json.dumps({"listings": _records(12), "count": [12, 1.5e3, True]}, indent=2)
    rnd = random.Random(20261207)
    checked = 0
    while checked < 150:
        broken = text
        for _ in range(rnd.randint(1, 3)):
            at = rnd.randrange(len(broken))
            put = rnd.choice(['"', ",", ":", "[", "]", "{", "}", "\n", "\\", "1e", "x", ""])
            broken = broken[:at] + put + broken[at + rnd.randint(0, 2):]
        try:
            expected = _json_says(Path("x"), broken)
        except AssertionError:
            continue  # (still JSON)
        path = write("mutant.json", broken)
        error = _error_of(path)
        if "invalid JSON" not in error:  # (a listing the edit made invalid comes first)
            continue
        assert error == expected.replace("x:", f"{path}:", 1), broken
        checked += 1


@pytest.mark.parametrize("text", ["[", "[\n  ", '[{"sku": "a", "title": "b"},\n',
                                  '[{"sku": "a", "title": "b"},\n]', "[{} {}]", "[,]", "[}",
                                  '{"listings": [], }', '{"listings"\n []}', '{"a": 1 "b"}',
                                  '{"a": 1,\n\n', "{", '{\n"listings":', "\x0c []", "] ["])
def test_json_errors_at_the_top_and_between_items_are_json_loads_own(write, small_reads,
                                                                     text: str) -> None:
    path = write("t.json", text)
    assert _error_of(path) == _json_says(path, text)


@pytest.mark.parametrize("text,error", [
    (" \n\x0c\u3000 \n", "empty file: no header and no listings"),
    ('"listings"', "expected a JSON array of listings (or {\"listings\": [...]}), found str"),
    ("1e5 ", "found float"),
    ("[1e5, -0, [true]]", ":1: expected a JSON object per listing, found float"),
])
def test_json_that_holds_no_listings(write, small_reads, text: str, error: str) -> None:
    path = write("t.json", text)
    said = _error_of(path)
    assert said.startswith(f"{path}:") and said.endswith(error)


def test_json_bom_read_as_text_is_refused_as_json_loads_refuses_it(write, small_reads) -> None:
    """UTF-16 LE named with --encoding keeps its BOM as a character of the text."""
    path = write("t.json", "\ufeff[]", encoding="utf-16-le")
    with pytest.raises(InputError, match=r"t\.json:1: invalid JSON: Unexpected UTF-8 BOM "
                                         r"\(decode using utf-8-sig\) \(column 1\)"):
        listings(path, encoding="utf-16-le")


def test_json_duplicate_keys_in_an_item_and_at_the_top(write, small_reads) -> None:
    records = _records(200)
    text = json.dumps(records, indent=2).replace('"sku": "S-150"', '"sku": "S-150", "sku": "x"')
    path = write("dup.json", text)
    seen = []
    with pytest.raises(InputError) as err:
        for item in Catalogue(path):
            seen.append(item.sku)
    assert str(err.value) == f"{path}:1: invalid JSON: duplicate key 'sku'"
    assert seen == [f"S-{i}" for i in range(150)]  # (read and checked as they come)
    for body, key in (({"listings": records}, "listings"), ({"meta": 1}, "meta")):
        doubled = json.dumps({**body, "listings": records, "n": 1})[:-1] + ", " + \
            json.dumps(body)[1:]
        with pytest.raises(InputError, match=rf"dup\.json:1: invalid JSON: duplicate key '{key}'"):
            listings(write("dup.json", doubled))
    # json's hook sees the keys at the "}": a syntax error before it is what it says
    path = write("dup.json", '{"a": 1, "a": 2, "listings": [] x}')
    with pytest.raises(InputError, match="Expecting ',' delimiter"):
        listings(path)


def test_json_array_streams_a_bad_item_at_the_end_is_not_read_yet(write, monkeypatch) -> None:
    from listingkit.catalogue import textio

    records = json.dumps(_records(2000))[:-1]
    for text in (records + ', {"sku": "x", "title": NaN}]', records + ', {"sku": "x",'):
        path = write("big.json", text)  # one line of 170 KB
        stream = iter(Catalogue(path))
        assert next(stream).sku == "S-0"  # the broken item at the end is not read yet
        with pytest.raises(InputError, match="invalid JSON"):
            list(stream)
    monkeypatch.setattr(textio, "CHUNK", 64)
    stream = iter(Catalogue(path))
    assert next(stream).sku == "S-0"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_json_array_in_utf16_and_32_across_reads(write, monkeypatch, encoding: str) -> None:
    monkeypatch.setattr("listingkit.catalogue.jsonstream.BLOCK", 7)
    monkeypatch.setattr("listingkit.catalogue.textio.CHUNK", 13)  # (splits code units)
    records = _records(20)
    records[3]["title"] = "Trinkflasche für Kinder 🚰 不锈钢"
    items = listings(write("u.json", json.dumps(records, ensure_ascii=False, indent=1),
                           encoding=encoding))
    assert [i.title for i in items] == [r["title"] for r in records]


def test_convert_and_check_fix_write_nothing_when_a_late_item_is_bad(run, write, tmp_path: Path
                                                                     ) -> None:
    records = _records(500)
    for bad in ('"title": {"en": "x"}', '"title": "a" "b"'):
        text = json.dumps(records, indent=1).replace('"title": "Acme Bottle 450"', bad)
        src = write("late.json", text)
        kept = tmp_path / "kept.csv"
        kept.write_text("keep me")
        for args in (("convert", src, "-o", tmp_path / "out.csv"),
                     ("convert", src, "-o", kept),
                     ("check", src, "-p", "amazon-us", "--fix", "-o", tmp_path / "fixed.json")):
            result = run(*args)
            assert result.exit_code == 2, (args, result.output)
            assert result.stderr.strip().count("\n") == 0 and "late.json:" in result.stderr
        assert kept.read_text() == "keep me"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.csv", "late.json"]
