"""A catalogue written back after a run that streamed it (``check --fix``, ``optimize -o``).

Such a run keeps no listing it did not change: the output pass reads the catalogue again and
puts each changed listing in place of the one read at its place in the file. The file must be
the one the run read: its :func:`stamp` (size and modification time), taken before the run,
is compared with the file's before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from listingkit.errors import OutputError
from listingkit.listing import Listing


def stamp(path: str | Path) -> tuple[int, int]:
    """The size and modification time of ``path``: whether it changed since it was read."""
    info = Path(path).stat()
    return info.st_size, info.st_mtime_ns


def refuse_changed(path: str | Path, since: tuple[int, int], doing: str) -> None:
    """An OutputError when ``path`` is no longer as it was when ``since`` was taken."""
    if stamp(path) != since:
        raise OutputError(f"{path}: changed while it was {doing}; nothing was written")


def written_back(catalogue: Iterable[Listing], changes: Iterable[tuple[int, Listing]]
                 ) -> tuple[Callable[[], Iterator[Listing]], Callable[[Listing], Listing]]:
    """The listings to write and the ``read_as`` of :func:`~listingkit.catalogue.write_catalogue`
    for a catalogue written back: ``catalogue`` read again (each time the writer asks), with
    each listing of ``changes`` ((its index in the catalogue, the listing), in the order of the
    catalogue) given in place of the one read there, and ``read_as`` mapping it to that one.

    Only the changed listing last given is remembered: the writer asks what a listing was
    read as when it takes it, before it takes the next."""
    last: list[Listing] = []  # (the changed listing last given, the one read at its place)

    def listings() -> Iterator[Listing]:
        pending = iter(changes)
        at, changed = next(pending, (-1, None))
        for index, listing in enumerate(catalogue):
            if index == at and changed is not None:
                last[:] = (changed, listing)
                yield changed
                at, changed = next(pending, (-1, None))
            else:
                yield listing

    def read_as(listing: Listing) -> Listing:
        return last[1] if last and listing is last[0] else listing

    return listings, read_as
