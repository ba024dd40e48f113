"""Formula injection on every write path: check --fix, optimize -o, convert, generate.

A cell listingkit writes anew is escaped (a leading apostrophe) when a spreadsheet would run it
as a formula: every cell of a file written to another container than the one read (an XLSX
text cell is a live formula in a CSV), and every changed cell. Only a cell written back
unchanged into its own container stays as it was (see README, ``check --fix``).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from listingkit.catalogue.escaping import FORMULA_TRIGGERS

HYPERLINK = '=HYPERLINK("http://evil.example","click")'
#: the cells of the one listing every source holds: a title check/optimize rewrite (C007's
#: double space, optimize's "BEST SELLER"), and cells that start a formula
ROW = {"sku": "MUG-1", "title": "Acme  Ceramic Coffee Mug 350 ml BEST SELLER", "brand": "Acme",
       "bullet_1": "- Keeps drinks cold", "description": HYPERLINK, "color": "@navy"}


def _source(folder: Path, container: str, row: dict[str, str] = ROW) -> Path:
    path = folder / f"in.{container}"
    if container == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        for number, values in enumerate([list(row), list(row.values())], 1):
            for column, value in enumerate(values, 1):
                cell = sheet.cell(number, column, value)
                cell.data_type = "s"  # (text, as a spreadsheet holds a typed-in "=...")
        book.save(path)
    elif container == "jsonl":
        record = {k: v for k, v in row.items() if k not in ("bullet_1", "color")}
        record.update(bullets=[row["bullet_1"]], attributes={"color": row["color"]})
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t" if container == "tsv" else ",")
            writer.writerows([list(row), list(row.values())])
    return path


def _cells(path: Path) -> list[list[str]]:
    """Every cell of an export as a spreadsheet would hold it; an XLSX formula cell fails."""
    if path.suffix == ".xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(path).active
        assert not [c.coordinate for row in sheet.iter_rows() for c in row
                    if c.data_type == "f"], "a formula cell in the XLSX"
        return [["" if v is None else str(v) for v in row]
                for row in sheet.iter_rows(values_only=True)]
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t" if path.suffix == ".tsv" else ","))


def _field(rows: list[list[str]], header: str) -> str:
    return rows[1][rows[0].index(header)]


COMMANDS = {
    "check": ["check", "{src}", "-p", "amazon-us", "--fix", "--select", "C007", "-o", "{out}"],
    "optimize": ["optimize", "{src}", "-p", "amazon-us", "-o", "{out}"],
    "convert": ["convert", "{src}", "-o", "{out}"],
}


@pytest.mark.parametrize("command,source,output", [
    ("check", "xlsx", "csv"), ("check", "xlsx", "tsv"), ("check", "csv", "tsv"),
    ("check", "csv", "xlsx"), ("check", "jsonl", "csv"),
    ("optimize", "xlsx", "csv"), ("optimize", "csv", "xlsx"), ("optimize", "jsonl", "tsv"),
    ("convert", "xlsx", "csv"), ("convert", "csv", "xlsx"), ("convert", "tsv", "csv"),
])
def test_written_to_another_container_every_formula_cell_is_escaped(
        run, tmp_path: Path, command: str, source: str, output: str) -> None:
    """check --fix -o fixed.csv from an XLSX wrote the description as a live =HYPERLINK
    (unchanged cells were written "as they were", but they were text cells of a workbook)."""
    src, out = _source(tmp_path, source), tmp_path / f"out.{output}"
    args = [a.format(src=src, out=out) for a in COMMANDS[command]]
    result = run(*args)
    assert result.exit_code in (0, 1), result.output
    rows = _cells(out)
    assert _field(rows, "description") == "'" + HYPERLINK
    assert _field(rows, "bullet_1") == "'- Keeps drinks cold"
    assert _field(rows, "color") == "'@navy"
    assert not [c for row in rows for c in row if c.startswith(FORMULA_TRIGGERS)]


def test_a_changed_cell_is_escaped_even_when_the_cell_read_started_a_formula(
        run, write, tmp_path: Path) -> None:
    """A rewritten title "+Acme ..." was left live in a CSV written back because the title
    read started with "+" too. Unchanged cells written back into their own CSV stay as they
    were (documented: an apostrophe added to "- Keeps drinks cold" would reach the
    marketplace)."""
    before = ('sku,title,brand,bullet_1,notes\r\n'
              'A1,"+Acme  =CMD(""calc"") A1, =1+1",+Acme,- Keeps drinks cold,=1+1\r\n')
    path = write("c.csv", before)
    result = run("check", path, "-p", "amazon-us", "--fix", "--in-place", "--select", "C007")
    assert "Fixed 1 problem" in result.output, result.output
    assert path.read_bytes() == before.replace('"+Acme  =CMD', '"\'+Acme =CMD').encode()
    source = write("o.csv", before.replace("Acme  =CMD", "Acme steel bottle BEST SELLER =CMD"))
    out = tmp_path / "opt.csv"
    result = run("optimize", source, "-p", "amazon-us", "-o", out)
    assert result.exit_code == 0, result.output
    rows = _cells(out)
    assert _field(rows, "title").startswith("'+Acme Steel Bottle")
    assert rows[1][2:] == ["+Acme", "- Keeps drinks cold", "=1+1"]  # (unchanged, as read)


def test_a_patched_shopify_cell_is_escaped_even_when_the_cell_read_started_one(run, write
                                                                               ) -> None:
    before = ("Handle,Title,Vendor,Variant SKU,Custom Column\r\n"
              "acme-mug,-Acme  Mug,Acme,MUG-1,=1+1\r\n")
    path = write("products.csv", before)
    run("check", path, "-p", "shopify", "--fix", "--in-place", "--select", "C007")
    assert path.read_bytes() == before.replace("-Acme  Mug", "'-Acme Mug").encode()


@pytest.mark.parametrize("escape", [True, False])
def test_a_workbook_written_back_stores_a_changed_formula_like_cell_as_text(
        run, write, tmp_path: Path, escape: bool) -> None:
    """Written back into its own workbook, a changed cell is escaped (unless escaping is off)
    and stored as a text cell either way; an unchanged text cell stays text, as it was."""
    import openpyxl

    row = {"sku": "A1", "title": "=Acme  Bottle", "brand": "Acme", "bullet_1": "=1+1"}
    path = _source(tmp_path, "xlsx", row)
    config = write("listingkit.toml", "" if escape else "escape_formulas = false\n")
    result = run("--config", config, "check", path, "-p", "amazon-us", "--fix", "--in-place",
                 "--select", "C007")
    assert "Fixed 1 problem" in result.output, result.output
    sheet = openpyxl.load_workbook(path).active
    assert sheet["B2"].value == ("'" if escape else "") + "=Acme Bottle"
    assert sheet["B2"].data_type == "s" and sheet["D2"].data_type == "s"
    assert sheet["D2"].value == "=1+1"


def test_generate_escapes_the_cells_it_writes(run, write, tmp_path: Path) -> None:
    src = write("products.csv", "sku,title,brand,bullet_1,description,color\n"
                                "MUG-1,insulated travel mug with lid,Acme,"
                                "- keeps drinks hot,=SUM(1;2) fits cup holders,@navy\n")
    for name in ("out.csv", "out.tsv", "out.xlsx"):
        result = run("generate", src, "-p", "walmart", "-o", tmp_path / name)
        assert result.exit_code == 0, result.output
        rows = _cells(tmp_path / name)
        assert _field(rows, "description") == "'=SUM(1;2) fits cup holders"
        assert not [c for row in rows for c in row if c.startswith(FORMULA_TRIGGERS)]
