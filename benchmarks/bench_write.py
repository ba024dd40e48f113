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
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_check import generate
from bytecode import compiled
from peak_rss import python_c

READ = "from listingkit.catalogue import Catalogue\nimport sys\nfor _ in Catalogue(sys.argv[1]): pass"
FLOOR = ("import csv, sys\nwith open(sys.argv[1], newline='', encoding='utf-8') as source, "
         "open(sys.argv[2], 'w', newline='', encoding='utf-8') as out:\n"
         "    csv.writer(out).writerows(csv.reader(source))")
COMMAND = ("from listingkit.__main__ import main\nimport sys\n"
           "sys.argv = ['listingkit', *sys.argv[1:]]\nmain()")


def cpu_of(args: list[str]) -> float:
    """The CPU time (user and system) of a child process running ``args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, check=False, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


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
        rounds: dict[str, list[float]] = {name: [] for name in phases}
        for _ in range(args.repeat):
            for name, command in phases.items():
                rounds[name].append(cpu_of(command))
        cpu = {name: statistics.median_low(times) for name, times in rounds.items()}
        print(f"{args.rows} rows ({path.stat().st_size / 1e6:.1f} MB CSV, bench_check.py's "
              f"typical rows), {args.repeat} round(s), each in a process of its own:")
        for name, used in cpu.items():
            spread = f" (rounds {min(rounds[name]):.2f}-{max(rounds[name]):.2f})" \
                if args.repeat > 1 else ""
            print(f"  {name:<10} {used:7.2f} s CPU{spread}  {args.rows / used:9.0f} rows/CPU-s"
                  f"  {used / cpu['read']:5.2f}x read  {used / cpu['csv floor']:5.2f}x floor")


if __name__ == "__main__":
    main()
