"""CPU time of commands run each in a process of its own, rounds taken in turn: what
bench_optimize.py and bench_write.py measure (the machine is shared: wall time swings with
whatever else runs, CPU time much less).

``READ`` and ``COMMAND`` are the children's code, for :func:`peak_rss.python_c`: reading a
catalogue, and the ``listingkit`` command line as the console script runs it.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
from collections.abc import Callable

READ = "from listingkit.catalogue import Catalogue\nimport sys\nfor _ in Catalogue(sys.argv[1]): pass"
COMMAND = ("from listingkit.__main__ import main\nimport sys\n"
           "sys.argv = ['listingkit', *sys.argv[1:]]\nmain()")


def cpu_of(args: list[str], ok: tuple[int, ...] = (0,)) -> float:
    """The CPU time (user and system) of a child process running ``args``; an exit code
    outside ``ok`` stops the benchmark with the child's error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, check=False, capture_output=True, text=True)
    if done.returncode not in ok:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def rounds(phases: dict[str, list[str]], repeat: int, ok: tuple[int, ...] = (0,)
           ) -> dict[str, list[float]]:
    """``repeat`` rounds of every phase (name -> command), taken in turn: drift of the
    machine's speed then touches them all alike."""
    times: dict[str, list[float]] = {name: [] for name in phases}
    for _ in range(repeat):
        for name, command in phases.items():
            times[name].append(cpu_of(command, ok))
    return times


def report(times: dict[str, list[float]], rows: int, unit: str, width: int = 10,
           extra: Callable[[float, dict[str, float]], str] | None = None) -> dict[str, float]:
    """Print each phase's median round (with the range when there are several), ``unit`` per
    CPU-second and ``extra(median, medians)``; returns the medians."""
    cpu = {name: statistics.median_low(each) for name, each in times.items()}
    for name, used in cpu.items():
        spread = f" (rounds {min(times[name]):.2f}-{max(times[name]):.2f})" \
            if len(times[name]) > 1 else ""
        print(f"  {name:<{width}} {used:7.2f} s CPU{spread}  {rows / used:9.0f} {unit}/CPU-s"
              + (extra(used, cpu) if extra else ""))
    return cpu
