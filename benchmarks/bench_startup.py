"""`listingkit --help` must stay instant: time it against `python -c "import click"`.

Goal: at most 1.5x. Run: python benchmarks/bench_startup.py [--runs 15]

listingkit's bytecode is compiled first, as pip does at install (see ``bytecode.py``): a
checkout without it would time compiling, which users never pay. The median of ``--runs``
runs is reported.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def best_of(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    from bytecode import compiled

    compiled()
    base = best_of([sys.executable, "-c", "import click"], runs)
    print(f"baseline  python -c 'import click'      {base * 1000:7.1f} ms")
    worst = 0.0
    for args in (["--help"], ["--version"], ["check", "--help"], ["images", "--help"]):
        argv = [sys.executable, "-m", "listingkit", *args]
        try:
            took = best_of(argv, runs)
        except subprocess.CalledProcessError:
            continue  # a command not present in this build
        worst = max(worst, took / base)
        print(f"listingkit {' '.join(args):<26} {took * 1000:7.1f} ms  ratio {took / base:.2f}x")
    print(f"worst ratio {worst:.2f}x (goal <= 1.5x): {'OK' if worst <= 1.5 else 'OVER'}")


if __name__ == "__main__":
    main()
