"""``check --fix`` keeps the listings it changed in a temporary file, not in memory, and reads
them back in catalogue order as the file is read again to be written: the output is what it
was when every changed listing was held (the earlier code, kept here as the oracle), and a run
that changes every listing holds a batch of them at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamed import Peak, catalogue, content

from listingkit import lint
from listingkit.catalogue import Catalogue, write_catalogue
from listingkit.commands.state import State
from listingkit.listing import Listing
from listingkit.rules.context import Context
from listingkit.spool import BATCH


def held(path: Path, out: Path) -> None:
    """``check FILE -p amazon-us --fix -o OUT`` as it wrote before: every changed listing
    held in a dict by its row, and as read, by the fixed listing's id."""
    state = State()
    cat = state.catalogue(str(path), None, None)
    runner = lint.Runner(Context(state.marketplace("amazon-us"), state.config), fix=True)
    result = runner.run(cat, keep_output=False)
    read = {id(after): before for before, after in result.fixed}
    fixed = {before.source: after for before, after in result.fixed}
    write_catalogue(lambda: (fixed.get(listing.source, listing) for listing in cat), out,
                    flavour_hint=cat.flavour, escape_formulas=True,
                    read_as=lambda listing: read.get(id(listing), listing))


@pytest.mark.parametrize(("kind", "suffix"), [
    ("csv", ""), ("amazon", ""), ("shopify", ""), ("xlsx", ""), ("jsonl", ""),
    ("csv", ".tsv"), ("amazon", ".xlsx")])  # (the last two: written to another container)
def test_the_spooled_fixes_write_what_the_held_ones_wrote(run, tmp_path: Path, kind: str,
                                                          suffix: str) -> None:
    path = catalogue(tmp_path, kind, 150)
    suffix = suffix or path.suffix
    want, got = tmp_path / f"held{suffix}", tmp_path / f"spooled{suffix}"
    held(path, want)
    result = run("check", path, "-p", "amazon-us", "--fix", "-o", got, "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    assert content(got) == content(want)
    changed = sum(a != b for a, b in zip(Catalogue(path), Catalogue(got), strict=True))
    assert changed > 20  # (plenty of fixed listings among the 150, more than a batch)


def test_the_diff_is_what_it_was(run, tmp_path: Path) -> None:
    """--diff over two catalogues: the lines of both, in order, and the count of fixes."""
    from listingkit.fixes import field_diff

    first, second = catalogue(tmp_path, "csv", 80), catalogue(tmp_path / "..", "csv", 60, 9)
    want: list[str] = []
    count = 0
    state = State()
    for path in (first, second):
        runner = lint.Runner(Context(state.marketplace("amazon-us"), state.config), fix=True)
        result = runner.run(state.catalogue(str(path), None, None), keep_output=False)
        count += result.fixes_applied
        for before, after in result.fixed:
            want.extend(field_diff(before, after))
    result = run("check", first, second, "-p", "amazon-us", "--diff")
    assert result.exit_code == 1
    assert result.stdout == "".join(line + "\n" for line in want)
    assert result.stderr.endswith(f"{count} fix(es) would be applied\n") and count > 40


def test_a_run_that_changes_every_listing_holds_a_batch(run, tmp_path: Path,
                                                        monkeypatch: Any) -> None:
    """400 listings, each with something to fix: while they are written, the listings alive
    are a spool batch and a few in hand, not 400 fixed ones and their originals."""
    from listingkit.catalogue import writer

    header = "sku,title,brand,bullets,description,search_terms,images\n"
    path = tmp_path / "all.csv"
    path.write_text(header + "".join(
        f"SKU-{i},Acme  Steel Bottle {i} ml,Acme,Keeps cold,A steel bottle.,flask,b.jpg\n"
        for i in range(400)), encoding="utf-8")
    peak = Peak()
    peak.wrap(monkeypatch, writer._Layout, "_listing_rows")
    result = run("check", path, "-p", "amazon-us", "--fix", "-o", tmp_path / "out.csv")
    assert "400" in result.stdout or result.exit_code in (0, 1)
    written = list(Catalogue(tmp_path / "out.csv"))
    assert len(written) == 400 and all("  " not in item.title for item in written)
    assert peak.calls >= 400
    assert peak.most < BATCH + 60, peak.most


def test_every_listing_goes_to_the_hook_not_the_result() -> None:
    """A fix run with ``on_fix`` keeps nothing: each listing goes to the hook, as read and as
    fixed (the same object when nothing was fixed), in order."""
    state = State()
    runner = lint.Runner(Context(state.marketplace("amazon-us"), state.config), fix=True)
    items = [Listing(sku=f"A{i}", title=f"Acme  Bottle {i}" if i % 2 else f"Acme Bottle {i}",
                     brand="Acme") for i in range(6)]
    seen: list[tuple[Listing, Listing]] = []
    result = runner.run(items, keep_output=False,
                        on_fix=lambda before, after: seen.append((before, after)))
    assert result.fixed == [] and result.changed == 3
    assert [before for before, _ in seen] == items
    assert [after.title for _, after in seen] == [f"Acme Bottle {i}" for i in range(6)]
    assert [after is before for before, after in seen] == [i % 2 == 0 for i in range(6)]


def test_the_writer_sizes_its_columns_from_the_run_not_a_third_read(
        run, tmp_path: Path, monkeypatch: Any) -> None:
    """The run hands the writer the shape of the listings as fixed: the file is read twice in
    all (the check, then the write), not three times, and the output is the one the writer
    gave when it sized the columns by reading them (here the only listing with three bullets
    loses a repeated one)."""
    from listingkit.catalogue import reader

    path = tmp_path / "bullets.csv"
    path.write_text("sku,title,brand,bullet_1,bullet_2,bullet_3,description,images\n" + "".join(
        f"S{i},Acme Steel Bottle {i} ml,Acme,Keeps cold,Leak proof,,A bottle.,b.jpg\n"
        for i in range(40)) + "S40,Acme  Steel Bottle,Acme,Keeps cold,Leak proof,Keeps cold,"
        "A bottle.,b.jpg\n", encoding="utf-8")
    reads: list[str] = []
    opened = reader.Catalogue._table  # (each read of a table, whole or in chunks, opens it)

    def counted(self: Any) -> Any:
        reads.append(str(self.path))
        return opened(self)

    monkeypatch.setattr(reader.Catalogue, "_table", counted)
    want = tmp_path / "held.csv"
    held(path, want)
    reads.clear()
    got = tmp_path / "out.csv"
    result = run("check", path, "-p", "amazon-us", "--fix", "-o", got, "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    assert reads == [str(path), str(path)]
    assert got.read_bytes() == want.read_bytes()
    assert got.read_text("utf-8").splitlines()[-1] == \
        "S40,Acme Steel Bottle,Acme,Keeps cold,Leak proof,,A bottle.,b.jpg"
