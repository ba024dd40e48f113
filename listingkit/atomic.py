"""Atomic output: write to a temporary file beside the target, then ``os.replace``.

A failed or interrupted write never leaves a half-written or clobbered output behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from listingkit.errors import OutputError


@contextlib.contextmanager
def atomic_write(target: str | Path, mode: str = "w", encoding: str | None = "utf-8",
                 newline: str | None = "", backup: bool = False) -> Iterator[IO[Any]]:
    """Open a temporary file next to ``target``; on success it replaces ``target`` atomically.

    ``backup`` keeps the previous file as ``target~``. On any exception the temporary file is
    removed and ``target`` is untouched.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: output folder {folder} does not exist")
    binary = "b" in mode
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, mode, **({} if binary else {"encoding": encoding,
                                                          "newline": newline})) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if backup and target.exists():
            os.replace(target, target.with_name(target.name + "~"))
        os.replace(tmp, target)
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
    told why and stops (exit 2) instead.
    """

    NAME = ".listingkit.lock"

    def __init__(self, folder: str | Path) -> None:
        self.path = Path(folder) / self.NAME
        self._handle: IO[Any] | None = None

    def acquire(self) -> FolderLock:
        handle = self.path.open("a+")
        try:
            _lock_file(handle)
        except OSError:
            handle.close()
            raise OutputError(f"{self.path.parent}: another listingkit run is writing this "
                              "folder; wait for it to finish or choose another output folder"
                              ) from None
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing drops the lock
            self._handle = None

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _lock_file(handle: IO[Any]) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def sweep_temporaries(folder: str | Path) -> int:
    """Remove temporary files a killed run left behind (call while holding the FolderLock)."""
    removed = 0
    for path in Path(folder).rglob(".*.tmp"):
        if path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed
