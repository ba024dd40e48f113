"""A catalogue written back after a streamed run (listingkit.catalogue.rewrite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from listingkit.catalogue import Catalogue
from listingkit.catalogue.rewrite import refuse_changed, stamp, written_back
from listingkit.errors import OutputError
from listingkit.listing import Listing


def test_written_back_puts_each_changed_listing_in_its_place(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("sku,title\n" + "".join(f"S{i},Mug {i}\n" for i in range(6)),
                    encoding="utf-8")
    catalogue = Catalogue(path)
    changed = {1: Listing(sku="S1", title="Acme Mug 1"), 4: Listing(sku="S4", title="Acme Mug 4")}
    listings, read_as = written_back(catalogue, sorted(changed.items()))
    for _ in range(2):  # (the writer reads twice)
        given = []
        for listing in listings():
            read = read_as(listing)  # (asked as the writer asks: as it takes each one)
            given.append((listing.title, read.title, read is listing))
        assert given == [("Mug 0", "Mug 0", True), ("Acme Mug 1", "Mug 1", False),
                         ("Mug 2", "Mug 2", True), ("Mug 3", "Mug 3", True),
                         ("Acme Mug 4", "Mug 4", False), ("Mug 5", "Mug 5", True)]


def test_a_stamp_tells_a_file_changed(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("sku,title\nS1,Mug\n", encoding="utf-8")
    before = stamp(path)
    refuse_changed(path, before, "optimised")  # (unchanged: nothing said)
    path.write_text("sku,title\nS1,Mug!\n", encoding="utf-8")
    with pytest.raises(OutputError, match=r"c\.csv: changed while it was optimised; nothing "
                                          "was written"):
        refuse_changed(path, before, "optimised")
