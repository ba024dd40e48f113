"""The adversarial corpus: hostile catalogues, images and templates, and what each must do.

Small cases are committed under ``data/`` (``python tests/adversarial/corpus.py --write``
rebuilds them byte for byte; a test checks they still match). Cases too large to ship (a
multi-megabyte cell, a gigabyte zip bomb, 100,000-deep JSON, decompression-bomb images) are
built by :func:`big_cases` into a temporary folder at test time.

Each case carries its expectation: ``exit`` is what reading the catalogue must end in (0 = read,
2 = refused with a one-line error), ``rows`` the listings a clean read yields, ``mention`` a
piece of text the error must contain (the file name is always required as well), and
``encoding`` the ``--encoding`` an operator would pass.
"""

from __future__ import annotations

import codecs
import io
import json
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
HEAD = "sku,title,brand,bullet_point1,description\n"
ROW = "LK-{n},Steel water bottle {n} 750 ml,Acme,Keeps drinks cold for 24 hours," \
      "Double-walled steel bottle for hiking and the office\n"


def rows(count: int, start: int = 1) -> str:
    return "".join(ROW.format(n=n) for n in range(start, start + count))


@dataclass
class Case:
    kind: str                       # catalogue | encoding | json | xlsx | image | template
    name: str                       # file name (its extension matters)
    data: bytes
    exit: int = 0                   # reading it: 0 = fine, 2 = refused
    rows: int | None = None         # listings a clean read yields
    mention: str = ""               # text the one-line error must contain
    encoding: str | None = None     # the --encoding an operator would pass
    title: str | None = None        # the first listing's title, exactly (no mojibake)
    note: str = ""
    extra: dict[str, object] = field(default_factory=dict)
    #: refused only for want of a SKU column: a command that reads competitor listings,
    #: which need none (keywords), reads it
    no_sku: bool = False

    def expect(self) -> dict[str, object]:
        out: dict[str, object] = {"kind": self.kind, "exit": self.exit}
        if self.no_sku:
            out["no_sku"] = True
        for key in ("rows", "mention", "encoding", "title", "note"):
            value = getattr(self, key)
            if value not in (None, ""):
                out[key] = value
        return out


# --- delimited text -------------------------------------------------------------------------

def _csv(name: str, text: str | bytes, exit: int = 0, rows_: int | None = None,
         mention: str = "", note: str = "", no_sku: bool = False) -> Case:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return Case("catalogue", name, data, exit, rows_ if exit == 0 else None, mention, note=note,
                no_sku=no_sku)


def _png_bytes() -> bytes:
    raw = b"\x00\xff\x00\x00"  # one red pixel, filter byte first
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(raw)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, body)
    return buffer.getvalue()


def catalogue_cases() -> list[Case]:
    h, r2 = HEAD, rows(2)
    bom = "\ufeff"
    wide = ",".join(f"col{i}" for i in range(3000))
    return [
        _csv("clean.csv", h + r2, rows_=2, note="control case"),
        _csv("unclosed_quote.csv", h + 'LK-1,"Steel bottle,Acme,x,y\nLK-2,Cup,Acme,x,y\n',
             2, mention="unclosed quote"),
        _csv("unclosed_quote_last_cell.csv", h + rows(1) + 'LK-2,Cup,Acme,x,"never closed',
             2, mention=":3"),
        _csv("text_after_closing_quote.csv", h + 'LK-1,"Steel" bottle,Acme,x,y\n', 2,
             mention=":2"),
        _csv("quote_inside_unquoted_cell.csv", h + 'LK-1,12" pizza pan,Acme,x,y\n', rows_=1),
        _csv("ragged_short_row.csv", h + rows(1) + "LK-2,Cup\n", 2, mention=":3"),
        _csv("ragged_long_row.csv", h + rows(1) + "LK-2,Cup,Acme,x,y,z,extra\n", 2,
             mention=":3"),
        _csv("ragged_every_row.csv", h + "LK-1,a\nLK-2,b,c\nLK-3\n", 2, mention=":2"),
        _csv("nul_in_cell.csv", h + "LK-1,Steel\x00bottle,Acme,x,y\n", 2, mention=":2"),
        _csv("nul_in_header.csv", "sku,ti\x00tle,brand\nLK-1,a,b\n", 2, mention=":1"),
        _csv("nul_padding_at_end.csv", (h + r2).encode() + b"\x00" * 64, 2, mention="NUL"),
        _csv("mixed_newlines.csv", h.replace("\n", "\r\n") + ROW.format(n=1) +
             ROW.format(n=2).replace("\n", "\r") + ROW.format(n=3).replace("\n", "\r\n"),
             rows_=3),
        _csv("cr_only_newlines.csv", (h + r2).replace("\n", "\r"), rows_=2),
        _csv("crlf_inside_quoted_cell.csv",
             h.replace("\n", "\r\n") + 'LK-1,Bottle,Acme,"line one\r\nline two",y\r\n', rows_=1),
        _csv("lone_cr_in_unquoted_cell.csv", h + "LK-1,Bot\rtle,Acme,x,y\n", 2, mention=":"),
        _csv("no_trailing_newline.csv", h + r2.rstrip("\n"), rows_=2),
        _csv("blank_lines_between_rows.csv", h + "\n\n" + rows(1) + "\n \n" + rows(1, 2), 2,
             mention=":", note="a line holding one space is a one-cell row"),
        _csv("duplicate_header.csv", "sku,title,title\nLK-1,a,b\n", 2, mention="duplicate"),
        _csv("duplicate_header_case.csv", "SKU,Title,title\nLK-1,a,b\n", 2,
             mention="duplicate"),
        _csv("duplicate_sku_header.csv", "sku,title,sku\nLK-1,a,LK-9\n", 2, mention="duplicate"),
        _csv("no_sku_column.csv", "title,brand\nBottle,Acme\n", 2, mention="SKU", no_sku=True),
        _csv("no_title_column.csv", "sku,brand\nLK-1,Acme\n", 2, mention="title"),
        _csv("no_sku_or_title_column.csv", "colour,size\nblue,M\n", 2, mention="title"),
        _csv("empty_header_cell.csv", "sku,,title\nLK-1,x,a\n", 2, mention="empty header"),
        _csv("trailing_comma_header.csv", "sku,title,\nLK-1,a,\n", 2, mention="empty header"),
        _csv("header_only.csv", h, rows_=0),
        _csv("empty_file.csv", b"", 2, mention="empty file"),
        _csv("only_blank_lines.csv", "\n\n\r\n\n", 2, mention="empty file"),
        _csv("only_a_bom.csv", codecs.BOM_UTF8, 2, mention="empty file"),
        _csv("bom_in_middle_of_file.csv", h + rows(1) + bom + rows(1, 2), rows_=2,
             note="U+FEFF stays part of SKU LK-2; check reports it"),
        _csv("bom_twice_at_start.csv", bom + bom + h + r2, 2, mention="SKU",
             note="the second BOM is part of the first header", no_sku=True),
        _csv("bom_in_header_cell.csv", "sku,ti" + bom + "tle,brand\nLK-1,a,b\n", 2,
             mention="title"),
        _csv("png_named_csv.csv", _png_bytes(), 2, mention="PNG image"),
        _csv("xlsx_named_csv.csv", _zip_bytes({"xl/workbook.xml": b"<workbook/>"}), 2,
             mention="--input-format xlsx"),
        _csv("pdf_named_csv.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", 2,
             mention="PDF document"),
        _csv("gzip_named_csv.csv", b"\x1f\x8b\x08\x00" + zlib.compress((h + r2).encode()), 2,
             mention="gzip archive"),
        _csv("elf_named_csv.csv", b"\x7fELF\x02\x01\x01\x00" + bytes(56), 2,
             mention="elf_named_csv.csv"),
        _csv("random_bytes.csv", bytes((i * 197 + 89) % 256 for i in range(4096)), 2,
             mention="random_bytes.csv"),
        _csv("invalid_utf8_byte_mid_file.csv", (h + rows(1)).encode() +
             b"LK-2,Caf\xe9 cup,Acme,x,y\n", 2, mention=":3"),
        _csv("overlong_utf8.csv", h.encode() + b"LK-1,\xc0\xaf etc,Acme,x,y\n", 2,
             mention=":2"),
        _csv("utf8_encoded_surrogate.csv", h.encode() + b"LK-1,\xed\xa0\x80,Acme,x,y\n", 2,
             mention=":2"),
        _csv("semicolon_delimited.csv", (h + r2).replace(",", ";"), rows_=2),
        _csv("pipe_delimited.csv", (h + r2).replace(",", "|"), rows_=2),
        _csv("tab_delimited_named_csv.csv", (h + r2).replace(",", "\t"), rows_=2),
        _csv("excel_sep_line.csv", "sep=;\n" + (h + r2).replace(",", ";"), rows_=2,
             note="Excel's sep= hint line"),
        _csv("formula_cells.csv", h + 'LK-1,"=HYPERLINK(""http://x.invalid"",""y"")",'
             '@SUM(A1),+1-1,-2+3\n', rows_=1),
        _csv("quotes_only_cells.csv", h + 'LK-1,"""""",Acme,"""",""\n', rows_=1),
        _csv("unicode_controls_and_bidi.csv",
             h + "LK-1,Bottle \u202eeltob\u202c \u200b\u2028x,Acme,\U0001f468\u200d\U0001f469,"
             "\u0301combining\n", rows_=1),
        _csv("path_traversal_skus.csv", h + "../../etc/passwd,a,b,c,d\n"
             "..\\..\\win.ini,a,b,c,d\nCON,a,b,c,d\n/abs/path,a,b,c,d\n", rows_=4),
        _csv("duplicate_and_empty_skus.csv", h + rows(1) + rows(1) + ",No SKU,Acme,x,y\n",
             rows_=3),
        _csv("three_thousand_columns.csv", "sku,title," + wide + "\nLK-1,a," +
             ",".join("v" for _ in range(3000)) + "\n", rows_=1),
        _csv("long_header_names.csv", "sku,title," + "h" * 5000 + "\nLK-1,a,b\n", rows_=1),
        _csv("tsv_with_leading_quote.tsv", (h + 'LK-1,"Best" bottle,Acme,x,y\n'
                                            ).replace(",", "\t"), 2, mention=":2",
             note="a flat file cell that starts with a quote"),
        _csv("tsv_ragged.tsv", "sku\ttitle\nLK-1\ta\tb\n", 2, mention=":2"),
    ]


# --- encodings ------------------------------------------------------------------------------

def _enc(name: str, title: str, codec: str, passed: str | None, exit: int = 0,
         mention: str = "", prefix: bytes = b"") -> Case:
    text = f"sku,title,brand\nLK-1,{title},Acme\n"
    data = prefix + text.encode(codec)
    return Case("encoding", name, data, exit, 1 if exit == 0 else None, mention, passed,
                title if exit == 0 else None)


def encoding_cases() -> list[Case]:
    fr, jp = "Bouteille d’eau isotherme – 750 ml été", "ステンレス水筒 ①㈱髙"
    return [
        _enc("utf8_no_bom.csv", "Gourde “isotherme” – 750 ml ✓ 水筒", "utf-8", None),
        _enc("utf8_bom.csv", "Gourde isotherme – 750 ml ✓", "utf-8-sig", None),
        _enc("utf16_le_bom.csv", "Trinkflasche für Kinder – 500 ml", "utf-16", None),
        _enc("utf16_be_bom.csv", "Trinkflasche 水筒 🚰", "utf-16-be", None,
             prefix=codecs.BOM_UTF16_BE),
        _enc("utf16_le_no_bom.csv", "Trinkflasche", "utf-16-le", None, 2, mention="NUL"),
        _enc("utf32_bom.csv", "Borraccia termica 🚰", "utf-32", None),
        _enc("cp1252.csv", fr + " €", "cp1252", "cp1252"),
        _enc("cp1252_read_as_utf8.csv", fr, "cp1252", None, 2, mention="byte offset"),
        _enc("cp1250.csv", "Butelka termiczna żółć ąę – 750 ml", "cp1250", "cp1250"),
        _enc("cp932_windows_only.csv", jp, "cp932", "cp932"),
        _enc("cp932_read_as_shift_jis.csv", jp, "cp932", "shift_jis", 2, mention="byte offset"),
        _enc("shift_jis.csv", "ステンレス製 水筒 ７５０ml", "shift_jis", "shift_jis"),
        _enc("euc_jp.csv", "ステンレス製 水筒", "euc_jp", "euc_jp"),
        _enc("gb18030.csv", "不锈钢保温杯 750毫升 𠀀 €", "gb18030", "gb18030"),
        _enc("big5.csv", "不鏽鋼保溫杯 750毫升", "big5", "big5"),
        _enc("latin1_declared_utf8.csv", "Café crème glacée", "latin-1", "utf-8", 2,
             mention="byte offset"),
        _enc("koi8_r.csv", "Термос из нержавеющей стали", "koi8-r", "koi8-r"),
        _enc("unknown_codec_name.csv", "Bottle", "utf-8", "utf-99", 2, mention="utf-99"),
    ]


# --- JSON and JSONL -------------------------------------------------------------------------

def _json(name: str, text: str | bytes, exit: int = 2, rows_: int | None = None,
          mention: str = "", note: str = "") -> Case:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return Case("json", name, data, exit, rows_, mention, note=note)


def json_cases() -> list[Case]:
    one = '{"sku": "LK-1", "title": "Bottle"}'
    return [
        _json("clean.jsonl", one + "\n" + one.replace("LK-1", "LK-2") + "\n", 0, 2),
        _json("nan.json", '[{"sku": "LK-1", "title": NaN}]', mention="NaN"),
        _json("infinity.jsonl", '{"sku": "LK-1", "title": "a", "price": -Infinity}\n',
              mention="Infinity"),
        _json("duplicate_keys.json", '[{"sku": "LK-1", "title": "a", "title": "b"}]',
              mention="duplicate"),
        _json("fifty_thousand_digit_int.jsonl", '{"sku": "LK-1", "title": ' + "9" * 50_000
              + "}\n", mention=":1"),
        _json("huge_exponent_float.json", '[{"sku": "LK-1", "title": 1e999999}]',
              mention="title", note="overflows to infinity"),
        _json("truncated_line.jsonl", one + "\n" + one[:20] + "\n" + one + "\n", mention=":2"),
        _json("truncated_file.json", "[" + one + ", " + one[:15], mention="truncated_file"),
        _json("scalar_top_level.json", "42", mention="found int"),
        _json("string_top_level.json", '"listings"', mention="found str"),
        _json("null_top_level.json", "null", mention="found NoneType"),
        _json("array_of_scalars.json", "[1, 2, 3]", mention=":1"),
        _json("object_without_listings.json", '{"items": []}', mention="found dict"),
        _json("empty_array.json", "[]", 0, 0),
        _json("empty_file.jsonl", "", mention="empty file"),
        _json("blank_lines.jsonl", "\n\n" + one + "\n\n", 0, 1),
        _json("trailing_comma.json", "[" + one + ",]", mention="trailing_comma.json"),
        _json("comments.json", "// listings\n[" + one + "]", mention=":1"),
        _json("title_is_object.json", '[{"sku": "LK-1", "title": {"en": "x"}}]',
              mention="title"),
        _json("attributes_is_list.jsonl", '{"sku": "LK-1", "title": "a", "attributes": [1]}\n',
              mention="attributes"),
        _json("bullets_nested.jsonl", '{"sku": "LK-1", "title": "a", "bullets": [["x"]]}\n',
              mention="bullets"),
        _json("lone_surrogate_escape.jsonl", '{"sku": "LK-1", "title": "bad \\ud800 text"}\n',
              mention=":1"),
        _json("nul_escape.jsonl", '{"sku": "LK-1", "title": "a\\u0000b"}\n', mention=":1"),
        _json("invalid_utf8.json", b'[{"sku": "LK-1", "title": "caf\xe9"}]', mention="byte"),
        _json("jsonl_scalar_line.jsonl", one + "\n42\n", mention=":2"),
        _json("single_quotes.json", "[{'sku': 'LK-1'}]", mention="single_quotes.json"),
        _json("bom_utf16.json", codecs.BOM_UTF16_LE + ("[" + one + "]").encode("utf-16-le"),
              0, 1),
    ]


# --- XLSX -----------------------------------------------------------------------------------

_CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
       b'/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
       b'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
       b'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
       b'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{sheets}</Types>')
_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_RNS = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def xlsx_package(sheets: list[tuple[str, bytes, str]], prolog: bytes = b"") -> dict[str, bytes]:
    """A minimal XLSX: ``sheets`` are (name, sheetData XML body, state)."""
    overrides = b"".join(
        b'<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (i + 1)
        for i in range(len(sheets)))
    book = b"".join(b'<sheet name="%s" sheetId="%d" state="%s" r:id="rId%d"/>'
                    % (name.encode(), i + 1, state.encode(), i + 1)
                    for i, (name, _, state) in enumerate(sheets))
    rels = b"".join(b'<Relationship Id="rId%d" Type="%s" Target="worksheets/sheet%d.xml"/>'
                    % (i + 1, _REL, i + 1) for i in range(len(sheets)))
    files = {
        "[Content_Types].xml": _CT.replace(b"{sheets}", overrides),
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
                       b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
                       b'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                       b'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook %s %s><sheets>%s</sheets></workbook>'
                           % (_NS, _RNS, book),
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas'
                                      b'.openxmlformats.org/package/2006/relationships">%s'
                                      b'</Relationships>' % rels,
    }
    for i, (_, body, _) in enumerate(sheets):
        files[f"xl/worksheets/sheet{i + 1}.xml"] = (prolog + b'<worksheet %s><sheetData>%s'
                                                    b'</sheetData></worksheet>' % (_NS, body))
    return files


def _row(number: int, *cells: str, formula: dict[int, str] | None = None) -> bytes:
    out = []
    for col, value in enumerate(cells):
        ref = f"{chr(65 + col)}{number}"
        if formula and col in formula:
            cached = f'<v>{value}</v>' if value else ""
            kind = ' t="str"' if value else ""
            out.append(f'<c r="{ref}"{kind}><f>{formula[col]}</f>{cached}</c>')
        else:
            out.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
    return f'<row r="{number}">{"".join(out)}</row>'.encode()


def _xlsx(name: str, files: dict[str, bytes] | bytes, exit: int = 2, rows_: int | None = None,
          mention: str = "", note: str = "") -> Case:
    data = files if isinstance(files, bytes) else _zip_bytes(files)
    return Case("xlsx", name, data, exit, rows_, mention, note=note)


def xlsx_cases() -> list[Case]:
    good = _row(1, "sku", "title", "brand") + _row(2, "LK-1", "Steel bottle", "Acme")
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lololololololololol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1
                                                        else b"&lol;") * 10)
                         for i in range(1, 10)) + b"]>")
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    entity_row = _row(1, "sku", "title") + _row(2, "LK-1", "&lol9;")
    xxe_row = _row(1, "sku", "title") + _row(2, "LK-1", "&xxe;")
    valid = xlsx_package([("Listings", good, "visible")])
    truncated = _zip_bytes(valid)
    return [
        _xlsx("clean.xlsx", valid, 0, 1),
        _xlsx("billion_laughs.xlsx", xlsx_package([("Listings", entity_row, "visible")],
                                                  prolog=laughs), mention="billion_laughs.xlsx"),
        _xlsx("external_entity.xlsx", xlsx_package([("Listings", xxe_row, "visible")],
                                                   prolog=xxe), mention="external_entity.xlsx"),
        _xlsx("formula_without_cached_value.xlsx", xlsx_package([("Listings", _row(
            1, "sku", "title") + _row(2, "LK-1", "", formula={1: 'CONCAT("a","b")'}),
            "visible")]), 2, mention=":2",
            note="a formula with no cached value is refused, not read as an empty title"),
        _xlsx("formula_with_cached_value.xlsx", xlsx_package([("Listings", _row(
            1, "sku", "title") + _row(2, "LK-1", "ab", formula={1: 'CONCAT("a","b")'}),
            "visible")]), 0, 1),
        _xlsx("huge_dimension_and_row_gap.xlsx", _with_dimension(xlsx_package([(
            "Listings", good + _row(1048576, "LK-2", "Last row", "Acme"), "visible")])), 0, 2,
              note="dimension A1:XFD1048576 plus a million-row gap"),
        _xlsx("hidden_first_sheet.xlsx", xlsx_package([
            ("Secret", _row(1, "sku", "title") + _row(2, "HIDDEN", "h"), "hidden"),
            ("Listings", good, "visible")]), 0, 1),
        _xlsx("very_hidden_template.xlsx", xlsx_package([
            ("Template", _row(1, "sku", "title") + _row(2, "HIDDEN", "h"), "veryHidden"),
            ("Listings", good, "visible")]), 0, 1),
        _xlsx("all_sheets_hidden.xlsx", xlsx_package([("Listings", good, "hidden")]),
              mention="no visible worksheet"),
        _xlsx("not_a_zip.xlsx", b"sku,title\nLK-1,a\n", mention="not a zip"),
        _xlsx("ole_encrypted.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
              mention="ole_encrypted.xlsx"),
        _xlsx("truncated_zip.xlsx", truncated[: len(truncated) // 2],
              mention="truncated_zip.xlsx"),
        _xlsx("zip_without_workbook.xlsx", {"hello.txt": b"hi"},
              mention="zip_without_workbook.xlsx"),
        _xlsx("sheet_not_xml.xlsx", {**valid, "xl/worksheets/sheet1.xml": b"\x00\x01garbage"},
              mention="sheet_not_xml.xlsx"),
        _xlsx("huge_row_number.xlsx", xlsx_package([("Listings", good + _row(
            1048576, "LK-2", "Last row", "Acme"), "visible")]), 0, 2,
              note="a million-row gap must not be padded cell by cell"),
        _xlsx("huge_dimension.xlsx", _with_dimension(valid), 0, 1),
        _xlsx("lying_sizes_bomb.xlsx", _lying_zip(valid), mention="lying_sizes_bomb.xlsx",
              note="central directory understates the inflated size"),
    ]


def _with_dimension(files: dict[str, bytes]) -> dict[str, bytes]:
    sheet = files["xl/worksheets/sheet1.xml"]
    return {**files, "xl/worksheets/sheet1.xml": sheet.replace(
        b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')}


def _lying_zip(files: dict[str, bytes]) -> bytes:
    """A zip whose sheet really inflates to 64 MB while its headers claim 100 bytes."""
    zeros = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = b"".join(zeros.compress(bytes(1 << 20)) for _ in range(64)) + zeros.flush()
    out = io.BytesIO()
    central = []
    for name, content in files.items():
        offset = out.tell()
        if name.endswith("sheet1.xml"):
            packed = body
        else:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            packed = c.compress(content) + c.flush()
        size = 100 if name.endswith("sheet1.xml") else len(content)
        crc = zlib.crc32(content)
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x5021, crc,
                              len(packed), size, len(encoded), 0) + encoded + packed)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x5021,
                                   crc, len(packed), size, len(encoded), 0, 0, 0, 0, 0, offset)
                       + encoded)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                                      len(directory), start, 0))
    return out.getvalue()


# --- images ---------------------------------------------------------------------------------

def _img(name: str, data: bytes, note: str = "", mention: str = "") -> Case:
    return Case("image", name, data, exit=1, mention=mention or name, note=note)


def _ico(width: int) -> bytes:
    png = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8,
                                                                 6, 0, 0, 0)) + _chunk(b"IEND", b""))
    return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", width, width, 0, 0, 1, 32,
                                                      len(png), 22) + png


def image_cases() -> list[Case]:
    png_huge = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 200_000, 200_000,
                                                                    8, 2, 0, 0, 0))
                + _chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _chunk(b"IEND", b""))
    gif_huge = (b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x80\x00\x00" + bytes(6)
                + b"\x2c" + struct.pack("<HHHH", 0, 0, 65535, 65535) + b"\x00\x02\x02\x44\x01\x00;")
    bmp_huge = (b"BM" + struct.pack("<IHHI", 54, 0, 0, 54) + struct.pack(
        "<IiiHHIIiiII", 40, 60_000, 60_000, 1, 24, 0, 0, 2835, 2835, 0, 0))
    tiff_huge = (b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 6)
                 + struct.pack("<HHII", 256, 4, 1, 100_000) + struct.pack("<HHII", 257, 4, 1,
                                                                          100_000)
                 + struct.pack("<HHII", 258, 3, 1, 8) + struct.pack("<HHII", 262, 3, 1, 1)
                 + struct.pack("<HHII", 273, 4, 1, 200) + struct.pack("<HHII", 279, 4, 1, 10)
                 + b"\x00\x00\x00\x00" + bytes(40))
    png_ok = _png_bytes()
    jpeg_head = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                 b"\xff\xc0\x00\x11\x08\x00\x10\x00\x10\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01")
    jpeg_huge = jpeg_head.replace(b"\x08\x00\x10\x00\x10", b"\x08\xff\xff\xff\xff") + b"\xff\xd9"
    return [
        _img("png_huge_declared.png", png_huge, "200,000 x 200,000 in a 100-byte file"),
        _img("gif_huge_declared.gif", gif_huge),
        _img("ico_huge_declared.jpg", _ico(0), "an ICO holding a huge PNG, named .jpg"),
        _img("bmp_huge_declared.bmp", bmp_huge),
        _img("tiff_huge_declared.tif", tiff_huge),
        _img("jpeg_huge_declared.jpg", jpeg_huge),
        _img("truncated_jpeg.jpg", jpeg_head, "header, no scan data"),
        _img("truncated_png.png", png_ok[: len(png_ok) - 20]),
        _img("png_bad_crc.png", png_ok[:29] + b"\x00\x00\x00\x00" + png_ok[33:]),
        _img("eps_named_jpg.jpg", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
             b"(/etc/passwd) (r) file pop\nshowpage\n", "must never reach Ghostscript"),
        _img("psd_named_jpg.jpg", b"8BPS\x00\x01" + bytes(6) + struct.pack(">HIIHH", 3, 30_000,
                                                                          30_000, 8, 3)),
        _img("svg_named_png.png", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM '
             b'"file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'),
        _img("empty_file.jpg", b""),
        _img("text_named_png.png", b"this is not an image\n"),
        _img("pdf_named_webp.webp", b"%PDF-1.7\n1 0 obj<<>>endobj\n"),
        _img("zero_size_png.png", b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(
            ">IIBBBBB", 0, 0, 8, 2, 0, 0, 0)) + _chunk(b"IEND", b"")),
    ]


# --- templates ------------------------------------------------------------------------------

#: Sandbox escapes and denial-of-service attempts, each placed as default/title.j2.
TEMPLATES = {
    "class_mro_subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "class_base_subclasses": "{{ ().__class__.__base__.__subclasses__()[0] }}",
    "globals_of_filter": "{{ (title|upper).__class__.__init__.__globals__ }}",
    "cycler_globals_os": "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "self_template_globals": "{{ self._TemplateReference__context.cycler.__init__.__globals__ }}",
    "lipsum_globals_os": "{{ lipsum.__globals__['os'].system('touch PWNED') }}",
    "namespace_init_globals": "{{ namespace.__init__.__globals__.sys.modules.os.system('id') }}",
    "attr_filter_dunder": "{{ title|attr('__class__')|attr('__mro__') }}",
    "getitem_dunder": "{{ title['__class__'] }}",
    "format_string_attr": "{{ '{0.__class__.__mro__}'.format(title) }}",
    "format_map_globals": "{{ '{x.__init__.__globals__}'.format_map({'x': cycler}) }}",
    "percent_format_width": "{{ '%999999999s' % 'x' }}",
    "format_width_padding": "{{ '{:>999999999}'.format('x') }}",
    "huge_range": "{% for i in range(10**9) %}x{% endfor %}",
    "nested_ranges": "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in "
                     "range(1000) %}{% endfor %}{% endfor %}{% endfor %}",
    "string_repeat_bomb": "{{ 'x' * 1000000000 }}",
    "power_bomb": "{{ 9 ** (9 ** 9) }}",
    "replace_bomb": "{{ ('x' * 99999)|replace('x', 'y' * 99999) }}",
    "method_ljust_huge": "{{ title.ljust(999999999) }}",
    "method_zfill_huge": "{{ '1'.zfill(999999999) }}",
    "recursive_macro": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "recursive_loop": "{% for x in [[1]] recursive %}{{ loop([[x]]) }}{% endfor %}",
    "self_include": "{% include 'default/title.j2' %}",
    "path_traversal_include": "{% include '../../../../../../etc/passwd' %}",
    "import_os": "{% import 'os' as os %}{{ os.system('id') }}",
    "list_mutation": "{% set l = [] %}{{ l.append(1) }}{{ l }}",
    "dict_update": "{% set d = {} %}{{ d.update({'a': 1}) }}",
    "join_bomb": "{{ ('x' * 99999)|list|join('x' * 99999) }}",
    "wordwrap_huge": "{{ 'x'|center(999999999) }}",
    "filesizeformat_huge": "{{ (10 ** 600)|filesizeformat }}",
    "loop_without_range": "{% for a in 'x' * 99999 %}{% for b in 'y' * 99999 %}{% endfor %}"
                          "{% endfor %}",
}


def template_cases() -> list[Case]:
    return [Case("template", f"{name}.j2", text.encode(), exit=1)
            for name, text in TEMPLATES.items()]


def all_cases() -> list[Case]:
    return [*catalogue_cases(), *encoding_cases(), *json_cases(), *xlsx_cases(), *image_cases(),
            *template_cases()]


FOLDERS = {"catalogue": "catalogues", "encoding": "encodings", "json": "json", "xlsx": "xlsx",
           "image": "images", "template": "templates"}


def path_of(case: Case, root: Path = DATA) -> Path:
    return root / FOLDERS[case.kind] / case.name


def write(root: Path = DATA) -> None:
    """(Re)build ``data/`` and ``data/expect.json`` from this module."""
    expect = {}
    for case in all_cases():
        path = path_of(case, root)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.data)
        expect[f"{FOLDERS[case.kind]}/{case.name}"] = case.expect()
    (root / "expect.json").write_text(json.dumps(expect, indent=1, ensure_ascii=False) + "\n",
                                      encoding="utf-8")


# --- generated at test time -----------------------------------------------------------------

def big_cases(folder: Path) -> list[tuple[Case, Path]]:
    """Cases too large to ship, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[tuple[Case, Path]] = []

    def add(case: Case, writer: object = None) -> None:
        path = folder / case.name
        if callable(writer):
            writer(path)
        else:
            path.write_bytes(case.data)
        out.append((case, path))

    cell = "x" * (6 * 1024 * 1024)
    add(Case("catalogue", "six_megabyte_cell.csv",
             (HEAD + f'LK-1,"{cell}",Acme,x,y\n' + rows(1, 2)).encode(), 0, 2))
    add(Case("catalogue", "forty_megabyte_cell.csv", b"", 2, mention="larger than"),
        lambda p: p.write_bytes(HEAD.encode() + b'LK-1,"' + b"y" * (40 << 20) + b'",a,b,c\n'))
    add(Case("catalogue", "unclosed_quote_megabytes.csv",
             (HEAD + 'LK-1,"' + "z" * (3 << 20)).encode(), 2, mention="unclosed quote"))
    add(Case("catalogue", "ten_thousand_rows_one_ragged.csv",
             (HEAD + rows(10_000) + "LK-X,short\n").encode(), 2, mention=":10002"))
    add(Case("json", "hundred_thousand_deep.json", ("[" * 100_000 + "]" * 100_000).encode(), 2,
             mention="nested too deeply"))
    add(Case("json", "hundred_thousand_deep.jsonl",
             ('{"sku": "LK-1", "title": ' + "[" * 100_000 + "]" * 100_000 + "}\n").encode(), 2,
             mention=":1"))
    add(Case("xlsx", "gigabyte_zip_bomb.xlsx", b"", 2, mention="zip bomb"), _zip_bomb)
    add(Case("image", "png_decompression_bomb.png", _png_bomb(), 1,
             mention="png_decompression_bomb.png"))
    return out


def _zip_bomb(path: Path) -> None:
    """An XLSX whose sheet inflates to 1.5 GiB of spaces (about 1.5 MB on disk)."""
    files = xlsx_package([("Listings", _row(1, "sku", "title") + _row(2, "LK-1", "a"),
                           "visible")])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, body in files.items():
            archive.writestr(name, body)
        with archive.open("xl/worksheets/padding.xml", "w", force_zip64=True) as handle:
            block = b" " * (16 << 20)
            for _ in range(96):
                handle.write(block)


def _png_bomb() -> bytes:
    """A valid-looking 30,000 x 30,000 PNG whose pixels are one zlib stream of zeros."""
    width = height = 30_000
    comp = zlib.compressobj(9)
    line = bytes(width * 3 + 1)
    body = b"".join(comp.compress(line) for _ in range(2000)) + comp.flush()
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                                0, 0, 0))
            + _chunk(b"IDAT", body) + _chunk(b"IEND", b""))


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write()
        print(f"wrote {len(all_cases())} cases to {DATA}")
    else:
        for case in all_cases():
            print(f"{case.kind:<10} {case.exit} {case.name}")
