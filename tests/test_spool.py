"""The spool a streaming command keeps what it writes later in (listingkit.spool)."""

from __future__ import annotations

import errno
import tempfile
from itertools import islice

import pytest

from listingkit.errors import OutputError
from listingkit.listing import Listing, Origin
from listingkit.spool import BATCH, Spool


def test_gives_back_what_was_added_in_order_as_often_as_asked() -> None:
    items = [Listing(sku=f"S{i}", title="Mug – 350 ml", bullets=["a", "b"],
                     attributes={"color": "Blue"}, source=Origin("c.csv", i + 2))
             for i in range(300)]
    with Spool[Listing]("listings") as spool:
        assert list(spool) == [] and not spool
        for item in items:  # (more than a batch: some in the file, the rest still pending)
            spool.add(item)
        assert len(spool) == 300 > BATCH
        assert list(spool) == items and list(spool) == items  # (the writer reads twice)
        assert next(iter(spool)) is not items[0]  # (a copy read back from the file)


def test_two_readings_at_once_and_an_addition_between_them() -> None:
    with Spool[int]("numbers") as spool:
        for i in range(50):
            spool.add(i)
        first, second = iter(spool), iter(spool)
        assert list(islice(first, 10)) == list(range(10))
        assert list(islice(second, 5)) == list(range(5))
        spool.add(50)  # (goes at the end, whatever was read meanwhile)
        assert list(first) == list(range(10, 50))
        assert list(spool) == list(range(51))


def test_a_closed_spool_is_not_read() -> None:
    spool = Spool[int]("numbers")
    spool.add(1)
    spool.close()
    with pytest.raises(ValueError, match="closed"):
        list(spool)


def test_a_full_temporary_folder_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class Full:
        closed = False

        def write(self, _data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            self.closed = True

    full = Full()
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda **_kw: full)
    spool = Spool[str]("findings", "out.txt")
    for _ in range(BATCH - 1):  # (a batch waits in memory until it is full)
        spool.add("a line")
    with pytest.raises(OutputError) as caught:
        spool.add("a line")
    assert str(caught.value) == "out.txt: cannot write: No space left on device (the " \
        f"temporary file of the findings in {tempfile.gettempdir()}); nothing was written"
    assert full.closed


def test_a_full_disk_found_when_the_buffer_is_written_is_a_one_line_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """What add() leaves in the file's buffer is written when the spool is read: a full disk
    shows there (a file size limit, as tests/adversarial/test_faults.py sets)."""
    import io

    class Full(io.BytesIO):
        def flush(self) -> None:
            raise OSError(errno.EFBIG, "File too large")

    monkeypatch.setattr(tempfile, "TemporaryFile", lambda **_kw: Full())
    spool = Spool[str]("generated listings", "out.txt")
    spool.add("a listing")
    with pytest.raises(OutputError, match=r"^out\.txt: cannot write: File too large \(the "
                                          "temporary file of the generated listings in "):
        list(spool)
    spool.close()  # (closed already: nothing more to say)
