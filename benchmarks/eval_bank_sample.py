"""Evaluation: how much a keyword bank built from a sample of a catalogue differs from the bank
of the whole catalogue, and what the sample saves.

    python benchmarks/eval_bank_sample.py [--rows 100000] [--sizes 2000 5000 10000]

`score` and `optimize` build a keyword bank from the catalogue itself (or from
``--competitors``) when no bank is given, from at most ``score.bank_sample`` listings (10,000 by
default): a sample (listingkit/sampling.py) when there are more. For each file, the bank of
every listing is the baseline, built in the same run; for each sample size smaller than the
file, the line gives the share of the whole bank's top 20 terms that the sample's top 20 holds
(overlap@20), the largest difference in the share of competitors using a term of both top 20s,
and the CPU time and peak memory of building the bank (each build in a process of its own;
reading the file is not counted in the time but is in the memory).

Files: the shared datasets of ../shared/data (their titles; skipped when the folder is
absent) and a catalogue of ``--rows`` generated rows (bench_check.py's, typical problems).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "data"
FILES = ("flipkart_titles.csv", "amazon_uk_toys.csv")

CHILD = r"""
import json, resource, sys, time
from listingkit.commands.state import State
from listingkit.keywords.sources import open_listings
from listingkit.sampling import sample_of
from listingkit.scoring import bank_from_listings
from listingkit.scoring.bank import bank_input

path, size = sys.argv[1], int(sys.argv[2])
sample = sample_of(open_listings(path, None, None, State().competitors)(), size or 10**12,
                   bank_input)
start = time.process_time()
bank = bank_from_listings(sample.items(), "en", "eval", 20)
cpu = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps({"seen": sample.seen, "kept": len(sample.items()), "cpu": cpu, "peak": peak,
                  "top": [[t.text, t.share] for t in bank.top(20)]}))
"""


def build(path: Path, size: int) -> dict:
    from peak_rss import python_c

    out = subprocess.run([*python_c(CHILD), str(path), str(size)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(name: str, path: Path, sizes: list[int]) -> None:
    whole = build(path, 0)
    top = {text: share for text, share in whole["top"]}
    print(f"{name}: {whole['seen']:,} listings; the whole bank: {whole['cpu']:.2f} s CPU, "
          f"peak {whole['peak']} MiB")
    for size in sizes:
        if size >= whole["seen"]:
            continue
        part = build(path, size)
        theirs = {text: share for text, share in part["top"]}
        shared = set(top) & set(theirs)
        drift = max((abs(top[t] - theirs[t]) for t in shared if top[t] is not None
                     and theirs[t] is not None), default=0.0)
        print(f"  sample of {size:>6,}: overlap@20 {len(shared) / max(len(top), 1):.2f}, "
              f"largest share difference {drift:.3f}, {part['cpu']:.2f} s CPU "
              f"({part['cpu'] / whole['cpu']:.2f}x the whole), peak {part['peak']} MiB "
              f"({part['peak'] / whole['peak']:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 5_000, 10_000])
    args = parser.parse_args()
    if SHARED.is_dir():
        for name in FILES:
            compare(name, SHARED / name, args.sizes)
    else:
        print(f"skipped the shared datasets: {SHARED} is absent")
    from bench_check import generate

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalogue.csv"
        generate(path, args.rows)
        compare(f"{args.rows:,} generated rows", path, args.sizes)


if __name__ == "__main__":
    main()
