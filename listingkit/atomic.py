"""Atomic output: write to a temporary file beside the target, then ``os.replace``.

A failed or interrupted write never leaves a half-written or clobbered output behind. The
output gets the mode a plain ``open`` would give it: a new file what the umask allows, a
replaced file its own mode (and owner, where the OS lets us). A symlink is followed: its target
is replaced and the link stays. A character device or FIFO (``/dev/null``, ``/dev/stdout``, a
named pipe) is written straight through, as there is nothing to replace atomically; any other
existing node that is not a regular file (a folder, socket or block device) is refused.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Self

from listingkit.errors import OutputError


@functools.lru_cache(maxsize=1)
def process_umask() -> int:
    """The process umask, read once: from ``/proc`` where there is one (nothing changes), else
    by setting and restoring it, once, before any output is written."""
    with contextlib.suppress(OSError, ValueError, IndexError), \
            open("/proc/self/status", encoding="ascii", errors="replace") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _blocker(folder: Path) -> str:
    """Why ``folder`` cannot hold an output: the first part of it that is missing or a file."""
    for part in reversed((folder, *folder.parents)):
        if part.exists() and not part.is_dir():
            return f"{part} is a file, not a folder"
        if not part.exists():
            return f"output folder {folder} does not exist"
    return f"output folder {folder} is not usable"


def folder_problem(target: str | Path) -> str:
    """Why the folder of ``target`` cannot take an output ("" when it can): a command checks
    it before its work, so a long run never ends on a missing folder."""
    folder = Path(target).parent
    return "" if folder.is_dir() else _blocker(folder)


def _existing(target: Path) -> os.stat_result | None:
    """``target``'s status, following symlinks; None when nothing is there yet."""
    try:
        return os.stat(target)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise OutputError(f"{target}: cannot write: {_blocker(target.parent)}") from None
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None


def _kind(mode: int) -> str:
    return ("a folder" if stat.S_ISDIR(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a block device" if stat.S_ISBLK(mode) else "not a regular file")


def _open_args(mode: str, encoding: str | None, newline: str | None) -> dict[str, Any]:
    return {} if "b" in mode else {"encoding": encoding, "newline": newline}


@contextlib.contextmanager
def _stream(target: Path, mode: str, encoding: str | None,
            newline: str | None) -> Iterator[IO[Any]]:
    """Write a character device or FIFO directly: a reader sees the bytes as they come."""
    try:
        handle = open(target, mode, **_open_args(mode, encoding, newline))  # noqa: SIM115
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with handle:
            yield handle
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None


def _match_mode(fd: int, existing: os.stat_result | None) -> None:
    """Give the temporary file the mode (and owner) the output should end with."""
    if os.name == "nt":  # pragma: no cover - Windows has no modes or owners to keep
        return
    if existing is None:
        os.fchmod(fd, 0o666 & ~process_umask())
        return
    mine = os.fstat(fd)
    if (existing.st_uid, existing.st_gid) != (mine.st_uid, mine.st_gid):
        try:  # (only root may give a file away; an owner may still pass it to its group)
            os.fchown(fd, existing.st_uid, existing.st_gid)
        except OSError:
            with contextlib.suppress(OSError):
                os.fchown(fd, -1, existing.st_gid)
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))


@contextlib.contextmanager
def atomic_write(target: str | Path, mode: str = "w", encoding: str | None = "utf-8",
                 newline: str | None = "", backup: bool = False, links: bool = True
                 ) -> Iterator[IO[Any]]:
    """Open a temporary file next to ``target``; on success it replaces ``target`` atomically.

    ``backup`` keeps the previous file as ``target~``. On any exception the temporary file is
    removed and ``target`` is untouched. See the module's docstring for symlinks, devices and
    the mode the output gets. ``links=False``: a symlink at ``target`` is replaced by the new
    file, never followed (outputs whose names the program makes up inside an output folder,
    where a link could lead out of it).
    """
    target = Path(target)
    existing = None if not links and target.is_symlink() else _existing(target)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        if stat.S_ISCHR(existing.st_mode) or stat.S_ISFIFO(existing.st_mode):
            with _stream(target, mode, encoding, newline) as handle:
                yield handle
            return
        raise OutputError(f"{target}: cannot write: it is {_kind(existing.st_mode)}, "
                          "not a file")
    real = Path(os.path.realpath(target)) if links and target.is_symlink() else target
    folder = real.parent if str(real.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: cannot write: {_blocker(folder)}")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from None
    try:
        _match_mode(fd, existing)
        with os.fdopen(fd, mode, **_open_args(mode, encoding, newline)) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if backup and real.exists():
            os.replace(real, real.with_name(real.name + "~"))
        os.replace(tmp, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}; "
                          "nothing was written") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class FolderLock:
    """An exclusive, non-blocking lock on an output folder, released by the OS if we die.

    Two runs writing the same folder at once would race on the same files; the second one is
    told why and stops (exit 2) instead. A flock belongs to the open file, which a forked
    child (an ``images`` worker) shares: the child closes its copy (:func:`_drop_in_child`),
    so a worker that outlives a killed run does not keep the folder locked.
    """

    NAME = ".listingkit.lock"

    def __init__(self, folder: str | Path) -> None:
        self.path = Path(folder) / self.NAME
        self._handle: IO[Any] | None = None

    def acquire(self) -> Self:
        # never through a link: the lock file would be made wherever the link points
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            handle = os.fdopen(os.open(self.path, flags, 0o666), "a+")
        except OSError as exc:
            why = "it is a link" if self.path.is_symlink() else exc.strerror or str(exc)
            raise OutputError(f"{self.path}: cannot lock the output folder: {why}") from None
        try:
            _lock_file(handle)
        except OSError:
            handle.close()
            raise OutputError(f"{self.path.parent}: another listingkit run is writing this "
                              "folder; wait for it to finish or choose another output folder"
                              ) from None
        self._handle = handle
        _HELD.add(self)
        return self

    def release(self) -> None:
        _HELD.discard(self)
        if self._handle is not None:
            self._handle.close()  # closing drops the lock
            self._handle = None

    def __enter__(self) -> Self:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


#: the locks this process holds, for :func:`_drop_in_child`
_HELD: set[FolderLock] = set()


def _drop_in_child() -> None:
    """In a forked child: close the inherited lock files. Only closing every copy of the open
    file releases a flock, so the parent keeps the lock, and it ends when the parent does."""
    for lock in list(_HELD):
        if lock._handle is not None:
            with contextlib.suppress(OSError):
                lock._handle.close()
            lock._handle = None
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_in_child)


def _lock_file(handle: IO[Any]) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def sweep_temporaries(folder: str | Path, targets: Callable[[str], bool]) -> int:
    """Remove temporary files a killed run left behind (call while holding the FolderLock):
    those of :func:`atomic_write` (``.NAME.XXXXXXXX.tmp``) whose target NAME ``targets``
    accepts, so that another program's temporary file in the folder (a ``convert -o`` into
    it, running now) is left alone."""
    removed = 0
    for path in Path(folder).rglob(".*.tmp"):
        name = path.name[1:-4].rpartition(".")[0]  # (".x.jpg.abc123.tmp": "x.jpg")
        if name and targets(name) and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed
