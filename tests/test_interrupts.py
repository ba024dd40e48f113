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


def _sigint_ignored(job: object) -> dict[str, object]:
    import signal

    return {"ignored": signal.getsignal(signal.SIGINT) == signal.SIG_IGN}


def test_images_workers_leave_ctrl_c_to_the_run() -> None:
    """The terminal sends Ctrl-C to every process of the job: a worker waiting for work
    printed a 20-line KeyboardInterrupt traceback ("Process ForkProcess-2: ...") above the
    run's own message. Workers ignore SIGINT; the run handles it."""
    from listingkit.images import batch

    results: list[dict[str, object]] = []
    batch.run([1, 2], 2, results.append, fn=_sigint_ignored)
    assert results == [{"ignored": True}] * 2


#: run the CLI with a signal sent to itself while the output's third row is made
_SIGNALLED = """
import os, signal, sys
from listingkit.catalogue import writer

made = 0
rows = writer._Layout._listing_rows

def listing_rows(self, listing):
    global made
    made += 1
    if made == 3:
        os.kill(os.getpid(), signal.{name})
    return rows(self, listing)

writer._Layout._listing_rows = listing_rows
{before}
sys.argv = ["listingkit", *sys.argv[1:]]
from listingkit.commands import main
main()
"""


def _catalogue(tmp_path: Path) -> Path:
    lines = ["sku,title,brand"] + [f"S{i},Steel Water Bottle {i} ml,Acme" for i in range(40)]
    path = tmp_path / "in.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _signalled(tmp_path: Path, name: str, *args: str, before: str = ""
               ) -> subprocess.CompletedProcess[str]:
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path / "tmp")}
    return subprocess.run([sys.executable, "-c", _SIGNALLED.format(name=name, before=before),
                           *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
@pytest.mark.parametrize("ext", ["csv", "xlsx"])
@pytest.mark.parametrize(("name", "code"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_an_interrupted_write_leaves_the_old_output_and_no_temporary_file(
        tmp_path: Path, name: str, code: int, ext: str) -> None:
    """SIGTERM (kill, timeout, a CI runner cancelling a job) killed the process where it
    was: the temporary file beside the output (and openpyxl's in the temporary folder)
    stayed for good, and nothing was said. Ctrl-C printed click's 'Aborted!' with exit 1,
    which is check's exit code for findings. Both now end in one line and exit 128 + the
    signal's number, the old output untouched and no temporary file left."""
    _catalogue(tmp_path)
    out = tmp_path / f"out.{ext}"
    out.write_bytes(b"the previous output\n")
    done = _signalled(tmp_path, name, "convert", "in.csv", "-o", out.name)
    assert done.returncode == code, done.stderr
    assert done.stderr.strip() == f"Error: interrupted by {name}; no output was left " \
                                  "half-written"
    assert out.read_bytes() == b"the previous output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", f"out.{ext}", "tmp"]
    assert list((tmp_path / "tmp").iterdir()) == []  # (openpyxl's own temporary files)


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGHUP"), reason="no SIGHUP")
def test_a_hangup_that_nohup_ignores_stays_ignored(tmp_path: Path) -> None:
    _catalogue(tmp_path)
    done = _signalled(tmp_path, "SIGHUP", "convert", "in.csv", "-o", "out.csv",
                      before="signal.signal(signal.SIGHUP, signal.SIG_IGN)")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("Steel") == 40


_LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # (a write past the limit fails: EFBIG)
resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
sys.argv = ["listingkit", *sys.argv[1:]]
from listingkit.commands import main
main()
"""


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGXFSZ"), reason="POSIX limits")
def test_a_failed_backup_leaves_the_previous_backup_whole(tmp_path: Path) -> None:
    """`check --fix --in-place` copied the catalogue straight onto CATALOGUE~: a copy cut
    short (Ctrl-C, a full disk; here a file-size limit) left a truncated backup in place of
    the previous one. The backup is now written as every output is, then renamed."""
    path = _catalogue(tmp_path)  # (over 1 KiB, with titles --fix changes)
    path.write_text(path.read_text().replace(" ml", "  ml"), encoding="utf-8")
    original = path.read_bytes()
    backup = tmp_path / "in.csv~"
    backup.write_bytes(b"the previous backup\n")
    done = subprocess.run([sys.executable, "-c", _LIMITED, "check", "in.csv", "-p",
                           "amazon-us", "--fix", "--in-place"], cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT),
                               "PYTHONDONTWRITEBYTECODE": "1"},
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "nothing was written" in done.stderr
    assert path.read_bytes() == original
    assert backup.read_bytes() == b"the previous backup\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "in.csv~"]


_INTERRUPTED_IMPORT = """
import sys

class CtrlC:  # (Ctrl-C while the command line is imported: as click is)
    def find_spec(self, name, path=None, target=None):
        if name == "click":
            raise KeyboardInterrupt

sys.meta_path.insert(0, CtrlC())
sys.argv = ["listingkit", "--help"]
from listingkit.__main__ import main
main()
"""


def test_ctrl_c_while_the_command_line_is_imported_is_one_line(tmp_path: Path) -> None:
    """The console script imports click and the command line inside its guard: Ctrl-C in
    the first tens of milliseconds printed a traceback."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _INTERRUPTED_IMPORT], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 130
    assert done.stderr == ("Error: interrupted by SIGINT; no output was left half-written\n")
    assert done.stdout == ""
