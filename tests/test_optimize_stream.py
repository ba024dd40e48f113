"""``optimize`` streams the catalogue: what it prints and writes is what it was when every
listing and outcome was held, it holds a few listings whatever the catalogue's size, and a
run that cannot finish writes nothing."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from streamed import Peak, catalogue, content, rows, write_csv

from listingkit.catalogue import write_catalogue
from listingkit.commands.optimize import MAX_NOTES, Total
from listingkit.commands.score import own_sample, resolve_bank
from listingkit.commands.state import State
from listingkit.optimize import Optimizer
from listingkit.optimize.run import diff as field_diff
from listingkit.scoring.bank import bank_input
from listingkit.spool import BATCH

BANK = "term,score\nwater bottle,1.0\ninsulated,0.9\nstainless steel,0.8\nleak proof,0.7\n" \
       "bpa free,0.6\nthermos,0.5\ngym flask,0.4\ncoffee mug,0.3\n"


def held(path: Path, output: Path | None, bank_path: str | None, diff: bool
         ) -> tuple[str, str]:
    """stdout and stderr of ``optimize`` as it ran when it held every listing and outcome
    (its code before it streamed), writing ``output``."""
    state = State()
    market = state.marketplace("amazon-us")
    cat = state.catalogue(str(path), None, None)
    listings = list(cat)
    own = None if bank_path else own_sample(state, market, listings, str(path))
    bank, _ = resolve_bank(state, market, own, bank_path, None, None)
    optimizer = Optimizer(market, state.config, bank)
    outcomes = list(optimizer.run(listings))
    out: list[str] = []
    err: list[str] = []
    if diff:
        out += [line for o in outcomes if o.changed for line in field_diff(o.before, o.after)]
    notes = 0
    for o in outcomes:
        where = f"{o.before.source}: SKU {o.before.sku!r}" if o.before.source else o.before.sku
        lines = []
        if o.kept_reason:
            lines.append(f"{where}: kept the original: {o.kept_reason}")
        elif o.unfit:
            lines.append(f"{where}: search terms full ({optimizer.policy.search_bytes} bytes); "
                         f"did not fit: {' '.join(o.unfit[:12])}"
                         f"{' ...' if len(o.unfit) > 12 else ''}")
        if o.dropped and o.changed:
            lines.append(f"{where}: dropped from the title: "
                         f"{', '.join(repr(p) for p in o.dropped)}")
        if o.note:
            lines.append(f"{where}: {o.note}")
        lines += [f"{where}: still breaks {left}: fix it by hand" for left in o.left]
        for line in lines:
            notes += 1
            if notes <= MAX_NOTES:
                err.append(line)
    if notes > MAX_NOTES:
        err.append(f"... and {notes - MAX_NOTES} more notes")
    changed = [o for o in outcomes if o.changed]
    mean_before = sum(o.score_before for o in outcomes) / len(outcomes)
    mean_after = sum(o.score_after for o in outcomes) / len(outcomes)
    other = sum(1 for o in outcomes if o.note)
    err.append(f"optimised {len(changed)} of {len(outcomes)} listings; mean score "
               f"{mean_before:.1f} -> {mean_after:.1f}; keyword bank: "
               f"{bank.source if bank else 'none'}"
               f"{f' (not applied to {other}: another product type)' if other else ''}")
    if output:
        after = [o.after for o in outcomes]
        read = {id(o.after): o.before for o in outcomes}
        count = write_catalogue(lambda: iter(after), output, flavour_hint=cat.flavour,
                                read_as=lambda listing: read[id(listing)])
        err.append(f"wrote {count} listing{'s' * (count != 1)} to {output}")
    return "".join(f"{line}\n" for line in out), "".join(f"{line}\n" for line in err)


def streamed(run: Any, path: Path, output: Path | None, bank_path: str | None, diff: bool
             ) -> tuple[str, str]:
    args = ["optimize", path, "-p", "amazon-us"]
    args += ["--keywords", bank_path] if bank_path else []
    args += ["-o", output] if output else []
    args += ["--diff"] if diff else []
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


@pytest.mark.parametrize(("kind", "suffix", "bank"), [
    ("csv", ".csv", False), ("csv", ".csv", True), ("csv", ".jsonl", True),
    ("amazon", ".txt", True), ("shopify", ".csv", True), ("xlsx", ".xlsx", True),
    ("jsonl", ".jsonl", False)])
def test_output_is_what_holding_every_listing_gave(run, tmp_path: Path, kind: str, suffix: str,
                                                   bank: bool) -> None:
    """stdout (the diffs), stderr (notes, the summary) and the file written, to the byte (an
    XLSX: to the cell), in each container read, written back or to another one, the bank
    given or built from the catalogue's own listings."""
    path = catalogue(tmp_path, kind, 160)
    bank_path = str(tmp_path / "bank.csv") if bank else None
    if bank_path:
        Path(bank_path).write_text(BANK, encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    expected = held(path, out, bank_path, diff=True)
    expected_file = content(out)
    out.unlink()
    assert streamed(run, path, out, bank_path, diff=True) == expected
    assert content(out) == expected_file
    stdout, stderr = expected
    assert stdout.count("(optimised)") > 10 and "more notes" in stderr  # (the test's reach)


def test_diff_alone_prints_what_it_did(run, tmp_path: Path) -> None:
    path = catalogue(tmp_path, "csv", 60)
    assert streamed(run, path, None, None, diff=True) == held(path, None, None, diff=True)


def test_the_output_main_wrote_before_the_stream(run, tmp_path: Path) -> None:
    """Parts of what ``optimize`` printed and wrote on this catalogue before it streamed (main
    at cc64422), frozen: the summary, the notes left out, the diff's size and the digests of
    all three (file paths made relative). After an intended change of what optimize does,
    take the new values from a run and check them against test_output_is_what_holding_..."""
    path = catalogue(tmp_path, "csv", 160)
    out = tmp_path / "out.csv"
    stdout, stderr = streamed(run, path, out, None, diff=True)
    stderr = stderr.replace(str(tmp_path), "<tmp>")
    assert stderr.splitlines()[-3:] == [
        "... and 89 more notes",
        ("optimised 155 of 160 listings; mean score 61.3 -> 79.1; keyword bank: the "
         "catalogue's own listings (not applied to 48: another product type)"),
        "wrote 160 listings to <tmp>/out.csv"]
    assert len(stdout.splitlines()) == 1314
    digests = [hashlib.sha256(text).hexdigest()[:16] for text in (
        stdout.replace(str(tmp_path), "<tmp>").encode(), stderr.encode(), out.read_bytes())]
    assert digests == ["d446387267b2ebc2", "4cfe172c75dad608", "b70ffb0e30bfd33f"]


@pytest.mark.parametrize("bank", [True, False])
def test_holds_a_few_listings_whatever_the_catalogues_size(run, tmp_path: Path, monkeypatch,
                                                           bank: bool) -> None:
    """Counted while listings are optimised (a chunk of them at a time, here 16) and while
    they are written: a chunk's worth, not the catalogue's 400 (it held each listing and its
    optimised copy: 800 and more); the bank's own read (without --keywords) holds what the
    bank is built from only until it is."""
    from listingkit import lint
    from listingkit.catalogue import writer

    monkeypatch.setattr(lint, "CHUNK", 16)
    path = catalogue(tmp_path, "csv", 400)
    (tmp_path / "bank.csv").write_text(BANK, encoding="utf-8")
    working = Peak(every=4)  # (counting walks every object: a few dozen times in all)
    working.wrap(monkeypatch, Optimizer, "steps")  # (each pass of a chunk: copies in hand)
    working.wrap(monkeypatch, Optimizer, "_left_all")  # (a chunk's outcomes all made)
    writing = Peak()
    writing.wrap(monkeypatch, writer._Layout, "_listing_rows")
    args = ["--keywords", tmp_path / "bank.csv"] if bank else []
    result = run("optimize", path, "-p", "amazon-us", *args, "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.stderr
    assert "wrote 400 listings" in result.stderr
    assert working.calls >= 2 * 25 and writing.calls >= 400  # (each chunk's passes and
    # outcomes, 400 written)
    # a chunk's listings, each with its copies (as read, as fixed, as rewritten, the
    # outcome's), and a few in hand; then a batch of the spool's and a few in hand
    assert working.most < 60 + 5 * 16, working.most
    assert writing.most < BATCH + 60, writing.most


def test_an_empty_catalogue_is_refused_before_anything_is_written(run, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "empty.csv", [])
    out = tmp_path / "out.csv"
    out.write_text("EARLIER RUN\n", encoding="utf-8")
    result = run("optimize", path, "-p", "amazon-us", "--diff", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: no listings found\n" and result.stdout == ""
    assert out.read_text(encoding="utf-8") == "EARLIER RUN\n"


def test_a_row_that_cannot_be_read_stops_the_run_before_any_diff(run, tmp_path: Path) -> None:
    """The first read goes through the whole file: a bad row near the end stops the run with
    nothing printed, as when the catalogue was read whole before the first listing."""
    path = write_csv(tmp_path / "c.csv", rows(120))
    with path.open("a", encoding="utf-8") as handle:
        handle.write("SKU-X,Acme Mug,Acme,one cell too many,,,,,,,\n")
    (tmp_path / "bank.csv").write_text(BANK, encoding="utf-8")
    result = run("optimize", path, "-p", "amazon-us", "--keywords", tmp_path / "bank.csv",
                 "--diff", "-o", tmp_path / "out.csv")
    assert result.exit_code == 2 and "ragged row" in result.stderr
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out.csv").exists()


def test_a_catalogue_changed_during_the_run_is_not_written(run, tmp_path: Path, monkeypatch
                                                           ) -> None:
    path = catalogue(tmp_path, "csv", 30)
    out = tmp_path / "out.csv"
    out.write_text("EARLIER RUN\n", encoding="utf-8")
    optimize = Optimizer.optimize_chunk

    def touching(self: Any, listings: Any) -> Any:  # (an editor saving the file meanwhile)
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        return optimize(self, listings)

    monkeypatch.setattr(Optimizer, "optimize_chunk", touching)
    result = run("optimize", path, "-p", "amazon-us", "-o", out)
    assert result.exit_code == 2
    assert f"{path}: changed while it was optimised; nothing was written" in result.stderr
    assert out.read_text(encoding="utf-8") == "EARLIER RUN\n"


def test_a_row_the_output_cannot_hold_leaves_no_half_output(run, tmp_path: Path) -> None:
    """The XLSX written refuses a control character in row 150 of 200, after 149 rows went
    into it: the earlier output stays as it was, and no temporary file is left."""
    cells = rows(200)
    cells[148][-1] = "bell\x07"
    path = write_csv(tmp_path / "c.csv", cells)
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"EARLIER RUN")
    result = run("optimize", path, "-p", "amazon-us", "-o", out)
    assert result.exit_code == 2
    assert "SKU 'SKU-0148' field 'notes' holds a control character" in result.stderr
    assert out.read_bytes() == b"EARLIER RUN"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv", "out.xlsx"]


def test_the_bank_built_from_what_the_first_read_keeps_is_the_bank_of_the_listings(
        tmp_path: Path) -> None:
    """The first read keeps of each listing what the bank reads: the bank is the one the
    whole listings give (score builds it from them)."""
    from listingkit.catalogue import Catalogue
    from listingkit.scoring import bank_from_listings

    listings = list(Catalogue(write_csv(tmp_path / "c.csv", rows(150))))
    for i, listing in enumerate(listings):  # (fields the bank does not read: in every one)
        listing.images = [f"https://cdn.example.com/{i}.jpg"]
        listing.variants = [{"size": "L"}]
    whole = bank_from_listings(listings, "en", "own", 20)
    kept = bank_from_listings([bank_input(x) for x in listings], "en", "own", 20)
    assert kept.terms == whole.terms
    assert len(whole.terms) >= 10


def test_a_running_total_is_what_sum_gives() -> None:
    """The summary's means are added up as the outcomes stream by: the same floats as
    ``sum()`` of a list of them gives, to the last bit (Python 3.12 compensates its sums)."""
    import random

    rnd = random.Random(3)
    for size in (1, 2, 7, 100, 5000):
        for _ in range(20):
            values = [rnd.choice([rnd.uniform(0, 100), round(rnd.uniform(0, 100), 1),
                                  rnd.uniform(0, 1) * 10 ** rnd.randint(-8, 8)])
                      for _ in range(size)]
            total = Total()
            for value in values:
                total.add(value)
            assert total.sum().hex() == sum(values).hex()
            assert total.mean() == sum(values) / len(values)
