"""A table read in chunks (:meth:`Catalogue.chunks`): each chunk a :class:`Rows` that gives
every field of its listings as a list straight from the cells, and makes a row's listing only
when it is indexed. `check` runs over such chunks; what it finds must be what it found over
the listings themselves (the same catalogue iterated: chunks of made listings)."""

from __future__ import annotations

import csv
import tempfile
from itertools import chain
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_check_columns import listings as listing_lists
from test_check_fix_chunks import catalogue as fix_catalogue
from test_check_screens import MARKETS

from listingkit import lint
from listingkit.catalogue import Catalogue
from listingkit.catalogue import plan as plans
from listingkit.catalogue.plan import Rows
from listingkit.errors import InputError
from listingkit.listing import Listing
from listingkit.marketplace import Registry
from listingkit.rules.context import Context

FIELDS = ("sku", "title", "brand", "description", "search_terms", "bullets", "images",
          "attributes", "variants")
HEADER = ["sku", "title", "brand", "bullet_1", "bullet_2", "bullet_3", "description",
          "search_terms", "image_1", "image_2", "gtin", "colour", "listingkit-noqa"]


def write_table(path: Path, items: list[Listing], noqa: dict[int, str] | None = None) -> Path:
    """``items`` as a generic CSV (a row each), the noqa cell of row ``i`` from ``noqa``."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for i, item in enumerate(items):
            bullets = (item.bullets + ["", "", ""])[:3]
            images = (item.images + ["", ""])[:2]
            out.writerow([item.sku, item.title, item.brand, *bullets, item.description,
                          item.search_terms, *images, item.attributes.get("gtin", ""),
                          item.attributes.get("colour", ""), (noqa or {}).get(i, "")])
    return path


def assert_rows_hold_the_listings(path: Path, size: int) -> None:
    made = list(Catalogue(path))
    chunks = list(Catalogue(path).chunks(size))
    assert all(isinstance(chunk, Rows) for chunk in chunks)
    assert [len(chunk) for chunk in chunks][:-1] == [size] * (len(chunks) - 1)
    for name in FIELDS:
        assert list(chain.from_iterable(c.values(name) for c in chunks)) == \
            [getattr(item, name) for item in made], name
    for name in ("gtin", "colour", "listingkit-noqa", "not-a-column"):
        assert list(chain.from_iterable(c.attribute(name) for c in chunks)) == \
            [item.attributes.get(name, "") for item in made], name
    for chunk, start in zip(chunks, range(0, len(made), size)):
        part = made[start:start + size]
        assert chunk.attribute_names() == set(chain.from_iterable(i.attributes for i in part))
        assert chunk.rows() == [item.source.row for item in part]
        assert list(chunk) == part and chunk[-1] == part[-1] and chunk[1:3] == part[1:3]
        assert chunk[0] is chunk[0]  # (made once, then kept)


texts = st.text(st.sampled_from("ab AB|\n\t-1é★"), max_size=12)
rows = st.lists(st.builds(
    lambda sku, title, bullets, images, gtin, colour: Listing(
        sku=sku, title=title, bullets=bullets, images=images,
        attributes={k: v for k, v in (("gtin", gtin), ("colour", colour)) if v}),
    texts, texts, st.lists(texts, max_size=3), st.lists(texts, max_size=2),
    st.sampled_from(["", "4006381333931", " 12 "]), texts), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(rows, st.sampled_from([1, 3, 256]))
@example([Listing(sku="A", images=["a.jpg", " a.jpg "], bullets=["x", "", " y"])], 256)
@example([Listing(sku="A", images=["a.jpg|b.jpg", "b.jpg"], bullets=["x\n x", "x"])], 256)
def test_rows_give_each_field_as_the_listings_hold_it(items: list[Listing], size: int) -> None:
    """Whatever the cells hold (empty, padded with spaces, bullets with line breaks and
    images with "|" inside, which the generic flavour splits, repeated images)."""
    with tempfile.TemporaryDirectory() as tmp:
        assert_rows_hold_the_listings(write_table(Path(tmp) / "c.csv", items), size)


def test_rows_of_an_amazon_flat_file_and_a_workbook(tmp_path: Path) -> None:
    """Two bullet columns into one field, attributes under their own names, a preamble."""
    from test_catalogue_read import AMAZON_HEADER

    from listingkit.catalogue import write_catalogue

    path = tmp_path / "flat.txt"
    path.write_text(AMAZON_HEADER + "".join(
        f"B-{i}\tAcme Bottle {i}\tAcme\t{'Leak proof' if i % 2 else ''}\t BPA free \tA bottle."
        f"\tflask\thttp://x/{i}.jpg\t{'Blue' if i % 3 else ''}\t0012345678905\n"
        for i in range(7)), encoding="utf-8")
    assert_rows_hold_the_listings(path, 3)
    book = tmp_path / "c.xlsx"
    write_catalogue(lambda: iter(Catalogue(path)), book)
    assert_rows_hold_the_listings(book, 4)


def test_other_shapes_come_in_chunks_of_made_listings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON lines, and a flavour whose rows group into one listing (Shopify's handle), its
    table opened once."""
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text("".join(f'{{"sku": "S{i}", "title": "Bottle {i}"}}\n' for i in range(5)),
                     encoding="utf-8")
    shopify = tmp_path / "shopify.csv"
    shopify.write_text("Handle,Title,Variant SKU,Option1 Value\n"
                       "bottle,Acme Bottle,B-1,Red\nbottle,,B-2,Blue\nmug,Acme Mug,M-1,\n",
                       encoding="utf-8")
    for path, size in ((jsonl, 2), (shopify, 1)):
        chunks = list(Catalogue(path).chunks(size))
        assert all(type(chunk) is list for chunk in chunks)
        assert list(chain.from_iterable(chunks)) == list(Catalogue(path))
    opened: list[str] = []
    table = Catalogue._table

    def counted(self: Catalogue) -> Any:
        opened.append(self.path.name)
        return table(self)

    monkeypatch.setattr(Catalogue, "_table", counted)
    assert [len(c) for c in Catalogue(shopify).chunks(5)] == [2]
    assert opened == ["shopify.csv"]


def test_a_ragged_row_stops_the_chunks_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("sku,title\nA,Bottle\nB,Mug,extra\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c\.csv:3: ragged row: 3 cells"):
        list(Catalogue(path).chunks(256))


def shown(result: lint.Result) -> list[tuple[Any, ...]]:
    return [(f.file, f.row, f.sku, f.field, f.code, f.severity, f.message, f.key,
             (f.fix.field, f.fix.value) if f.fix else None) for f in result.findings]


def runner(market: str) -> lint.Runner:
    return lint.Runner(Context(Registry().get(market)))


@pytest.mark.parametrize("market", MARKETS)
def test_check_over_rows_finds_what_it_found_over_listings(tmp_path: Path, market: str) -> None:
    """600 rows with every kind of problem the fix tests mend (and SKUs, GTINs and titles
    the catalogue-wide rules see twice), some rows silenced by a noqa cell."""
    path = write_table(tmp_path / "c.csv", fix_catalogue(600), {5: "ALL", 9: "T005, C002"})
    want = shown(runner(market).run(iter(Catalogue(path))))  # (no chunks: made listings)
    got = shown(runner(market).run(Catalogue(path)))
    assert got == want
    assert len(want) > 300


@settings(max_examples=40, deadline=None)
@given(listing_lists, st.sampled_from(MARKETS))
def test_check_over_rows_finds_what_it_found_over_listings_whatever_the_text(
        items: list[Listing], market: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_table(Path(tmp) / "c.csv", items)
        assert shown(runner(market).run(Catalogue(path))) == \
            shown(runner(market).run(iter(Catalogue(path))))


@pytest.mark.parametrize("noqa", [{}, {300: "ALL", 700: "S005"}])
def test_check_makes_the_listings_of_the_rows_it_looks_at_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, noqa: dict[int, str]) -> None:
    """A clean catalogue of 1,000 rows but two: the rules answer over the columns, and look
    closely (making a listing) at a few rows, among them the two with findings. A noqa
    column is read as a column too (row 702's finding is silenced by its cell)."""
    clean = [Listing(sku=f"S{i}", title=f"Acme Steel Water Bottle {i} ml, Leak Proof",
                     brand="Acme", bullets=["Keeps drinks cold for 24 hours"],
                     description="A steel bottle that keeps drinks cold.",
                     search_terms="flask thermos", images=[f"{i}.jpg"]) for i in range(1000)]
    clean[10].title += " BEST SELLER"
    clean[700].search_terms = "new flask"
    path = write_table(tmp_path / "c.csv", clean, noqa)
    made: list[int] = []
    listing = plans.Plan.listing

    def counted(self: plans.Plan, lines: Any) -> Listing:
        made.append(lines[0][0])
        return listing(self, lines)

    monkeypatch.setattr(plans.Plan, "listing", counted)
    result = runner("amazon-us").run(Catalogue(path))
    assert {f.row for f in result.findings} == ({12} if noqa else {12, 702})
    assert 12 in made
    assert len(made) < 50
