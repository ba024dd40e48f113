"""What a streaming command keeps for later on disk, not in memory: a :class:`Spool`.

``optimize`` and ``generate`` read a catalogue as a stream, but write their output (and
``generate`` its findings) only once the whole catalogue has been through: the writer reads
its listings twice (once to size the columns, then to write them), and the output must not be
started before the run is known to have gone through. A spool keeps those objects, pickled one
by one, in an unnamed temporary file (removed when closed, or by the OS when the process ends)
and gives them back in the order added, as many times as asked, a batch of them (:data:`BATCH`)
in memory at a time.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from typing import IO, Generic, Self, TypeVar

from listingkit.errors import OutputError

T = TypeVar("T")

#: objects pickled together: few enough that a batch of listings is a chunk in memory
BATCH = 32


class Spool(Generic[T]):
    """Objects added one by one, read back in order from a temporary file.

    ``what`` names them, and ``out`` the output they are kept for, in the one-line error a
    temporary file that cannot be written gives, as an output that cannot be written does
    ("out.csv: cannot write: No space left on device (the temporary file of the optimised
    listings in /tmp); nothing was written")."""

    def __init__(self, what: str, out: str | None = None) -> None:
        self.what, self.out = what, out
        self.count = 0
        self._file: IO[bytes] | None = None
        self._batches = 0  # (lists of BATCH objects in the file)
        self._pending: list[T] = []  # (the next batch, not yet in the file)
        self._at_end = True  # (the file position is at its end, where the next one goes)
        self._closed = False

    def add(self, item: T) -> None:
        if self._closed:
            raise ValueError(f"the spool of {self.what} is closed")
        self._pending.append(item)
        self.count += 1
        if len(self._pending) >= BATCH:
            self._dump()

    def _dump(self) -> None:
        """The pending batch into the file, pickled as one list (one pickle per object costs
        a tenth of a run's time)."""
        try:
            if self._file is None:
                # (kept open across calls: closed by close() or the with block)
                self._file = tempfile.TemporaryFile(prefix="listingkit-spool-")  # noqa: SIM115
            elif not self._at_end:
                self._file.seek(0, os.SEEK_END)
                self._at_end = True
            pickle.dump(self._pending, self._file, pickle.HIGHEST_PROTOCOL)
        except OSError as exc:
            raise self._failed(exc) from None
        self._pending = []
        self._batches += 1

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[T]:
        """The objects added so far, in order; each iteration reads the file from the start
        (at its own place in it, so two can go on at once)."""
        if self._closed:
            raise ValueError(f"the spool of {self.what} is closed")
        if self._pending:
            self._dump()
        if self._file is None:
            return
        handle, offset = self._file, 0
        try:
            handle.flush()  # (what the last batches left in the buffer: a full disk says so)
        except OSError as exc:
            raise self._failed(exc) from None
        for _ in range(self._batches):
            self._at_end = False
            handle.seek(offset)
            batch = pickle.load(handle)  # (our own unnamed file, written by _dump() alone)
            offset = handle.tell()
            yield from batch

    def _failed(self, exc: OSError) -> OutputError:
        """The spool given up (its file closed and gone) and the error to say so."""
        self.close()
        where = f"{self.out}: " if self.out else ""
        return OutputError(f"{where}cannot write: {exc.strerror or exc} (the temporary file of "
                           f"the {self.what} in {tempfile.gettempdir()}); nothing was written")

    def close(self) -> None:
        """Close and so remove the file; what was never written of it is dropped."""
        self._closed = True
        self._pending = []
        if self._file is not None:
            handle, self._file = self._file, None
            with contextlib.suppress(OSError):  # (a full disk: the file is closed all the same)
                handle.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
