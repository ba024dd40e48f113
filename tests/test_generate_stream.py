"""``generate`` streams the catalogue: what it prints and writes is what it was when every
result was held, it holds a few listings whatever the catalogue's size, and a write that
fails leaves no half output."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from streamed import COLUMNS, Peak, content, rows, write_csv

from listingkit.catalogue import write_catalogue
from listingkit.commands.state import State
from listingkit.generate import Generator
from listingkit.spool import BATCH
from listingkit.translate import Entry, Memory, TranslationService


def fill(memory: Path, cells: list[list[str]]) -> None:
    """German for every text of ``cells`` (title, bullets, description, search terms)."""
    texts = {cell for row in cells for cell in (row[1], row[3], row[4], row[5], row[6])
             if cell.strip()}
    with Memory(memory) as tm:
        tm.put_many(Entry("en", "de", text, f"[de] {text}", "human") for text in texts)


def held(path: Path, platform: str, memory: Path, output: Path) -> tuple[str, int]:
    """stderr and the exit code of ``generate`` as it ran when it held every result (its code
    before it streamed, without a translation engine), writing ``output``."""
    state = State()
    market = state.marketplace(platform)
    with Memory(memory) as tm:
        service = TranslationService(tm, None)
        generator = Generator(market, market.language, service, language_check="off",
                              config=state.config)
        results = list(generator.run(state.catalogue(str(path), None, None)))
    complete = [r.listing for r in results if r.complete]
    if complete:
        written = write_catalogue(lambda: iter(complete), output, to=market.upload_format)
        where = f" to {output}"
    else:
        written, where = 0, f"; nothing written, {output} left as it was"
    lines = [f.line() for r in results for f in r.findings]
    counts = service.stats.counts
    summary = ", ".join(f"{counts[k]} {k}" for k in sorted(counts)) or "nothing to translate"
    lines.append(f"wrote {written} of {len(results)} SKUs for {market.id} ({market.language})"
                 f"{where}; translations: {summary}; {service.stats.calls} engine calls")
    failing = any(f.severity == "error" for r in results for f in r.findings)
    return "".join(f"{line}\n" for line in lines), 1 if failing else 0


@pytest.mark.parametrize(("platform", "translated", "suffix"), [
    ("amazon-us", 0, ".txt"), ("amazon-de", 120, ".txt"), ("amazon-de", 120, ".jsonl"),
    ("amazon-de", 120, ".xlsx"), ("amazon-de", 0, ".txt")])
def test_output_is_what_holding_every_result_gave(run, tmp_path: Path, platform: str,
                                                  translated: int, suffix: str) -> None:
    """stderr (the findings, the summary) and the file written, to the byte (an XLSX: to the
    cell): the source language, German from the memory for 120 SKUs of 160 (the others
    pending), and for none (nothing written: the earlier output left as it was)."""
    cells = rows(160)
    path = write_csv(tmp_path / "in.csv", cells)
    fill(tmp_path / "tm.sqlite", cells[:translated])
    shutil.copy(tmp_path / "tm.sqlite", tmp_path / "tm-held.sqlite")  # (pending ones go in)
    out = tmp_path / f"out{suffix}"
    out.write_bytes(b"EARLIER RUN")
    expected, code = held(path, platform, tmp_path / "tm-held.sqlite", out)
    expected_file = content(out)
    out.write_bytes(b"EARLIER RUN")
    result = run("generate", path, "-p", platform, "--memory", tmp_path / "tm.sqlite",
                 "--language-check", "off", "-o", out)
    assert result.stderr == expected and result.stdout == ""
    assert content(out) == expected_file
    assert result.exit_code == code
    # (the test's reach: findings, SKUs left out, and written or not)
    assert expected.count(": error: ") >= 10 and " SKUs for " in expected
    assert ("nothing written" in expected) == (platform == "amazon-de" and not translated)


def test_holds_a_few_listings_whatever_the_catalogues_size(run, tmp_path: Path, monkeypatch
                                                           ) -> None:
    """Counted while SKUs are generated and while they are written: a few, not the
    catalogue's 400 (it held every result: 400 generated listings, more with their sources)."""
    from listingkit.catalogue import writer

    path = write_csv(tmp_path / "in.csv", rows(400))
    peak = Peak()
    peak.wrap(monkeypatch, Generator, "_made")  # (each SKU's templates rendered)
    peak.wrap(monkeypatch, writer._Layout, "_listing_rows")
    result = run("generate", path, "-p", "amazon-us", "--memory", tmp_path / "tm.sqlite",
                 "--language-check", "off", "-o", tmp_path / "out.txt")
    written = int(result.stderr.rsplit("wrote ", 1)[1].split()[0])
    assert written >= 250 and "of 400 SKUs" in result.stderr
    assert peak.calls >= 400 + written  # (every SKU generated and written: the counts ran)
    assert peak.most < BATCH + 60, peak.most  # (a batch of the spool's, and a few in hand)


def test_a_row_the_output_cannot_hold_leaves_no_half_output(run, tmp_path: Path) -> None:
    """The XLSX written refuses a control character in SKU 150 of 200, after 149 rows went
    into it: the earlier output stays as it was, no temporary file is left, and the findings
    are not printed (as when every result was held, then written, then printed)."""
    cells = rows(200)
    cells[149][COLUMNS.index("notes")] = "bell\x07"
    path = write_csv(tmp_path / "in.csv", cells)
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"EARLIER RUN")
    result = run("generate", path, "-p", "amazon-us", "--memory", tmp_path / "tm.sqlite",
                 "--language-check", "off", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {out}: SKU 'SKU-0149' field 'notes' holds a control " \
        "character that XLSX cannot store; nothing was written\n"
    assert out.read_bytes() == b"EARLIER RUN"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.xlsx", "tm.sqlite"]


def test_a_full_temporary_folder_stops_the_run_before_anything_is_written(
        run, tmp_path: Path, monkeypatch: Any) -> None:
    """The generated listings wait on disk: a temporary folder that cannot take them is a
    one-line error, and the earlier output stays."""
    import errno
    import tempfile

    class Full:
        def write(self, _data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            pass

    monkeypatch.setattr(tempfile, "TemporaryFile", lambda **_kw: Full())
    out = tmp_path / "out.txt"
    out.write_bytes(b"EARLIER RUN")
    result = run("generate", write_csv(tmp_path / "in.csv", rows(5)), "-p", "amazon-us",
                 "--memory", tmp_path / "tm.sqlite", "--language-check", "off", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {out}: cannot write: No space left on device (the " \
        f"temporary file of the generated listings in {tempfile.gettempdir()}); nothing was " \
        "written\n"
    assert out.read_bytes() == b"EARLIER RUN"
