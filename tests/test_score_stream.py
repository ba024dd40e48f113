"""``listingkit score`` streams the catalogue: the report is what scoring a list of every
listing gave, while a few listings are held at a time; a keyword bank is built from a sample
of at most ``score.bank_sample`` listings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from streamed import Peak, catalogue, rows, write_csv

from listingkit.commands.state import State
from listingkit.keywords.sources import open_listings
from listingkit.scoring import Scorer, bank_from_listings, load_bank, rank_among
from listingkit.scoring.report import render
from listingkit.spool import BATCH

BANK = "term,score\nwater bottle,1.0\ninsulated,0.9\nstainless steel,0.8\nleak proof,0.7\n" \
       "coffee mug,0.6\n"


def held(path: Path, fmt: str, bank_path: str | None, competitors: str | None) -> str:
    """The report of ``score`` as it was when it held every listing and result (its code
    before it streamed)."""
    state = State()
    market = state.marketplace("amazon-us")
    listings = list(state.catalogue(str(path), None, None))
    scorer_bank, theirs = None, []
    if bank_path:
        scorer_bank = load_bank(bank_path, "en", None)
    elif competitors:
        theirs = list(open_listings(competitors, None, None, state.competitors)())
        scorer_bank = bank_from_listings(theirs, "en", f"competitors {competitors}", 20)
    elif len(listings) >= 5:
        scorer_bank = bank_from_listings(listings, "en", "the catalogue's own listings", 20)
    scorer = Scorer(market, state.config, scorer_bank)
    results = scorer.score_all(listings)
    if theirs:
        same = [r for r, x in zip(results, listings) if scorer.fit(x).bank is not None]
        rank_among(same, [r.score for r in scorer.score_all(theirs, suggestions=False)])
    return render(results, fmt, scorer.policy, scorer_bank.source if scorer_bank else "")


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("bank", ["own", "keywords", "competitors"])
def test_the_report_is_what_holding_every_listing_gave(run, tmp_path: Path, fmt: str,
                                                        bank: str) -> None:
    path = catalogue(tmp_path, "csv", 90)
    args: list[Any] = []
    bank_path = competitors = None
    if bank == "keywords":
        bank_path = str(tmp_path / "bank.csv")
        Path(bank_path).write_text(BANK, encoding="utf-8")
        args = ["--keywords", bank_path]
    elif bank == "competitors":
        competitors = str(write_csv(tmp_path / "market.csv", rows(60, seed=9)))
        args = ["--competitors", competitors]
    result = run("score", path, "-p", "amazon-us", "-f", fmt, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == held(path, fmt, bank_path, competitors)
    if bank == "competitors":  # (the test's reach: ranks among the competitors shown)
        assert {"table": "/61", "csv": ",61,", "json": '"of": 61'}[fmt] in result.stdout


@pytest.mark.parametrize("bank", [True, False])
def test_holds_a_few_listings_whatever_the_catalogues_size(run, tmp_path: Path, monkeypatch,
                                                           bank: bool) -> None:
    """Counted at each chunk scored: a few (a chunk of 16, the spool's batch of results),
    not the catalogue's 400; the bank's own read holds what it is built from only until the
    bank is built."""
    from listingkit import lint

    monkeypatch.setattr(lint, "CHUNK", 16)
    path = catalogue(tmp_path, "csv", 400)
    (tmp_path / "bank.csv").write_text(BANK, encoding="utf-8")
    peak = Peak(every=1)
    peak.wrap(monkeypatch, Scorer, "_score_chunk")
    args = ["--keywords", tmp_path / "bank.csv"] if bank else []
    result = run("score", path, "-p", "amazon-us", "-f", "csv", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\nSKU-") == 400
    assert peak.calls == 25  # (400 listings in chunks of 16: the counts ran)
    assert peak.most < BATCH + 40, peak.most


def test_a_large_catalogue_builds_its_bank_from_a_sample_and_says_so(run, tmp_path: Path,
                                                                     write) -> None:
    path = catalogue(tmp_path, "csv", 120)
    config = write("c.toml", "[score]\nbank_sample = 50\n")
    result = run("--config", config, "score", path, "-p", "amazon-us")
    assert result.exit_code == 0, result.stderr
    assert ("keyword bank: the catalogue's own listings (a sample of 50 of 120)"
            in result.stdout)
    out = tmp_path / "out.csv"
    result = run("--config", config, "optimize", path, "-p", "amazon-us", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "keyword bank: the catalogue's own listings (a sample of 50 of 120)" in result.stderr
    result = run("--config", config, "score", path, "-p", "amazon-us", "--competitors", path)
    assert f"keyword bank: competitors {path} (a sample of 50 of 120)" in result.stdout


def test_an_empty_catalogue_is_refused_with_nothing_written(run, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "empty.csv", [])
    (tmp_path / "bank.csv").write_text(BANK, encoding="utf-8")
    out = tmp_path / "report.txt"
    out.write_text("EARLIER RUN\n", encoding="utf-8")
    for args in ([], ["--keywords", tmp_path / "bank.csv"]):
        result = run("score", path, "-p", "amazon-us", *args, "-o", out)
        assert result.exit_code == 2
        assert result.stderr == f"Error: {path}: no listings found\n" and result.stdout == ""
        assert out.read_text(encoding="utf-8") == "EARLIER RUN\n"


def test_a_row_that_cannot_be_read_leaves_no_report(run, tmp_path: Path) -> None:
    """The report is written once every listing is scored: a bad row near the end stops the
    run with nothing printed."""
    path = write_csv(tmp_path / "c.csv", rows(300))
    with path.open("a", encoding="utf-8") as handle:
        handle.write("SKU-X,Acme Mug,Acme,one cell too many,,,,,,,\n")
    (tmp_path / "bank.csv").write_text(BANK, encoding="utf-8")
    result = run("score", path, "-p", "amazon-us", "--keywords", tmp_path / "bank.csv")
    assert result.exit_code == 2 and "ragged row" in result.stderr
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1


def test_a_catalogue_changed_between_its_two_reads_is_refused(run, tmp_path: Path,
                                                              monkeypatch) -> None:
    """Read once for its own keyword bank and once to score: a file saved in between would
    be scored against another file's bank."""
    path = catalogue(tmp_path, "csv", 30)
    score_chunk = Scorer._score_chunk

    def touching(self: Any, *args: Any) -> Any:  # (an editor saving the file meanwhile)
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        return score_chunk(self, *args)

    monkeypatch.setattr(Scorer, "_score_chunk", touching)
    result = run("score", path, "-p", "amazon-us")
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{path}: changed while it was scored; nothing was written" in result.stderr


def test_min_score_fails_the_run_after_the_whole_report(run, tmp_path: Path) -> None:
    path = catalogue(tmp_path, "csv", 40)
    result = run("score", path, "-p", "amazon-us", "-f", "csv", "--min-score", 99)
    assert result.exit_code == 1 and result.stdout.count("\nSKU-") == 40
    assert run("score", path, "-p", "amazon-us", "--min-score", 0).exit_code == 0
