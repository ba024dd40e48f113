"""Interrupted and killed runs: what they leave behind, what the user is told, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import listingkit

ROOT = Path(listingkit.__file__).resolve().parents[1]


def _gone(pid: int) -> bool:
    """True when ``pid`` has exited (a zombie nobody reaped counts: it runs no more)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


_DIES_WITH_WORKERS = """
import multiprocessing, os
from listingkit.images import batch

def job_pid(job):
    return {}

def take(result):
    print(*(p.pid for p in multiprocessing.active_children()), flush=True)
    os._exit(0)  # the run dies here, as under kill -9, and its workers live on

batch.run([1, 2], 2, take, fn=job_pid)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_images_workers_exit_when_the_run_is_killed(tmp_path: Path) -> None:
    """A killed `images` run left its worker processes waiting for work forever (and, with
    the folder lock they shared, every later run into that folder was refused). A worker now
    ends itself once the process that started it is gone."""
    printed = tmp_path / "workers.txt"  # (a file: a pipe would stay open in the workers)
    with printed.open("w") as out:
        subprocess.run([sys.executable, "-c", _DIES_WITH_WORKERS], cwd=tmp_path, stdout=out,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120, check=True)
    workers = [int(pid) for pid in printed.read_text().split()]
    assert workers
    try:
        deadline = time.monotonic() + 60  # (they go within a second; a slow machine is slow)
        while not all(map(_gone, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(map(_gone, workers)), "a worker outlived the run"
    finally:
        for pid in workers:
            if not _gone(pid):
                os.kill(pid, 9)
