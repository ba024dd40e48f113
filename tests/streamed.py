"""Catalogues for the streaming tests of ``optimize`` and ``generate`` (tests/test_*_stream.py):
varied rows in each container the commands read, and a count of the listings alive."""

from __future__ import annotations

import gc
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from listingkit.listing import Listing

BRANDS = ["Acme", "Borealis", "Cobalt & Co", "Dune Outdoor"]
PRODUCTS = ["Water Bottle", "Coffee Mug", "Yoga Mat", "Desk Lamp", "Lunch Box"]
ADJECTIVES = ["Stainless Steel", "Insulated", "Ceramic", "Bamboo", "Leak Proof", "Foldable"]
#: sales talk, doubled words and spaces: what optimize drops or mends in a title
NOISE = ["", "", "", " Best Seller!!", " FREE SHIPPING", " bottle bottle", "  ", " Amazing"]
COLOURS = ["Blue", "Red", "Black", "White", "Green"]
TERMS = ["flask", "thermos", "gift", "travel", "office", "camping", "kids", "hiking"]
#: cells a spreadsheet reads as formulas: written back as they were when unchanged
FORMULA_LIKE = ["- Keeps drinks cold", "+ dishwasher safe", "=1+1", "@home"]

COLUMNS = ["sku", "title", "brand", "bullet_1", "bullet_2", "description", "search_terms",
           "image_1", "color", "notes"]


def rows(count: int, seed: int = 5) -> list[list[str]]:
    """``count`` listings' cells (:data:`COLUMNS`), varied as real catalogues are: sales talk,
    repeated words, missing brands and search terms, formula-like bullets, text outside
    ASCII, a product type of its own for one listing in five."""
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        brand = rnd.choice(BRANDS)
        product = rnd.choice(PRODUCTS)
        noise = rnd.choice(NOISE)
        title = (f"{brand} {rnd.choice(ADJECTIVES)} {product} {rnd.randint(2, 99) * 10} ml "
                 f"{rnd.choice(COLOURS)}{noise}")
        if i % 5 == 4:
            title = f"{rnd.choice(ADJECTIVES)} Garden Hose {i} m{noise}"
        bullets = [rnd.choice(FORMULA_LIKE) if rnd.random() < 0.2 else
                   f"Made of {rnd.choice(ADJECTIVES).lower()} for daily use, model {i}",
                   "Keeps drinks hot – up to 100 °C" if rnd.random() < 0.3 else ""]
        description = "A sturdy product for home and travel. " * rnd.randint(1, 3)
        terms = " ".join(rnd.sample(TERMS, rnd.randint(0, 4)))
        image = f"https://cdn.example.com/{i}.jpg" if rnd.random() < 0.9 else ""
        out.append([f"SKU-{i:04d}", title, "" if rnd.random() < 0.1 else brand, *bullets,
                    description.strip(), terms, image, rnd.choice(COLOURS),
                    rnd.choice(["", "", "=SUM(A1)", "ok"])])
    return out


def write_csv(path: Path, cells: list[list[str]], columns: list[str] = COLUMNS) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(cells)
    return path


def write_amazon(path: Path, cells: list[list[str]]) -> Path:
    """An Amazon flat file (.txt): the template's signature row, labels, attribute names."""
    header = ["item_sku", "item_name", "brand_name", "bullet_point1", "bullet_point2",
              "product_description", "generic_keywords", "main_image_url", "color_name", "notes"]
    lines = ["TemplateType=fptcustom\tVersion=2021.1\tTemplateSignature=Qk9UVExF",
             "\t".join(name.replace("_", " ").title() for name in header), "\t".join(header)]
    lines += ["\t".join(row) for row in cells]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_shopify(path: Path, cells: list[list[str]]) -> Path:
    """A Shopify product CSV: every other product has a second row holding one more image."""
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Handle", "Title", "Body (HTML)", "Vendor", "Tags", "Variant SKU",
                         "Image Src", "Image Position"])
        for i, row in enumerate(cells):
            handle_name = f"product-{i}"
            writer.writerow([handle_name, row[1], f"<p>{row[5]}</p>", row[2], row[6], row[0],
                             f"https://cdn.example.com/{i}-1.jpg", "1"])
            if i % 2:
                writer.writerow([handle_name, "", "", "", "", "",
                                 f"https://cdn.example.com/{i}-2.jpg", "2"])
    return path


def write_xlsx(path: Path, cells: list[list[str]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Listings"
    sheet.append(COLUMNS)
    for row in cells:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # ("=SUM(A1)" as the text it is, not a formula)
    book.save(path)
    return path


def write_jsonl(path: Path, cells: list[list[str]]) -> Path:
    import json

    with path.open("w", encoding="utf-8") as handle:
        for row in cells:
            record = dict(zip(COLUMNS, row, strict=True))
            handle.write(json.dumps({
                "sku": record["sku"], "title": record["title"], "brand": record["brand"],
                "bullets": [b for b in (record["bullet_1"], record["bullet_2"]) if b],
                "description": record["description"], "search_terms": record["search_terms"],
                "images": [record["image_1"]] if record["image_1"] else [],
                "attributes": {"color": record["color"], "notes": record["notes"]}},
                ensure_ascii=False) + "\n")
    return path


WRITERS: dict[str, tuple[str, Callable[[Path, list[list[str]]], Path]]] = {
    "csv": ("catalogue.csv", write_csv), "amazon": ("flat.txt", write_amazon),
    "shopify": ("products.csv", write_shopify), "xlsx": ("catalogue.xlsx", write_xlsx),
    "jsonl": ("catalogue.jsonl", write_jsonl)}


def catalogue(folder: Path, kind: str, count: int, seed: int = 5) -> Path:
    name, writer = WRITERS[kind]
    return writer(folder / name, rows(count, seed))


def content(path: Path) -> Any:
    """A written file as it can be compared: its bytes, or an XLSX's cell values per sheet
    (a workbook's bytes hold the time it was saved)."""
    if path.suffix != ".xlsx":
        return path.read_bytes()
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets}


def live_listings() -> int:
    """How many :class:`Listing` objects are alive in this process (garbage in reference
    cycles, which other tests may leave, collected first: it is not held)."""
    gc.collect()
    return sum(1 for item in gc.get_objects() if type(item) is Listing)


class Peak:
    """The most listings alive at any of the calls of the wrapped functions, beyond those
    alive when it was made (other tests' fixtures and caches hold some); every ``every``-th
    call is counted: counting walks every object of the process."""

    def __init__(self, every: int = 20) -> None:
        self.every, self.calls, self.most = every, 0, 0
        self.before = live_listings()

    def wrap(self, monkeypatch: Any, owner: Any, name: str) -> None:
        original = getattr(owner, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls % self.every == 0:
                self.most = max(self.most, live_listings() - self.before)
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)
