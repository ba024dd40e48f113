"""listingkit optimize: the rewrite, its guarantees (property tests), search terms, the CLI."""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from listingkit.commands import cli
from listingkit.listing import Listing
from listingkit.marketplace import Registry
from listingkit.optimize import Optimizer
from listingkit.scoring import KeywordBank
from listingkit.scoring.bank import make_term, words

BANK = KeywordBank([make_term("water bottle", 1.0), make_term("insulated", 0.8),
                    make_term("leak proof", 0.6), make_term("bpa free", 0.5),
                    make_term("thermos", 0.4), make_term("gym flask", 0.3)], "test")


@pytest.fixture(scope="module")
def optimizer():
    return Optimizer(Registry().get("amazon-us"), bank=BANK)


def test_rewrite_orders_brand_first_and_adds_what_fits(optimizer):
    before = Listing(sku="A1", title="steel bottle bottle bottle for kids ACME, 500 ml!!",
                     brand="Acme", attributes={"color": "Blue", "pack_count": "2"},
                     images=["https://x/1.jpg"])
    out = optimizer.optimize(before)
    title = out.after.title
    assert title.startswith("Acme ")
    assert "500 ml" in title and "!!" not in title
    assert Counter(words(title))["bottle"] <= 2
    assert "Blue" in title and "Pack of 2" in title
    assert "Insulated" in title
    assert out.score_after > out.score_before
    assert "water" in out.after.search_terms.split()
    assert not set(out.after.search_terms.split()) & set(words(title))


def test_search_terms_report_what_did_not_fit():
    market = Registry().get("amazon-us")
    long_words = [f"{'x' * 40}{c}" for c in "abcdefgh"]
    bank = KeywordBank([make_term(w, 1.0 - i / 10) for i, w in enumerate(long_words)], "t")
    out = Optimizer(market, bank=bank, check=False).optimize(
        Listing(sku="A", title="Acme Insulated Water Bottle, 750 ml", brand="Acme"))
    assert len(out.after.search_terms.encode()) <= 249
    assert out.unfit and all(w not in out.after.search_terms for w in out.unfit)


def test_keeps_the_original_when_a_protected_token_cannot_fit():
    market = Registry().get("amazon-us")
    title = "Acme " + ", ".join(f"Part {i}X{i}" for i in range(40))  # > 200 chars, all numbers
    out = Optimizer(market, bank=BANK, check=False).optimize(
        Listing(sku="A", title=title, brand="Acme"))
    assert out.after.title == title and "cannot be shortened" in out.kept_reason


WORDS = ["acme", "Acme", "EQLEF®", "(Planes)", "Power", "women's", "water", "bottle", "BOTTLE",
         "steel", "insulated", "kids", "for",
         "and", "500", "ml", "2-pack", "XL", "blue", "!!", "Lid", "straw", "X200", "leak",
         "proof", "gym", "flask", "fur", "großes", "café", "12oz", "-", ",", "|"]


@st.composite
def listings(draw):
    title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=45)))
    terms = " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=20)))
    attrs = draw(st.dictionaries(st.sampled_from(["color", "size", "pack_count", "model"]),
                                 st.sampled_from(["Blue", "750 ml", "2", "X200", ""]),
                                 max_size=3))
    brand = draw(st.sampled_from(["Acme", "", "Blue Sky", "EQLEF®", "Power (Planes)",
                                  "Unknown"]))
    return Listing(sku="P1", title=title, brand=brand, search_terms=terms, attributes=attrs,
                   images=["https://x/1.jpg"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(listings())
def test_properties(optimizer, listing):
    policy = optimizer.policy
    once = optimizer.optimize(listing)
    twice = optimizer.optimize(once.after)
    assert twice.after == once.after  # idempotent
    assert once.score_after >= once.score_before  # never down
    if once.changed:
        assert len(once.after.title) <= policy.title_max  # never over a limit
        assert len(once.after.search_terms.encode()) <= policy.search_bytes
        from listingkit.optimize.protect import lost

        assert lost(listing.title, once.after.title, listing) == []  # nothing protected lost


def _cat(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("sku,title,brand,color,image_1\n"
                    "A1,acme steel bottle bottle bottle 500 ml,Acme,Blue,https://x/1.jpg\n"
                    "A2,\"Acme Insulated Water Bottle, 750 ml, Leak Proof, BPA Free, Blue\","
                    "Acme,Blue,https://x/2.jpg\n", encoding="utf-8")
    bank = tmp_path / "bank.csv"
    bank.write_text("keyword,volume\nwater bottle,5000\ninsulated,3000\nleak proof,1200\n"
                    "thermos,800\n")
    return path, bank


def test_cli_diff_and_output_in_the_same_format(tmp_path):
    cat, bank = _cat(tmp_path)
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(cli, ["optimize", str(cat), "-p", "amazon-us", "--keywords",
                                      str(bank), "--diff", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "+++ " in result.output and "A1 title" in result.output
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("sku,title")
    assert "Acme Steel Bottle Bottle 500 ml, Blue, Insulated" in text
    again = CliRunner().invoke(cli, ["optimize", str(out), "-p", "amazon-us", "--keywords",
                                     str(bank), "--diff"])
    assert "+++ " not in again.output and "optimised 0 of 2" in again.output


def test_cli_needs_output_or_diff(tmp_path):
    cat, _bank = _cat(tmp_path)
    result = CliRunner().invoke(cli, ["optimize", str(cat), "-p", "amazon-us"])
    assert result.exit_code == 2 and "nothing to do" in result.output


@pytest.mark.parametrize(("title", "brand", "expected"), [
    ("Great mug by Acme, blue", "Acme", "Acme Great mug, blue"),
    ("XT-XINTE 3D printer nozzle", "XINTE", "XT-XINTE 3D printer nozzle"),
    ("EQLEF® Creative Iron", "EQLEF®", "EQLEF® Creative Iron"),
    ("acme steel mug", "Acme", "Acme steel mug"),
])
def test_brand_first(title, brand, expected):
    from listingkit.optimize.title import brand_first

    assert brand_first(title, brand, 200) == expected


def test_drop_repeats_keeps_brackets_balanced():
    from listingkit.optimize.title import drop_repeats

    assert drop_repeats("Bottle Water Bottle Sports (Bottle) for Kids", 2, set(),
                        frozenset()) == "Bottle Water Bottle Sports for Kids"
    assert drop_repeats("Baby Boy Baby Girl (Baby Boy - Blue)", 2, set(), frozenset()) == \
        "Baby Boy Baby Girl (Boy - Blue)"


def test_only_category_keywords_are_added_to_titles():
    market = Registry().get("amazon-us")
    bank = KeywordBank([make_term("ford", 1.0, share=0.05), make_term("red", 0.9, kind="colour"),
                        make_term("model car", 0.8, share=0.6)], "t")
    out = Optimizer(market, bank=bank, check=False).optimize(
        Listing(sku="A", title="Bburago 1:24 Lamborghini Murcielago LP670-4", brand="Bburago"))
    assert out.after.title == "Bburago 1:24 Lamborghini Murcielago LP670-4, Model Car"
