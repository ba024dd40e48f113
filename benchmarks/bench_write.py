"""Benchmark: writing catalogues (`listingkit convert`), against reading the same file.

    python benchmarks/bench_write.py [--rows 100000] [--formats csv jsonl json xlsx]
                                     [--repeat 3]

Every command that writes listings (`convert`, `check --fix -o`, `optimize -o`,
`generate -o`) goes through the same writer. Here `listingkit convert FILE -o OUT.FORMAT`
copies bench_check.py's generated rows (bullets and a description of their own) into each
format, each run in a process of its own, ``--repeat`` rounds in turn, the median round
printed. Baselines from the same run: reading the file with listingkit (`Catalogue`, which
every write does first) and the floor of any CSV copy in Python, ``csv.reader`` into
``csv.writer``. CPU time (user and system) of each child: the machine is shared, and wall time
swings with whatever else runs. XLSX (openpyxl) is slow: it is not in the default formats.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench_check import generate
from bytecode import compiled
from child_cpu import COMMAND, READ, report, rounds
from peak_rss import python_c

FLOOR = ("import csv, sys\nwith open(sys.argv[1], newline='', encoding='utf-8') as source, "
         "open(sys.argv[2], 'w', newline='', encoding='utf-8') as out:\n"
         "    csv.writer(out).writerows(csv.reader(source))")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--formats", nargs="+", default=["csv", "jsonl", "json"],
                        choices=["csv", "tsv", "jsonl", "json", "xlsx"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    compiled()  # (each command runs listingkit as installed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "catalogue.csv"
        generate(path, args.rows)
        phases = {"read": [*python_c(READ), str(path)],
                  "csv floor": [*python_c(FLOOR), str(path), str(folder / "floor.csv")]}
        for fmt in args.formats:
            phases[f"to {fmt}"] = [*python_c(COMMAND), "convert", str(path), "-o",
                                   str(folder / f"out.{fmt}")]
        times = rounds(phases, args.repeat)
        print(f"{args.rows} rows ({path.stat().st_size / 1e6:.1f} MB CSV, bench_check.py's "
              f"typical rows), {args.repeat} round(s), each in a process of its own:")
        report(times, args.rows, "rows", extra=lambda used, cpu: (
            f"  {used / cpu['read']:5.2f}x read  {used / cpu['csv floor']:5.2f}x floor"))


if __name__ == "__main__":
    main()
