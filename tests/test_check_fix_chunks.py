"""``check --fix`` fixes a chunk of listings at a time: the chunk is checked as one (the
columns and screens of :mod:`listingkit.rules.columns`), and only the listings that got fixes
are checked again, together. The result is the one the row-by-row loop gave (kept in
``held_fixing.py`` as the oracle: each listing checked, fixed and checked again on its own,
then seen by the catalogue-wide rules)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from held_fixing import apply_fixes, row_by_row
from hypothesis import given, settings
from test_check_columns import listings as listing_lists
from test_check_screens import MARKETS

from listingkit import lint
from listingkit.listing import Listing, Origin
from listingkit.marketplace import Registry
from listingkit.rules.context import Context


def shown(result: lint.Result) -> tuple[Any, ...]:
    """Everything a fix run reports and writes, fixes by their field and value."""
    def finding(f: Any) -> tuple[Any, ...]:
        fix = (f.fix.field, f.fix.value, f.fix.safe) if f.fix else None
        return (f.file, f.row, f.sku, f.field, f.code, f.severity, f.message, f.key, fix)

    def listing(item: Listing) -> tuple[Any, ...]:
        return (item.sku, item.title, item.brand, tuple(item.bullets), item.description,
                item.search_terms, tuple(sorted(item.attributes.items())), tuple(item.images))

    return ([finding(f) for f in result.findings], result.listings, result.fixes_applied,
            [(listing(b), listing(a)) for b, a in result.fixed],
            [listing(item) for item in result.output])


def runner(market: str, unsafe: bool) -> lint.Runner:
    return lint.Runner(Context(Registry().get(market)), fix=True, unsafe_fixes=unsafe)


def catalogue(rows: int, seed: int = 3) -> list[Listing]:
    """Listings with the problems the safe and unsafe fixes mend, a row in three clean, and
    repeats for the catalogue-wide rules (SKUs, GTINs, near-duplicate titles)."""
    rnd = random.Random(seed)
    noise = ["", "", "  double  spaces", " BRAND NEW ARRIVAL", " bottle bottle bottle",
             " ★ best seller!!", "\u200b", " TBD"]
    out = []
    for i in range(rows):
        title = f"Acme Steel Water Bottle {i % 50} ml{rnd.choice(noise)}"
        terms = rnd.choice(["flask thermos", "bottle steel acme flask", "new amazing flask",
                            "flask " * 80])
        bullets = [rnd.choice(["Keeps drinks cold", " Keeps  drinks cold ", "KEEPS COLD",
                               "Keeps drinks cold"]) for _ in range(rnd.randint(0, 3))]
        gtin = rnd.choice(["4006381333931", "4006381333932", "4.00638E+12", ""])
        sku = f"S{i}" if rnd.random() > 0.02 else "S1"
        out.append(Listing(sku=sku, title=title, brand="Acme", bullets=bullets,
                           description=rnd.choice(["A steel bottle.", "<b>Bold</b> bottle  ",
                                                   "Lorem ipsum"]),
                           search_terms=terms, attributes={"gtin": gtin} if gtin else {},
                           images=["a.jpg"], source=Origin("c.csv", i + 2)))
    return out


@pytest.mark.parametrize("unsafe", [False, True])
@pytest.mark.parametrize("size", [1, 7, 256])
def test_chunked_fixing_gives_what_row_by_row_fixing_gave(
        monkeypatch: pytest.MonkeyPatch, size: int, unsafe: bool) -> None:
    rows = catalogue(600)
    want = shown(row_by_row(runner("amazon-us", unsafe), rows))
    monkeypatch.setattr(lint, "CHUNK", size)
    got = shown(runner("amazon-us", unsafe).run(rows))
    assert got == want
    assert want[2] > 300  # (a fix run with plenty to fix)
    assert len(want[3]) < 600  # (and rows it leaves alone)


@pytest.mark.parametrize("market", MARKETS)
@settings(max_examples=40, deadline=None)
@given(chunk=listing_lists)
def test_chunked_fixing_equals_row_by_row_on_any_listings(market: str,
                                                          chunk: list[Listing]) -> None:
    for unsafe in (False, True):
        assert shown(runner(market, unsafe).run(chunk)) == \
            shown(row_by_row(runner(market, unsafe), chunk))


def test_a_fix_run_checks_a_chunk_at_once_and_then_only_the_fixed_rows(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = catalogue(600)
    sizes: list[int] = []
    check_rows = lint.Runner.check_rows

    def counted(self: lint.Runner, listings: Any, *args: Any, **kwargs: Any) -> Any:
        sizes.append(len(listings))
        return check_rows(self, listings, *args, **kwargs)

    monkeypatch.setattr(lint.Runner, "check_rows", counted)
    result = runner("amazon-us", False).run(rows)
    assert sizes[:1] == [lint.CHUNK]
    first = [n for n in sizes if n in (lint.CHUNK, 600 - 2 * lint.CHUNK)]
    assert len(first) == 3  # each chunk checked once as a whole
    # then each pass checks only the rows it fixed: never more than a chunk, and in all
    # no more checks of a row than one a pass it was fixed in
    assert sum(sizes) - 600 <= result.fixes_applied
    assert len(sizes) <= 3 * (lint.MAX_FIX_PASSES + 1)


def test_fix_rows_on_one_listing_is_the_row_by_row_loop_on_it() -> None:
    fixer = runner("amazon-us", False)
    listing = Listing(sku="A", title="Acme  Steel Bottle BRAND NEW", brand="Acme",
                      search_terms="bottle flask flask")
    (after,), (found,), (count,) = fixer.fix_rows([listing], [fixer.check_row(listing)])
    old_after, old_found, old_count = apply_fixes(runner("amazon-us", False), listing)
    assert (after.title, after.search_terms, count) == (old_after.title,
                                                         old_after.search_terms, old_count)
    assert [f.code for f in found] == [f.code for f in old_found]
    assert count > 0 and after.title != listing.title and listing.title.startswith("Acme  ")
