"""``optimize`` works a chunk of listings at a time, every listing of the chunk in step: each
pass's fixes, each scoring and the errors left are worked out over the chunk at once. The
outcomes are those of the optimizer that went one listing at a time, start to end
(``held_optimize.py``, the oracle)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import held_optimize
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamed import rows
from test_optimize import BANK as SMALL_BANK
from test_optimize import listings as one_listing

from listingkit import lint
from listingkit.listing import Listing, Origin
from listingkit.marketplace import Registry
from listingkit.optimize import Optimizer
from listingkit.scoring.bank import KeywordBank, make_term

BANK = KeywordBank([make_term(k, 1 - i / 10) for i, k in enumerate(
    ["water bottle", "insulated", "stainless steel", "leak proof", "bpa free", "thermos",
     "gym flask", "coffee mug"])], "test")


def outcome(o: Any) -> tuple[Any, ...]:
    return (o.before, o.after, o.score_before, o.score_after, o.kept_reason, o.unfit, o.fixes,
            o.dropped, o.note, o.left)


def listings(count: int) -> list[Listing]:
    """Listings as streamed.py's catalogues have them: sales talk, repeats, missing brands
    and search terms, another product type for one in five."""
    out = []
    for i, (sku, title, brand, b1, b2, desc, terms, image, colour, notes) in enumerate(
            rows(count)):
        attributes = {k: v for k, v in (("color", colour), ("notes", notes)) if v}
        if i % 37 == 0:  # (too long to shorten without losing a model number: kept)
            title = f"{brand or 'Acme'} " + ", ".join(f"Part {n}X{n}" for n in range(40))
        out.append(Listing(sku=sku, title=title, brand=brand, bullets=[b for b in (b1, b2) if b],
                           description=desc, search_terms=terms, attributes=attributes,
                           images=[image] if image else [], source=Origin("c.csv", i + 2)))
    return out


@pytest.mark.parametrize("check", [True, False])
@pytest.mark.parametrize("size", [1, 5, 256])
def test_chunks_give_the_outcomes_one_listing_at_a_time_gave(
        monkeypatch: pytest.MonkeyPatch, size: int, check: bool) -> None:
    items = listings(300)
    market = Registry().get("amazon-us")
    want = [outcome(held_optimize.optimize(Optimizer(market, bank=BANK, check=check), item))
            for item in items]
    monkeypatch.setattr(lint, "CHUNK", size)
    got = [outcome(o) for o in Optimizer(market, bank=BANK, check=check).run(iter(items))]
    assert got == want
    kinds = {"changed": sum(o[0] != o[1] for o in want), "kept": sum(bool(o[4]) for o in want),
             "notes": sum(bool(o[8]) for o in want), "left": sum(bool(o[9]) for o in want)}
    assert all(kinds.values()), kinds  # (every kind of outcome is in the 300)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(one_listing(), min_size=1, max_size=4))
def test_a_chunk_of_any_listings_equals_them_one_at_a_time(items: list[Listing]) -> None:
    market = Registry().get("amazon-us")
    optimizer = Optimizer(market, bank=SMALL_BANK)
    want = [outcome(held_optimize.optimize(optimizer, item)) for item in items]
    assert [outcome(o) for o in optimizer.optimize_chunk(items)] == want


def test_a_chunk_is_checked_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixes of each pass, and the errors left, are check's rules over the listings of
    the chunk still in play, not a listing at a time."""
    sizes: list[int] = []
    check_rows = lint.Runner.check_rows

    def counted(self: lint.Runner, items: Any, *args: Any, **kwargs: Any) -> Any:
        sizes.append(len(items))
        return check_rows(self, items, *args, **kwargs)

    monkeypatch.setattr(lint.Runner, "check_rows", counted)
    items = listings(300)
    outcomes = list(Optimizer(Registry().get("amazon-us"), bank=BANK).run(items))
    assert len(outcomes) == 300
    assert max(sizes) == lint.CHUNK
    # a chunk takes a handful of passes (two scorings, at most 4 x 2 steps and their
    # fixes' checks, the errors left), not one check or more per listing
    assert len(sizes) < 60


def test_the_command_writes_what_it_wrote_one_listing_at_a_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Any) -> None:
    """End to end through the command's own path (the catalogue read, the bank, the
    outcomes): the output file is the same when each chunk is a single listing."""
    from streamed import write_csv

    path = write_csv(tmp_path / "c.csv", rows(120))
    bank = tmp_path / "bank.csv"
    bank.write_text("term,score\nwater bottle,1.0\ninsulated,0.9\nleak proof,0.7\n",
                    encoding="utf-8")
    outs = []
    for size in (lint.CHUNK, 1):
        monkeypatch.setattr(lint, "CHUNK", size)
        out = tmp_path / "out.csv"  # (the same name: the messages name it)
        result = run("optimize", path, "-p", "amazon-us", "--keywords", bank, "-o", out,
                     "--diff")
        assert result.exit_code == 0, result.output
        outs.append((out.read_bytes(), result.output))
    assert outs[0] == outs[1]
    assert outs[0][0].count(b"\n") == 121
