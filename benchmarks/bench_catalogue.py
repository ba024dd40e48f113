"""Catalogues stream: read rate and peak memory at 100k and 1M rows.

Each measurement runs in a fresh process, so peak RSS is that reader's alone. The baseline is
Python's csv.reader over the same file (the floor for any CSV reader in Python). The same rows
are also read as a JSON array: one listing per line, and all on one line (as json.dump
writes it).
Run: python benchmarks/bench_catalogue.py [--rows 100000 1000000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

CHILD = r"""
import csv, resource, sys, time
path, mode = sys.argv[1], sys.argv[2]
start = time.perf_counter()
count = 0
if mode == "csv":
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            count += 1
    count -= 1
else:
    from listingkit.catalogue import Catalogue
    for listing in Catalogue(path):
        count += 1
took = time.perf_counter() - start
print(count, took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def make_json(path: Path, rows: int, between: str) -> None:
    """The rows :func:`make` writes, as a JSON array of records, ``between`` each one."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("[")
        for i in range(rows):
            record = {"sku": f"SKU-{i:07d}",
                      "title": f"Acme Stainless Steel Water Bottle {i % 97} 500 ml Blue",
                      "brand": "Acme",
                      "bullets": ["Leak proof lid", "Keeps drinks cold for 24 hours"],
                      "description": "A bottle, made of steel.",
                      "search_terms": "flask thermos gym",
                      "attributes": {"color": "Blue", "size": f"{i % 5}00 ml"}}
            handle.write(("," if i else "") + between + json.dumps(record))
        handle.write(between + "]\n")


def make(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("sku,title,brand,bullet_1,bullet_2,description,search_terms,color,size\n")
        for i in range(rows):
            handle.write(f"SKU-{i:07d},Acme Stainless Steel Water Bottle {i % 97} 500 ml Blue,"
                         f"Acme,Leak proof lid,Keeps drinks cold for 24 hours,\"A bottle, "
                         f"made of steel.\",flask thermos gym,Blue,{i % 5}00 ml\n")


def measure(path: Path, mode: str) -> tuple[int, float, float]:
    from peak_rss import python_c

    out = subprocess.run([*python_c(CHILD), str(path), mode], check=True,
                         capture_output=True, text=True).stdout.split()
    return int(out[0]), float(out[1]), float(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    sizes = parser.parse_args().rows
    from bytecode import compiled

    compiled()  # (each reader runs listingkit as installed)
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'rows':>9} {'reader':<15} {'rows/s':>10} {'peak RSS':>10} {'time ratio':>10} "
              f"{'RSS ratio':>10}")
        peaks: dict[str, list[float]] = {}
        for rows in sizes:
            path = Path(tmp) / f"cat_{rows}.csv"
            make(path, rows)
            n_base, t_base, m_base = measure(path, "csv")
            assert n_base == rows, (n_base, rows)
            print(f"{rows:>9} {'csv':<15} {rows / t_base:>10,.0f} {m_base:>8.1f} MB "
                  f"{'1.00x':>10} {'1.00x':>10}")
            readers = [("listingkit", path)]
            for label, between in (("json, per line", "\n"), ("json, one line", "")):
                json_path = Path(tmp) / f"cat_{rows}_{len(readers)}.json"
                make_json(json_path, rows, between)
                readers.append((label, json_path))
            for label, source in readers:
                n, took, peak = measure(source, "listingkit")
                assert n == rows, (label, n, rows)
                peaks.setdefault(label, []).append(peak)
                print(f"{rows:>9} {label:<15} {rows / took:>10,.0f} {peak:>8.1f} MB "
                      f"{took / t_base:>9.2f}x {peak / m_base:>9.2f}x")
        for label, grown in peaks.items():
            if len(grown) > 1:
                print(f"{label}: peak RSS growth from {sizes[0]:,} to {sizes[-1]:,} rows: "
                      f"{grown[-1] - grown[0]:+.1f} MB (streaming: should be about 0)")


if __name__ == "__main__":
    main()
