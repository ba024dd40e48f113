"""Catalogues stream: read rate and peak memory at 100k and 1M rows.

Each measurement runs in a fresh process, so peak RSS is that reader's alone. The baseline is
Python's csv.reader over the same file (the floor for any CSV reader in Python).
Run: python benchmarks/bench_catalogue.py [--rows 100000 1000000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
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


def make(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("sku,title,brand,bullet_1,bullet_2,description,search_terms,color,size\n")
        for i in range(rows):
            handle.write(f"SKU-{i:07d},Acme Stainless Steel Water Bottle {i % 97} 500 ml Blue,"
                         f"Acme,Leak proof lid,Keeps drinks cold for 24 hours,\"A bottle, "
                         f"made of steel.\",flask thermos gym,Blue,{i % 5}00 ml\n")


def measure(path: Path, mode: str) -> tuple[int, float, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), mode], check=True,
                         capture_output=True, text=True).stdout.split()
    return int(out[0]), float(out[1]), float(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    sizes = parser.parse_args().rows
    from bytecode import compiled

    compiled()  # (each reader runs listingkit as installed)
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'rows':>9} {'reader':<10} {'rows/s':>10} {'peak RSS':>10} {'time ratio':>10}")
        peaks = []
        for rows in sizes:
            path = Path(tmp) / f"cat_{rows}.csv"
            make(path, rows)
            n_base, t_base, m_base = measure(path, "csv")
            n, took, peak = measure(path, "listingkit")
            assert n == n_base == rows, (n, n_base, rows)
            peaks.append(peak)
            print(f"{rows:>9} {'csv':<10} {rows / t_base:>10,.0f} {m_base:>8.1f} MB {'1.00x':>10}")
            print(f"{rows:>9} {'listingkit':<10} {rows / took:>10,.0f} {peak:>8.1f} MB "
                  f"{took / t_base:>9.2f}x")
        if len(peaks) > 1:
            print(f"peak RSS growth from {sizes[0]:,} to {sizes[-1]:,} rows: "
                  f"{peaks[-1] - peaks[0]:+.1f} MB (streaming: should be about 0)")


if __name__ == "__main__":
    main()
