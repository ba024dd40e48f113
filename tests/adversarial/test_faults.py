"""Faults: kill -9 mid-run, a full disk, two runs on one output at once.

These need real processes, so they run ``python -m listingkit`` in subprocesses.
``LISTINGKIT_FAULT_TRIALS`` sets the kill -9 trials per command (default 10: 20 in all).
"""

from __future__ import annotations

import hashlib
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus

TRIALS = int(os.environ.get("LISTINGKIT_FAULT_TRIALS", "10"))
LISTINGKIT = [sys.executable, "-m", "listingkit"]


def _run(args: list[str], cwd: Path, timeout: float = 120, **kw: object
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LISTINGKIT, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False, **kw)  # type: ignore[call-overload, no-any-return]


def _tree(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under ``folder`` (lock file aside)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".listingkit.lock"}


def _photos(folder: Path, count: int) -> Path:
    from PIL import Image  # tests may use Pillow to make fixtures

    folder.mkdir(parents=True, exist_ok=True)
    base = Image.radial_gradient("L").convert("RGB")
    for i in range(count):
        base.resize((1000 + 20 * i, 1000)).save(folder / f"LK-{i}_1.jpg", quality=85)
    return folder


def _catalogue(path: Path, count: int) -> Path:
    path.write_text(corpus.HEAD + corpus.rows(count), encoding="utf-8")
    return path


def _kill_trials(tmp_path: Path, args: list[str], output: Path) -> list[float]:
    """Run once for the reference, then kill -9 at random points and rerun to completion."""
    start = time.monotonic()
    reference = _run(args, tmp_path)
    span = time.monotonic() - start
    assert reference.returncode in (0, 1), reference.stderr[-1000:]
    expected = _tree(output) if output.is_dir() else {"": output.read_bytes().hex()}
    rng = random.Random(8)
    points = []
    for _ in range(TRIALS):
        if output.is_dir():
            for path in sorted(output.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
        else:
            output.unlink(missing_ok=True)
        point = rng.uniform(0.05, 1.0) * span
        points.append(point)
        proc = subprocess.Popen([*LISTINGKIT, *args], cwd=tmp_path, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(point)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if output.is_file():  # an output either is complete or is not there at all
            assert output.read_bytes().hex() == expected[""], f"partial output at {point:.2f}s"
        rerun = _run(args, tmp_path)
        assert rerun.returncode == reference.returncode, rerun.stderr[-1000:]
        assert "Traceback" not in rerun.stderr
        got = _tree(output) if output.is_dir() else {"": output.read_bytes().hex()}
        assert got == expected, f"rerun after kill -9 at {point:.2f}s differs"
    return points


def test_kill_9_during_images_then_rerun_is_byte_identical(tmp_path: Path) -> None:
    photos = _photos(tmp_path / "photos", 10)
    out = tmp_path / "upload"
    _kill_trials(tmp_path, ["images", str(photos), "-p", "amazon-us,etsy", "-o", str(out),
                            "-j", "2"], out)
    assert not list(out.rglob(".*.tmp")), "a rerun must sweep a killed run's temporaries"


def test_kill_9_during_generate_then_rerun_is_byte_identical(tmp_path: Path) -> None:
    catalogue = _catalogue(tmp_path / "products.csv", 300)
    out = tmp_path / "amazon.txt"
    _kill_trials(tmp_path, ["generate", str(catalogue), "-p", "amazon-us", "-o", str(out),
                            "--memory", str(tmp_path / "tm.sqlite")], out)


# --- a full disk ----------------------------------------------------------------------------

def _file_size_limit(limit: int):  # type: ignore[no-untyped-def]
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.parametrize("command", ["convert", "generate", "images"])
def test_full_disk_exits_2_and_keeps_the_previous_output(command: str, tmp_path: Path) -> None:
    catalogue = _catalogue(tmp_path / "products.csv", 2000)
    if command == "images":
        out = tmp_path / "upload"
        args = ["images", str(_photos(tmp_path / "photos", 3)), "-p", "amazon-us", "-o",
                str(out), "-j", "1"]
        previous = out / "LK-0" / "amazon-us" / "LK-0_1.jpg"
        limit = 8_000
    else:
        out = tmp_path / ("converted.jsonl" if command == "convert" else "amazon.txt")
        args = [command, str(catalogue), "-o", str(out)]
        if command == "generate":
            args += ["-p", "amazon-us", "--memory", str(tmp_path / "tm.sqlite"),
                     "--language-check", "off"]
        previous = out
        limit = 64_000
    first = _run(args, tmp_path)
    assert first.returncode in (0, 1) and previous.is_file(), first.stderr[-800:]
    before = _tree(out) if out.is_dir() else {"": out.read_bytes().hex()}
    full = _run([*args, "--force"] if command == "images" else args, tmp_path,
                preexec_fn=_file_size_limit(limit))
    errors = [line for line in full.stderr.splitlines() if line.startswith("Error:")]
    assert full.returncode == 2, full.stderr[-1500:] + full.stdout[-500:]
    assert "Traceback" not in full.stderr and len(errors) == 1, full.stderr[-1500:]
    assert "cannot write" in errors[0], errors[0]
    after = _tree(out) if out.is_dir() else {"": out.read_bytes().hex()}
    assert after == before, "the previous output was damaged"
    assert not [p for p in tmp_path.rglob(".*.tmp")], "a temporary file was left behind"


# --- two runs at once -----------------------------------------------------------------------

def test_two_images_runs_on_one_folder_one_waits_out_with_exit_2(tmp_path: Path) -> None:
    photos = _photos(tmp_path / "photos", 16)
    out = tmp_path / "upload"
    args = ["images", str(photos), "-p", "amazon-us,etsy,shopify", "-o", str(out), "-j", "1"]
    first = subprocess.Popen([*LISTINGKIT, *args], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    _wait_for_lock(out / ".listingkit.lock", first)
    second = _run(args, tmp_path)
    _, err1 = first.communicate(timeout=300)
    assert first.returncode in (0, 1), err1[-800:]
    assert second.returncode == 2, second.stderr
    assert "another listingkit run is writing this folder" in second.stderr
    assert "Traceback" not in second.stderr + err1
    done = _run(args, tmp_path)  # the folder is complete and current afterwards
    assert done.returncode == first.returncode and " 0 " in done.stdout.splitlines()[1]


def _wait_for_lock(path: Path, proc: subprocess.Popen[str]) -> None:
    import fcntl

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists():
            with path.open("a") as handle:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    return  # held by the first run
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        time.sleep(0.01)
    pytest.fail("the first run never took the folder lock")


def test_two_generate_runs_on_one_output_file_both_finish_whole(tmp_path: Path) -> None:
    """generate writes one file atomically: concurrent runs each replace it whole and the last
    one wins; the shared translation memory (SQLite) must not make either fail."""
    catalogue = _catalogue(tmp_path / "products.csv", 400)
    out = tmp_path / "amazon.txt"
    args = ["generate", str(catalogue), "-p", "amazon-us", "-o", str(out), "--memory",
            str(tmp_path / "tm.sqlite")]
    logs = [tmp_path / f"run{i}.log" for i in range(2)]
    procs = [subprocess.Popen([*LISTINGKIT, *args], cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=log.open("w")) for log in logs]
    for proc, log in zip(procs, logs, strict=True):
        code, err = proc.wait(timeout=300), log.read_text()
        assert code in (0, 1) and "Traceback" not in err and "internal error" not in err, err
    alone = tmp_path / "alone.txt"
    _run([*args[:-4], "-o", str(alone), *args[-2:]], tmp_path)
    assert out.read_bytes() == alone.read_bytes()
    assert not list(tmp_path.glob(".amazon.txt.*.tmp"))
