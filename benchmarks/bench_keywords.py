"""Speed of `listingkit keywords` on 10,000 competitor listings, against YAKE in the same run.

    python benchmarks/bench_keywords.py [--n 10000] [--data ../shared/data]

Two inputs: 10,000 generated listings (title, three bullets, a description; always available)
and, when ``../shared/data`` exists, 10,000 real Flipkart titles. For each, ranks the top 20
keywords with listingkit, whole-input brand evidence included as ``--group-by`` computes it
(spaCy load excluded: it happens once per run, timed apart) and with YAKE (n=3, top 20) on
the same text, and prints wall and CPU seconds (the machine is shared: the CPU time is the
steadier number), listings per second and the ratio of CPU times.
Goal: 10,000 listings well under 10 s.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BRANDS = ["Acme", "Hydrix", "Zorva", "Peakline", "Nordvik", "Kalto", "Brisa", "Tundro"]
PRODUCTS = ["Water Bottle", "Travel Mug", "Lunch Box", "Thermos Flask", "Sports Bottle",
            "Coffee Tumbler", "Kids Bottle", "Gym Shaker"]
ADJ = ["Stainless Steel", "Insulated", "Leak-Proof", "BPA-Free", "Vacuum", "Double Wall",
       "Reusable", "Eco-Friendly", "Lightweight", "Wide Mouth", "Dishwasher Safe"]
SIZES = ["350ml", "500 ml", "750ml", "1L", "1.5 L", "12 oz", "20oz", "32 oz"]
COLOURS = ["Black", "White", "Navy Blue", "Red", "Green", "Pink", "Matte Grey"]
BULLETS = ["Keeps drinks cold for 24 hours and hot for 12 hours",
           "Leak-proof lid with carry handle, fits most cup holders",
           "Made from food-grade 18/8 stainless steel, BPA free",
           "Double wall vacuum insulation, no condensation",
           "Easy to clean, wide mouth fits ice cubes",
           "Ideal for gym, office, school, hiking and travel"]


def generated(n: int, seed: int = 7) -> list[object]:
    from listingkit.listing import Listing

    rng = random.Random(seed)
    out = []
    for i in range(n):
        title = (f"{rng.choice(BRANDS)} {rng.choice(ADJ)} {rng.choice(PRODUCTS)} "
                 f"{rng.choice(SIZES)}, {rng.choice(ADJ)}, {rng.choice(COLOURS)}")
        out.append(Listing(sku=f"G{i}", title=title, brand=rng.choice(BRANDS),
                           bullets=rng.sample(BULLETS, 3),
                           description=" ".join(rng.sample(BULLETS, 2))))
    return out


def flipkart(data: Path, n: int) -> list[object] | None:
    from listingkit.listing import Listing

    path = data / "flipkart_titles.csv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("product_name")][:n]
    return [Listing(sku=r["uniq_id"], title=r["product_name"]) for r in rows]


def text_of(listing: object) -> str:
    return "\n".join([listing.title, *listing.bullets, listing.description])  # type: ignore


def run(label: str, listings: list[object]) -> None:
    from listingkit.keywords import BrandBook, extract

    start, cpu = time.perf_counter(), time.process_time()
    book = BrandBook.learn(listings, "en")  # type: ignore[arg-type]  # as --group-by does
    ranking = extract(listings, lang="en", top=20, brands=book)  # type: ignore[arg-type]
    ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    line = (f"{label:28} {len(listings):6} listings  listingkit {ours:6.2f} s "
            f"(CPU {ours_cpu:5.2f} s, {len(listings) / ours:7.0f} listings/s, "
            f"{len(ranking.keywords)} keywords)")
    try:
        import yake
    except ImportError:
        print(line + "  yake: not installed (pip install 'listingkit[bench]')")
        return
    extractor = yake.KeywordExtractor(lan="en", n=3, top=20)
    start, cpu = time.perf_counter(), time.process_time()
    extractor.extract_keywords("\n".join(text_of(x) for x in listings))
    theirs, theirs_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(line + f"  yake {theirs:6.2f} s (CPU {theirs_cpu:5.2f} s)  ratio "
          f"{theirs_cpu / ours_cpu:5.2f}x faster in CPU"
          f"  goal <10 s: {'met' if ours < 10 else 'MISSED'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    from listingkit.nlp import analyzer

    start = time.perf_counter()
    analyzer("en")
    print(f"spaCy pipeline load (once per run): {time.perf_counter() - start:.2f} s")
    run("generated (title+bullets+desc)", generated(args.n))
    real = flipkart(args.data, args.n)
    if real is None:
        print("flipkart titles: skipped (../shared/data not found)")
    else:
        run("flipkart titles", real)
    return 0


if __name__ == "__main__":
    sys.exit(main())
