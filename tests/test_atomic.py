"""Atomic writes, output-folder locks and the sweep of a killed run's temporaries."""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from listingkit.atomic import FolderLock, atomic_write, sweep_temporaries
from listingkit.errors import OutputError


def test_atomic_write_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(ZeroDivisionError), atomic_write(target) as handle:
        handle.write("half")
        raise ZeroDivisionError
    assert target.read_text() == "old" and list(tmp_path.iterdir()) == [target]
    with atomic_write(target, backup=True) as handle:
        handle.write("new")
    assert target.read_text() == "new"
    assert (tmp_path / "out.txt~").read_text() == "old"


def test_second_writer_of_a_folder_is_refused(tmp_path: Path) -> None:
    with FolderLock(tmp_path), pytest.raises(OutputError,
                                             match="another listingkit run is writing"):
        FolderLock(tmp_path).acquire()
    FolderLock(tmp_path).acquire().release()  # free again once the first one is done


def test_sweep_removes_only_temporaries(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    stale = tmp_path / "a" / ".x.jpg.abc123.tmp"
    stale.write_text("partial")
    keep = tmp_path / "a" / "x.jpg"
    keep.write_text("done")
    assert sweep_temporaries(tmp_path, lambda _: True) == 1
    assert not stale.exists() and keep.exists()
    # only the temporaries of the targets asked for
    other = tmp_path / "a" / ".c.csv.def456.tmp"
    other.write_text("another program's")
    stale.write_text("partial")
    assert sweep_temporaries(tmp_path, lambda name: name.endswith(".jpg")) == 1
    assert not stale.exists() and other.exists()


@pytest.fixture
def umask_022():
    """Run under umask 022 (and read it afresh: the module reads it once per process)."""
    from listingkit.atomic import process_umask

    old = os.umask(0o022)
    process_umask.cache_clear()
    yield
    os.umask(old)
    process_umask.cache_clear()


def test_new_output_gets_the_mode_the_umask_gives(tmp_path: Path, umask_022: None) -> None:
    with atomic_write(tmp_path / "new.txt") as handle:
        handle.write("x")
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644
    os.umask(0o027)
    from listingkit.atomic import process_umask

    process_umask.cache_clear()
    with atomic_write(tmp_path / "group.txt") as handle:
        handle.write("x")
    assert stat.S_IMODE((tmp_path / "group.txt").stat().st_mode) == 0o640


def test_replaced_output_keeps_its_mode(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "shared.csv"
    target.write_text("old")
    target.chmod(0o664)
    with atomic_write(target, backup=True) as handle:
        handle.write("new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o664
    target.chmod(0o600)
    with atomic_write(target) as handle:
        handle.write("newer")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="only root may give a file to another owner")
def test_replaced_output_keeps_its_owner(tmp_path: Path) -> None:
    target = tmp_path / "theirs.csv"
    target.write_text("old")
    os.chown(target, 4321, 4321)
    with atomic_write(target) as handle:
        handle.write("new")
    assert (target.stat().st_uid, target.stat().st_gid) == (4321, 4321)


def test_in_place_fix_keeps_the_catalogue_mode(run, write, umask_022: None) -> None:
    path = write("cat.csv", "sku,title\nA1,Acme  Water Bottle 500 ml Blue\n")
    path.chmod(0o664)
    run("check", path, "-p", "amazon-us", "--fix", "--in-place")
    assert "Acme Water" in path.read_text()  # (the fix was written)
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


def test_symlinked_output_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to("real.csv")
    with atomic_write(link) as handle:
        handle.write("new")
    assert link.is_symlink() and os.readlink(link) == "real.csv"
    assert real.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]


def test_character_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    # (through a link of our own, like /dev/stdout: a regression replaces only the link,
    # never the system's /dev/null)
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    before = os.stat(os.devnull)
    with atomic_write(link) as handle:
        handle.write("discarded")
    after = os.stat(os.devnull)
    assert link.is_symlink() and os.readlink(link) == os.devnull
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_fifo_is_written_through_to_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    with atomic_write(fifo) as handle:
        handle.write("sku,title\n")
    reader.join(timeout=10)
    assert got == [b"sku,title\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def _refused(target: Path) -> str:
    with pytest.raises(OutputError) as caught, atomic_write(target):
        pass
    return str(caught.value)


def test_folder_socket_or_file_in_the_way_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "dir.csv").mkdir()
    assert _refused(tmp_path / "dir.csv").endswith("dir.csv: cannot write: it is a folder, "
                                                   "not a file")
    (tmp_path / "file").write_text("x")
    assert _refused(tmp_path / "file" / "out.csv") == (
        f"{tmp_path}/file/out.csv: cannot write: {tmp_path}/file is a file, not a folder")
    with socket.socket(socket.AF_UNIX) as sock:
        try:
            sock.bind(str(tmp_path / "sock"))
        except OSError:  # (a path too long for AF_UNIX)
            return
        assert _refused(tmp_path / "sock").endswith("sock: cannot write: it is a socket, "
                                                    "not a file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.csv", "file", "sock"]


def test_the_folder_lock_is_never_taken_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / FolderLock.NAME).symlink_to(outside)
    with pytest.raises(OutputError, match="it is a link"), FolderLock(tmp_path / "out"):
        pass
    assert not outside.exists()
    with FolderLock(tmp_path):  # (a plain folder: the lock file is made there)
        assert (tmp_path / FolderLock.NAME).is_file()


def test_links_false_replaces_a_link_instead_of_writing_through_it(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "out.txt"
    link.symlink_to(victim)
    with atomic_write(link, links=False) as handle:
        handle.write("new")
    assert victim.read_text() == "precious"
    assert not link.is_symlink() and link.read_text() == "new"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_does_not_keep_the_folder_lock(tmp_path: Path) -> None:
    """`images` forks its workers while it holds the folder lock. A flock belongs to the open
    file, which a forked child shares: when the run was killed, its workers (which outlive
    it) kept the folder locked, and every later run was refused. A child closes its copy:
    the lock ends with the process that took it."""
    lock = FolderLock(tmp_path).acquire()
    started, hold = os.pipe(), os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: say it runs, then live on until told
        try:
            os.write(started[1], b"x")
            os.read(hold[0], 1)
        finally:
            os._exit(0)
    try:
        assert os.read(started[0], 1) == b"x"  # (the child's fork handlers have run)
        lock.release()  # as the run's death would
        FolderLock(tmp_path).acquire().release()
    finally:
        os.write(hold[1], b"x")
        os.waitpid(pid, 0)
        for fd in (*started, *hold):
            os.close(fd)
