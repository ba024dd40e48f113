"""Where outputs go: folders inside OUT, made without following links, nothing in the way.

OUT itself may be a link (the user named it). Inside OUT, a link where an output folder goes
is refused, not followed and not replaced: following it writes outside OUT (``OUT/SKU ->
/elsewhere``), and replacing it would silently undo something a person or a sync tool set
up; the operator decides. The check runs once for every output before any work
(:func:`check`, one line, exit 2) and again, per folder, just before each write
(:func:`ensure_parent`), so a link made during the run is refused too. The link test and the
write are two steps; someone who can change OUT while it is written can still race them, as
with any path-based writer. A link where an output *file* goes is harmless: the temporary file
replaces the link itself (``os.replace`` never follows it).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from listingkit.errors import OutputError

_SPACE = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
_AWAY = "move it away or choose another output folder"


def _kind(path: Path) -> str:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise OutputError(f"{path}: cannot check output folder: {exc.strerror}") from exc
    return "link" if stat.S_ISLNK(mode) else "dir" if stat.S_ISDIR(mode) else "file"


def _refuse(path: Path, kind: str, rel: str) -> OutputError:
    if kind == "link":
        try:
            to = f" (to {os.readlink(path)})"
        except OSError:
            to = ""
        return OutputError(f"{path}: is a link{to} inside the output folder; listingkit "
                           f"never writes through links there: remove it or choose another "
                           "output folder")
    return OutputError(f"{path}: is a file where the folder for {rel} must go; {_AWAY}")


def check(out: Path, rels: Iterable[str]) -> None:
    """Before any work: no link or file where an output folder goes, no folder where an
    output file goes. Raises a one-line OutputError naming the path."""
    known: dict[Path, str] = {}
    for rel in rels:
        parts = PurePosixPath(rel).parts
        path = out
        for part in parts[:-1]:
            path = path / part
            kind = known.get(path) or known.setdefault(path, _kind(path))
            if kind == "missing":
                break
            if kind != "dir":
                raise _refuse(path, kind, rel)
        else:
            _free_slot(path / parts[-1])


def make_folder(out: Path) -> None:
    """Make the output folder ``out`` and its parents (OUT itself is the user's: links
    allowed), or raise a one-line OutputError naming it."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot make output folder: {exc.strerror}") from exc


def ensure_parent(out: Path, rel: str) -> Path:
    """Make the folders for one output inside ``out`` without following links; the target."""
    parts = PurePosixPath(rel).parts
    make_folder(out)
    path = out
    for part in parts[:-1]:
        path = path / part
        try:
            os.mkdir(path)
            continue
        except FileExistsError:
            pass
        except OSError as exc:
            raise OutputError(f"{path}: cannot make output folder: {exc.strerror}") from exc
        kind = _kind(path)
        if kind != "dir":
            raise _refuse(path, kind, rel)
    return _free_slot(path / parts[-1])


def _free_slot(target: Path) -> Path:
    """``target``, unless a folder is where that output image must go."""
    if _kind(target) == "dir":
        raise OutputError(f"{target}: is a folder where an output image must go; {_AWAY}")
    return target


def out_of_space(exc: BaseException) -> bool:
    """True when writing failed for want of disk space or quota (ENOSPC, EDQUOT)."""
    seen: BaseException | None = exc
    for _ in range(4):  # the OSError behind an OutputError is its cause or context
        if seen is None:
            break
        if isinstance(seen, OSError) and seen.errno in _SPACE:
            return True
        seen = seen.__cause__ or seen.__context__
    return any(os.strerror(code) in str(exc) for code in _SPACE)


def problem(exc: BaseException) -> str:
    """A one-line message for a failed write (the path and what went wrong)."""
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else "output"
        return f"{where}: cannot write: {exc.strerror or exc}"
    return str(exc)
