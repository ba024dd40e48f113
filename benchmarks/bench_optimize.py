"""Benchmark: `listingkit optimize` against `listingkit score` on the same catalogue.

    python benchmarks/bench_optimize.py [--rows 20000] [--platform amazon-us] [--repeat 3]
                                        [--problems typical dense]

Optimising a listing scores it, applies check's fixes, rewrites the title, packs the search
terms, repeats until nothing changes, then scores the result and lists check's errors left: the
baseline is scoring the same listings once (`score`), with the same keyword bank, in the same
run. Each command runs as a user runs it, in a process of its own (start-up, reading, the
output written): `score FILE -p PLATFORM --keywords BANK -f json -o REPORT` and
`optimize FILE -p PLATFORM --keywords BANK -o OUT`, and reading the file alone. The commands
run ``--repeat`` rounds in turn; each one's median round is printed (CPU time, user and
system, of the child: the machine is shared, and wall time swings with whatever else runs),
with listings per CPU-second and the ratios optimize/score and optimize/read.

The rows are bench_check.py's (typical: a title in ten with sales talk, an emoji, a doubled
space or a repeated word; dense: every title), the bank bench_score.py's (40 keywords).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench_check import generate
from bench_score import write_bank
from bytecode import compiled
from child_cpu import COMMAND, READ, report, rounds
from peak_rss import python_c


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--platform", default="amazon-us")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--problems", nargs="+", choices=["typical", "dense"],
                        default=["typical", "dense"])
    args = parser.parse_args()
    compiled()  # (each command runs listingkit as installed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bank = write_bank(folder / "bank.csv")
        for problems in args.problems:
            path = folder / f"catalogue_{problems}.csv"
            generate(path, args.rows, problems=problems)
            phases = {
                "read": [*python_c(READ), str(path)],
                "score": [*python_c(COMMAND), "score", str(path), "-p", args.platform,
                          "--keywords", str(bank), "-f", "json", "-o", str(folder / "r.json")],
                "optimize": [*python_c(COMMAND), "optimize", str(path), "-p", args.platform,
                             "--keywords", str(bank), "-o", str(folder / "out.csv")],
            }
            times = rounds(phases, args.repeat, ok=(0, 1))  # (1: findings, not a failure)
            print(f"{args.rows} rows ({problems} problems), platform {args.platform}, "
                  f"{args.repeat} round(s), each command in a process of its own:")
            cpu = report(times, args.rows, "listings", width=9)
            print(f"  ratio optimize/score {cpu['optimize'] / cpu['score']:.2f}x, "
                  f"optimize/read {cpu['optimize'] / cpu['read']:.2f}x (CPU time, medians)")


if __name__ == "__main__":
    main()
