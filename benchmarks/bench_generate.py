"""Benchmark: SKUs per second generating five stores' languages, translations from memory.

A synthetic catalogue (N SKUs, title, two bullets, description, search terms, colour,
material) is generated for amazon-us (en), amazon-de (de), amazon-fr (fr), amazon-jp (ja)
and mercado-libre (es), every translation served from a prefilled SQLite memory (no engine).
Baseline, same run: the same catalogue generated five times for amazon-us (the source
language, so no translation at all). The ratio shows what translation through the memory
costs on top of templating and the self-check. Printed for each language-check mode, since
langdetect dominates the run time when it is on.

    python benchmarks/bench_generate.py [N]
    python benchmarks/bench_generate.py --memory [--rows 100000 300000]

``--memory`` measures the peak RSS of `listingkit generate` instead, each run in a process of its
own (see peak_rss.py), on catalogues of ``--rows`` SKUs: for amazon-us (no translation) and for
amazon-de with every text in the memory, both with ``--language-check off`` (langdetect adds
time, not memory that grows with the catalogue), against merely reading the same file. The
translation pass goes a chunk of listings at a time: what still grows with the catalogue is a
16-byte digest per distinct text (about 60 bytes each, with its place in a dict), so that a
text is counted and translated once, not the texts and their translations.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path
from typing import Any

from listingkit.catalogue import Catalogue
from listingkit.generate import Generator
from listingkit.generate.selfcheck import _detect
from listingkit.marketplace import Registry
from listingkit.translate import Entry, Memory, TranslationService

STORES = {"amazon-us": "en", "amazon-de": "de", "amazon-fr": "fr", "amazon-jp": "ja",
          "mercado-libre": "es"}
COLOURS = ["navy", "black", "white", "grey", "red"]
MATERIALS = ["cotton", "stainless steel", "bamboo", "nylon"]


def catalogue(path: Path, n: int) -> list[tuple[str, ...]]:
    rows = []
    for i in range(n):
        rows.append((f"SKU-{i}", f"travel mug model {i} with lid", "Acme",
                     f"keeps drinks hot for {i % 12 + 1} hours",
                     f"fits most cup holders, version {i}",
                     f"A mug for the daily commute, batch {i}. Dishwasher safe.",
                     f"coffee thermos gift {i}", COLOURS[i % 5], MATERIALS[i % 4]))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sku", "title", "brand", "bullet_1", "bullet_2", "description",
                         "search_terms", "color", "material"])
        writer.writerows(rows)
    return rows


def fill_memory(memory: Memory, rows: list[tuple[str, ...]]) -> None:
    for lang in ("de", "fr", "ja", "es"):
        memory.put_many(Entry("en", lang, text, f"[{lang}] {text}", "human")
                        for row in rows for text in row[1:2] + row[3:7])


def timed(registry: Registry, stores: list[tuple[str, str]], listings: Catalogue,
          memory: Memory, check: str = "fields") -> tuple[float, int]:
    started = time.perf_counter()
    done = 0
    for store, lang in stores:
        _detect.cache_clear()  # each store starts cold, as a separate run would
        service = TranslationService(memory)
        generator = Generator(registry.get(store), lang, service, source_lang="en",
                              language_check=check)
        done += sum(1 for _ in generator.run(listings))
        assert service.stats.calls == 0
    return time.perf_counter() - started, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=200, help="SKUs (default 200)")
    parser.add_argument("--memory", action="store_true",
                        help="instead: the peak RSS of `generate` against reading the file")
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 300_000],
                        help="catalogue sizes for --memory (default 100000 300000)")
    args = parser.parse_args()
    if args.memory:
        peaks(args.rows)
        return
    n = args.n
    registry = Registry()
    missing = [s for s in STORES if s not in registry.ids()]
    if missing:
        print(f"skipped: marketplace specs missing: {', '.join(missing)}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = catalogue(folder / "catalogue.csv", n)
        listings = Catalogue(folder / "catalogue.csv")
        with Memory(folder / "tm.sqlite") as memory:
            fill_memory(memory, rows)
            timed(registry, [("amazon-us", "en")], listings, memory, "off")  # warm caches
            print(f"SKUs: {n}, five stores each")
            for check in ("off", "listing", "fields"):
                base_s, base_n = timed(registry, [("amazon-us", "en")] * 5, listings, memory,
                                       check)
                five_s, five_n = timed(registry, list(STORES.items()), listings, memory, check)
                print(f"language check {check:7}: baseline (amazon-us x5, no translation) "
                      f"{base_n / base_s:,.0f} SKU-languages/s; five languages from memory "
                      f"{five_n / five_s:,.0f} SKU-languages/s ({n / five_s:,.1f} SKUs/s in "
                      f"all five); ratio {(five_n / five_s) / (base_n / base_s):.2f}")


def peaks(sizes: list[int]) -> None:
    """Peak RSS of `generate -o OUT` for amazon-us and amazon-de, against reading the file."""
    from bytecode import compiled
    from peak_rss import table

    compiled()  # (each command runs listingkit as installed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {}
        for count in sizes:
            files[count] = folder / f"catalogue_{count}.csv"
            rows = catalogue(files[count], count)
            with Memory(folder / f"tm_{count}.sqlite") as tm:
                tm.put_many(Entry("en", "de", text, f"[de] {text}", "human")
                            for row in rows for text in row[1:2] + row[3:7])
            del rows
        out = folder / "out.txt"

        def run(store: str) -> Any:
            return lambda path: ["generate", str(path), "-p", store, "--memory",
                                 str(path.with_name(path.stem.replace("catalogue", "tm") +
                                                    ".sqlite")),
                                 "--language-check", "off", "-o", str(out)]

        print("`listingkit generate FILE -p STORE --memory TM --language-check off -o OUT`, "
              "each run in a process of its own")
        table(files, {"generate amazon-us (en, as read)": run("amazon-us"),
                      "generate amazon-de (de, from memory)": run("amazon-de")})


if __name__ == "__main__":
    main()
