"""Atomic writes, output-folder locks and the sweep of a killed run's temporaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from listingkit.atomic import FolderLock, atomic_write, sweep_temporaries
from listingkit.errors import OutputError


def test_atomic_write_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(ZeroDivisionError), atomic_write(target) as handle:
        handle.write("half")
        1 / 0
    assert target.read_text() == "old" and list(tmp_path.iterdir()) == [target]
    with atomic_write(target, backup=True) as handle:
        handle.write("new")
    assert target.read_text() == "new"
    assert (tmp_path / "out.txt~").read_text() == "old"


def test_second_writer_of_a_folder_is_refused(tmp_path: Path) -> None:
    with FolderLock(tmp_path):
        with pytest.raises(OutputError, match="another listingkit run is writing"):
            FolderLock(tmp_path).acquire()
    FolderLock(tmp_path).acquire().release()  # free again once the first one is done


def test_sweep_removes_only_temporaries(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    stale = tmp_path / "a" / ".x.jpg.abc123.tmp"
    stale.write_text("partial")
    keep = tmp_path / "a" / "x.jpg"
    keep.write_text("done")
    assert sweep_temporaries(tmp_path) == 1
    assert not stale.exists() and keep.exists()
