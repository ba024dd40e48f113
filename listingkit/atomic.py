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
