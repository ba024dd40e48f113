"""Peak memory (RSS) of one ``listingkit`` command in a process of its own, and of merely
reading the catalogue it reads: the baseline the ``--memory`` runs of bench_score.py
(``optimize``) and bench_generate.py (``generate``) print their ratio to.

The peak is the child's VmHWM (Linux): ``ru_maxrss``, and so ``/usr/bin/time``'s ``%M``,
carries the forking parent's peak over into the child, which would count this script's own
memory in small figures; elsewhere ``ru_maxrss`` is what there is.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

CHILD = r"""
import resource, sys
from pathlib import Path

def peak_kib():
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

note, args = sys.argv[1], sys.argv[2:]
if args[0] == "--read":
    from listingkit.catalogue import Catalogue
    for _ in Catalogue(args[1]):
        pass
else:
    from listingkit.commands import main  # (as the listingkit command runs)
    sys.argv = ["listingkit", *args]
    try:
        main()
    except SystemExit as exc:
        if exc.code not in (None, 0, 1):  # (1: findings, not a failure)
            raise
Path(note).write_text(str(peak_kib()))
"""


def python_c(code: str) -> list[str]:
    """``python -c CODE`` that imports the listingkit this process imports. A ``-c`` child
    puts its working folder first on ``sys.path``: run from a checkout, it imported the
    checkout's package whatever PYTHONPATH (an older worktree being measured) said."""
    import listingkit

    root = str(Path(listingkit.__file__).resolve().parents[1])
    return [sys.executable, "-c", f"import sys; sys.path[0] = {root!r}\n{code}"]


def peak_mib(args: list[str]) -> float:
    """The peak RSS (MiB) of ``listingkit ARGS`` in a fresh process; ``["--read", FILE]``
    reads the catalogue FILE and does nothing else."""
    with tempfile.TemporaryDirectory() as tmp:
        note = Path(tmp) / "peak"
        done = subprocess.run([*python_c(CHILD), str(note), *map(str, args)],
                              check=False, capture_output=True, text=True)
        if not note.exists():
            raise SystemExit(f"listingkit {' '.join(map(str, args))} failed:\n{done.stderr}")
        return int(note.read_text()) / 1024


def table(files: dict[int, Path], commands: dict[str, Callable[[Path], list[str]]]) -> None:
    """Print, for each catalogue (rows -> file), the peak of reading it and of each command
    (its arguments for that file) with its ratio to the reading; then each one's growth from
    the smallest catalogue to the largest (streaming: about none)."""
    import listingkit  # (the children import the same one)

    print(f"listingkit {listingkit.__version__} from {Path(listingkit.__file__).parent}")
    peaks: dict[str, list[float]] = {name: [] for name in ("read", *commands)}
    for count, path in files.items():
        read = peak_mib(["--read", str(path)])
        peaks["read"].append(read)
        print(f"{count:>9,} rows  read{'':<34} {read:7.1f} MiB")
        for name, args in commands.items():
            peak = peak_mib(args(path))
            peaks[name].append(peak)
            print(f"{'':>16}{name:<38} {peak:7.1f} MiB  {peak / read:5.2f}x read")
    sizes = list(files)
    if len(sizes) > 1:
        for name, values in peaks.items():
            print(f"peak RSS growth {sizes[0]:,} -> {sizes[-1]:,} rows, {name}: "
                  f"{values[-1] - values[0]:+.1f} MiB")
