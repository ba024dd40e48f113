"""An XLSX that cannot be written (a full disk): one line, exit 2, nothing left behind.

openpyxl's own save left its zip archive open when a write failed; closed when
garbage-collected at exit, it wrote to the temporary file already closed, and Python printed
"Exception ignored in: <function ZipFile.__del__ ...> Traceback ... seek of closed file" after
the error line. These run the CLI in a child process, as operators do, so that what Python
prints at exit is seen too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import listingkit

ROOT = Path(listingkit.__file__).resolve().parents[1]

#: runs the CLI with every binary file listingkit.atomic opens failing with ENOSPC after
#: LIMIT bytes (a disk that fills during the save), or with a file size limit (RLIMIT_FSIZE);
#: SKIP: so many binary files are written first in full (check --in-place's backup)
DRIVER = '''
import errno, os, sys
if os.environ.get("FSIZE"):
    import resource
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(os.environ["FSIZE"]),) * 2)
else:
    import listingkit.atomic as atomic
    limit, fdopen = int(os.environ["LIMIT"]), os.fdopen
    skip = [int(os.environ.get("SKIP", "0"))]

    class Full:
        def __init__(self, handle):
            self.handle, self.written = handle, 0

        def write(self, data):
            self.written += len(data)
            if self.written > limit:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return self.handle.write(data)

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)

    class FillingOs:
        def __getattr__(self, name):
            return getattr(os, name)

        @staticmethod
        def fdopen(fd, mode, **kw):
            handle = fdopen(fd, mode, **kw)
            if "b" in mode and skip[0]:
                skip[0] -= 1
                return handle
            return Full(handle) if "b" in mode else handle

    atomic.os = FillingOs()
from listingkit.commands import main
sys.argv = ["listingkit", *sys.argv[1:]]
main()
'''


def _run(tmp_path: Path, *args: object, **env: str) -> subprocess.CompletedProcess[str]:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    return subprocess.run([sys.executable, str(driver), *map(str, args)], check=False,
                          cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                          capture_output=True, text=True, timeout=120)


def _catalogue(folder: Path, rows: int) -> Path:
    path = folder / "in" / "listings.csv"
    path.parent.mkdir()
    lines = ["sku,title,brand,description"]
    lines += [f"S{i},Acme Bottle {i},Acme,{'steel bottle ' * 8}{i}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _assert_one_clean_line(result: subprocess.CompletedProcess[str], out: Path,
                           why: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, \
        result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: {out}: cannot write: {why}; nothing was written"], result.stderr


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_a_new_workbook_that_fills_the_disk_is_one_line_and_leaves_nothing(tmp_path: Path,
                                                                           where: str) -> None:
    source = _catalogue(tmp_path, 50)
    out = tmp_path / "out" / "listings.xlsx"
    out.parent.mkdir()
    _run(tmp_path, "convert", source, "-o", out, LIMIT="100000000")
    size = out.stat().st_size  # (the disk fills in the first file, mid-way, in the zip's index)
    out.write_bytes(b"previous")
    limit = {"start": 300, "middle": size // 2, "end": size - 40}[where]
    result = _run(tmp_path, "convert", source, "-o", out, LIMIT=str(limit))
    _assert_one_clean_line(result, out, "No space left on device")
    assert out.read_bytes() == b"previous"
    assert [p.name for p in out.parent.iterdir()] == ["listings.xlsx"]  # (no temporary file)


def test_a_workbook_written_back_that_fills_the_disk_is_one_line_and_leaves_it(tmp_path: Path
                                                                               ) -> None:
    import openpyxl

    path = tmp_path / "out" / "flat.xlsx"
    path.parent.mkdir()
    book = openpyxl.Workbook()
    book.active.append(["sku", "title", "brand"])
    for i in range(50):
        book.active.append([f"S{i}", f"Acme  Bottle {i}", "Acme"])
    book.save(path)
    before = path.read_bytes()
    result = _run(tmp_path, "check", path, "-p", "amazon-us", "--fix", "--in-place",
                  "--select", "C007", LIMIT="2000", SKIP="1")
    _assert_one_clean_line(result, path, "No space left on device")
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["flat.xlsx", "flat.xlsx~"]


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_temporary_folder_while_openpyxl_streams_the_sheet_is_one_line(
        tmp_path: Path) -> None:
    """openpyxl writes a sheet to a temporary file of its own before zipping it: that file
    failing was an "internal error" plus "Exception ignored in: <generator ...>"."""
    source = _catalogue(tmp_path, 2000)  # (about 330 kB of sheet XML)
    out = tmp_path / "out" / "listings.xlsx"
    out.parent.mkdir()
    result = _run(tmp_path, "convert", source, "-o", out, FSIZE=str(64 * 1024))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, \
        result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {out}: cannot write: File too large") and \
        line.endswith("; nothing was written"), line
    assert list(out.parent.iterdir()) == []
