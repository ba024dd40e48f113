"""Speed of `listingkit keywords` on 10,000 competitor listings, against YAKE in the same run.

    python benchmarks/bench_keywords.py [--n 10000] [--data ../shared/data]

Two inputs: 10,000 generated listings (title, three bullets, a description; always available)
and, when ``../shared/data`` exists, 10,000 real Flipkart titles. For each, ranks the top 20
keywords with listingkit, whole-input brand evidence included as ``--group-by`` computes it
(spaCy load excluded: it happens once per run, timed apart) and with YAKE (n=3, top 20) on
the same text, and prints wall and CPU seconds (the machine is shared: the CPU time is the
steadier number), listings per second and the ratio of CPU times.
Goal: 10,000 listings well under 10 s.

Then the command as an operator runs it, end to end in its own process (start-up, reading
the file, the spaCy load, the language guess, every set ranked, the JSON written):
``listingkit keywords FILE --group-by COLUMN --top 10 --format json`` on the generated
listings written to a CSV (grouped by product) and on each shared dataset (grouped by
``competitor_set``), against YAKE on the same sets' text in the same run.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
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


NO_YAKE = "  yake: not installed (pip install 'listingkit[bench]')"


def yake_times(texts: list[str], top: int) -> tuple[float, float] | None:
    """Wall and CPU seconds of YAKE (n=3) ranking each of ``texts``; None without YAKE."""
    try:
        import yake
    except ImportError:
        return None
    extractor = yake.KeywordExtractor(lan="en", n=3, top=top)
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        extractor.extract_keywords(text)
    return time.perf_counter() - start, time.process_time() - cpu


def run(label: str, listings: list[object]) -> None:
    from listingkit.keywords import BrandBook, extract

    start, cpu = time.perf_counter(), time.process_time()
    book = BrandBook.learn(listings, "en")  # type: ignore[arg-type]  # as --group-by does
    ranking = extract(listings, lang="en", top=20, brands=book)  # type: ignore[arg-type]
    ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    line = (f"{label:28} {len(listings):6} listings  listingkit {ours:6.2f} s "
            f"(CPU {ours_cpu:5.2f} s, {len(listings) / ours:7.0f} listings/s, "
            f"{len(ranking.keywords)} keywords)")
    timed = yake_times(["\n".join(text_of(x) for x in listings)], top=20)
    if timed is None:
        print(line + NO_YAKE)
        return
    theirs, theirs_cpu = timed
    print(line + f"  yake {theirs:6.2f} s (CPU {theirs_cpu:5.2f} s)  ratio "
          f"{theirs_cpu / ours_cpu:5.2f}x faster in CPU"
          f"  goal <10 s: {'met' if ours < 10 else 'MISSED'}")


def write_generated(path: Path, listings: list[object]) -> None:
    """The generated listings as a generic CSV, with their product as a ``set`` column."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["sku", "title", "brand", "bullet_1", "bullet_2", "bullet_3",
                      "description", "set"])
        for x in listings:
            product = next(p for p in PRODUCTS if p in x.title)  # type: ignore[attr-defined]
            out.writerow([x.sku, x.title, x.brand, *x.bullets, x.description,  # type: ignore
                          product])


def timed_command(path: Path, column: str) -> tuple[float, float]:
    """Wall and CPU seconds of ``listingkit keywords`` on ``path`` in a process of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "listingkit", "keywords", str(path), "--group-by",
                        column, "--top", "10", "--format", "json", "-o",
                        str(Path(tmp) / "out.json")], check=True, cwd=tmp,
                       capture_output=True)
        took = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def command(label: str, path: Path, column: str, start_cpu: float,
            title: str = "title") -> None:
    """The command on ``path``, then YAKE on each set's text; ``start_cpu``: the command's
    CPU time on a three-line file (start-up and the spaCy load), taken off for the ratio."""
    ours, ours_cpu = timed_command(path, column)
    sets: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            sets[row[column]].append("\n".join(v for k, v in row.items()
                                               if k == title or k.startswith(("bullet",
                                                                              "description"))))
    n = sum(map(len, sets.values()))
    line = (f"{label:28} {n:6} listings in {len(sets):4} sets  command {ours:6.2f} s "
            f"(CPU {ours_cpu:5.2f} s, {n / ours:6.0f} listings/s)")
    timed = yake_times(["\n".join(texts) for texts in sets.values()], top=10)
    if timed is None:
        print(line + NO_YAKE)
        return
    theirs, theirs_cpu = timed
    work = max(ours_cpu - start_cpu, 1e-3)
    print(line + f"  yake per set {theirs:6.2f} s (CPU {theirs_cpu:5.2f} s)  yake/command "
          f"CPU after start-up {theirs_cpu / work:5.2f}x  goal <10 s: "
          f"{'met' if ours < 10 else 'MISSED'}")


#: the shared competitor files (their titles are in ``product_name``)
SHARED = ("flipkart_titles.csv", "amazon_uk_toys.csv", "amazon_us_2020_sample.csv")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    from bytecode import compiled

    compiled()  # (the command runs listingkit as installed)
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
    print("the command, end to end (--group-by, --top 10, --format json):")
    with tempfile.TemporaryDirectory() as tmp:
        tiny, path = Path(tmp) / "tiny.csv", Path(tmp) / "generated.csv"
        write_generated(tiny, generated(3))
        _, start_cpu = timed_command(tiny, "set")
        print(f"start-up (three listings): CPU {start_cpu:.2f} s")
        write_generated(path, generated(args.n))
        command("generated, by product", path, "set", start_cpu)
    for name in SHARED:
        if (args.data / name).is_file():
            command(f"{name.split('.')[0]}, by set", args.data / name, "competitor_set",
                    start_cpu, "product_name")
        else:
            print(f"{name}: skipped (../shared/data not found)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
