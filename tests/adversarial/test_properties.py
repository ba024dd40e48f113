"""Properties over arbitrary Unicode: SKUs turned into file names, cells written to exports."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from listingkit.catalogue import Catalogue, write_catalogue
from listingkit.catalogue.escaping import FORMULA_TRIGGERS
from listingkit.errors import OutputError
from listingkit.images import naming
from listingkit.listing import Listing

WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                   *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10)),
                   *(f"COM{d}" for d in "¹²³"), *(f"LPT{d}" for d in "¹²³")}
WINDOWS_FORBIDDEN = set('<>:"/\\|?*') | {chr(i) for i in range(32)}
PROFILE = settings(max_examples=200, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])

# SKUs as suppliers send them: any text, heavy on the characters that break file systems
sku_text = st.lists(st.one_of(
    st.text(max_size=40),
    st.sampled_from(list("./\\:*?\"<>|\x00 ~$") + ["..", "CON", "nul", "COM1", "ＣＯＮ", "Ⅰ",
                                                  "ﬁ", "\u202e", "\u0301", "İ", "ß", "K",
                                                  "x" * 150, "é" * 90])),
    max_size=12).map("".join)


@PROFILE
@given(skus=st.lists(sku_text, min_size=1, max_size=25, unique=True))
def test_sku_file_names_stay_inside_unique_short_and_portable(skus: list[str],
                                                              tmp_path: Path) -> None:
    names = naming.safe_names(skus)
    out = tmp_path.resolve()
    seen: dict[str, str] = {}
    for sku in skus:
        name = names[sku]
        rel = naming.render(naming.DEFAULT_PATTERN, sku=name, platform="amazon-us",
                            role="main", n=1, ext="jpg")
        target = (out / rel).resolve()
        assert target.is_relative_to(out), (sku, rel)
        for part in PurePosixPath(rel).parts:
            assert len(part.encode("utf-8")) <= 200, (sku, part)
            assert not set(part) & WINDOWS_FORBIDDEN, (sku, part)
            assert not part.endswith((".", " ")), (sku, part)  # Windows drops them: collisions
            stem = part.split(".")[0].upper()
            assert unicodedata.normalize("NFKC", stem) not in WINDOWS_DEVICES, (sku, part)
        folded = unicodedata.normalize("NFC", name).casefold()
        assert folded not in seen, f"{sku!r} and {seen[folded]!r} share the name {name!r}"
        seen[folded] = sku


# cells as spreadsheets hold them: formula triggers first, then anything
cell_text = st.one_of(
    st.builds(lambda t, rest: t + rest, st.sampled_from([*FORMULA_TRIGGERS, "'", " =", "＝"]),
              st.text(max_size=40)),
    st.text(max_size=60))


def _listing(n: int, title: str, brand: str, description: str, color: str) -> Listing:
    return Listing(sku=f"LK-{n}", title=title, brand=brand, description=description,
                   attributes={"color": color})


@settings(PROFILE, max_examples=150)
@given(values=st.lists(st.tuples(cell_text, cell_text, cell_text, cell_text), min_size=1,
                       max_size=6))
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_exported_cells_never_start_a_formula_and_read_back(values: list[tuple[str, ...]],
                                                            suffix: str,
                                                            tmp_path: Path) -> None:
    listings = [_listing(n, *v) for n, v in enumerate(values, start=1)]
    out = tmp_path / f"export{suffix}"
    out.unlink(missing_ok=True)
    try:
        write_catalogue(lambda: iter(listings), out)
    except OutputError as exc:
        # documented refusals: characters the container cannot hold; nothing left behind
        assert "LK-" in str(exc) and "nothing was written" in str(exc)
        assert not out.exists() and not list(tmp_path.glob(".export*.tmp"))
        return
    for row in _raw_cells(out)[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS), cell
    back = list(Catalogue(out))
    assert len(back) == len(listings)
    for wrote, read in zip(listings, back, strict=True):
        for field_name in ("title", "brand", "description"):
            assert getattr(read, field_name) == _expected(getattr(wrote, field_name), suffix)
        assert read.attributes.get("color", "") == _expected(wrote.attributes["color"], suffix)


def _expected(value: str, suffix: str) -> str:
    if value.startswith(FORMULA_TRIGGERS):
        value = "'" + value
    if suffix == ".xlsx":  # XML keeps line breaks as LF
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _raw_cells(path: Path) -> list[list[str]]:
    if path.suffix == ".csv":
        text = path.read_text(encoding="utf-8")
        return list(csv.reader(io.StringIO(text, newline="")))
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [["" if v is None else str(v) for v in row]
                for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".xlsx"])
def test_a_cell_the_container_cannot_hold_is_refused_whole(suffix: str, tmp_path: Path) -> None:
    out = tmp_path / f"export{suffix}"
    out.write_text("previous", encoding="utf-8")
    listings = [_listing(1, "fine", "Acme", "", ""), _listing(2, "bad\x00cell", "Acme", "", "")]
    with pytest.raises(OutputError, match=r"SKU 'LK-2' field .*nothing was written"):
        write_catalogue(lambda: iter(listings), out)
    assert out.read_text(encoding="utf-8") == "previous"
    assert not list(tmp_path.glob(".export*.tmp"))
