"""Instructions per row (valgrind's callgrind), a load-proof companion to the CPU-time benchmarks.

    python benchmarks/instructions.py check [--rows 2000]
    python benchmarks/instructions.py score [--rows 2000]

On a shared machine CPU time swings by a quarter or more from run to run; the number of
instructions executed does not. Each phase runs in its own process under callgrind, once with
no rows and once with ``--rows`` (for check: a file of the header alone, and one of that many
rows, read as `check` reads it); the difference divided by the rows is the cost of one row.

  check   reading the catalogue, and reading plus `check` without C006 (bench_check.py's
          generated rows, typical and dense problems)
  score   spaCy's blank tokenizer, `score --no-check`, check's rules alone and `score` as it runs
          by default, with check (bench_score.py's titles)

Instructions are not time (cache misses and branch mispredictions differ between the phases),
so the ratios here are a guide between CPU-time runs, not a replacement for them. Skips when
valgrind is not installed.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def phase(kind: str, rows: int, path: str, size: int) -> None:
    """Run one phase over ``rows`` rows in this process (what callgrind counts). The set-up
    is the same whatever ``rows`` is (``size`` rows are prepared), so it cancels out."""
    sys.path.insert(0, str(HERE))
    if kind in ("read", "check"):
        import nh3  # noqa: F401  (imported lazily by a run: count it in both phases)
        import rapidfuzz  # noqa: F401

        from listingkit.catalogue import Catalogue
        from listingkit.lint import Runner
        from listingkit.marketplace import Registry
        from listingkit.rules.context import Context

        runner = Runner(Context(Registry().get("amazon-us")), ignore=["C006"])
        gc.disable()
        if kind == "read":  # (the file holds ``rows`` rows: with none, only its header)
            sum(1 for _ in Catalogue(path))
        else:  # (the catalogue itself, as `check` runs it: see Catalogue.chunks)
            runner.run(Catalogue(path))
        return
    from bench_score import check_rows, setup

    run = setup(size)
    gc.disable()
    if kind == "tokenize":
        [run.tokenizer(t) for t in run.texts[:rows]]
    elif kind == "score":
        run.fast.score_all(run.listings[:rows])
    elif kind == "full":
        run.full.score_all(run.listings[:rows])
    elif kind == "rules":
        check_rows(run.runner, run.listings[:rows])


def count(kind: str, rows: int, path: str, size: int) -> int:
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
         __file__, "--phase", kind, "--rows", str(rows), "--size", str(size), "--file", path],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", out.stderr)
    if not found:
        raise SystemExit(f"callgrind printed no total:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def per_row(kind: str, rows: int, path: str = "", empty: str = "") -> float:
    """The cost of one row: ``rows`` rows (of the file ``path``) less none (the file
    ``empty``, its header alone, where the phase reads a file)."""
    return (count(kind, rows, path, rows) - count(kind, 0, empty or path, rows)) / rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", choices=["check", "score"])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--file", default="", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phase(args.phase, args.rows, args.file, args.size)
        return 0
    if shutil.which("valgrind") is None:
        print("skipped: valgrind is not installed")
        return 0
    if args.what == "score":
        floor = per_row("tokenize", args.rows)
        print(f"{args.rows} titles; instructions per title")
        print(f"  tokenize      {floor:10,.0f}")
        for kind, label in (("score", "score --no-check"), ("rules", "check's rules"),
                            ("full", "score (with check)")):
            cost = per_row(kind, args.rows)
            print(f"  {label:<17} {cost:10,.0f}  {cost / floor:5.2f}x tokenize")
        return 0
    sys.path.insert(0, str(HERE))
    from bench_check import generate

    with tempfile.TemporaryDirectory() as tmp:
        for problems in ("typical", "dense"):
            path = Path(tmp) / f"{problems}.csv"
            generate(path, args.rows, problems=problems)
            empty = Path(tmp) / f"{problems}-header.csv"
            with path.open(encoding="utf-8") as handle:
                empty.write_text(handle.readline(), encoding="utf-8")
            read = per_row("read", args.rows, str(path), str(empty))
            check = per_row("check", args.rows, str(path), str(empty))
            print(f"{args.rows} rows ({problems}): read {read:,.0f}, read+check (no C006) "
                  f"{check:,.0f} instructions per row: {check / read:.2f}x reading")
    return 0


if __name__ == "__main__":
    sys.exit(main())
