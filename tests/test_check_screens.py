"""A rule's ``wants`` screen lets the runner skip it: it may say yes in vain, never no where the
rule would find something. Checked on texts built from the fragments rules react to."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listingkit.listing import Listing
from listingkit.marketplace import Registry
from listingkit.rules.base import builtin_rules
from listingkit.rules.context import Context

MARKETS = ["amazon-us", "amazon-de", "amazon-jp", "tiktok-shop", "walmart", "etsy", "ebay",
           "google-shopping", "allegro", "rakuten"]

FRAGMENTS = [
    "Acme", "Water", "Bottle", "bottle", "BOTTLE", "LED", "USB", "CLASSIC", "WOODEN", "best",
    "seller", "Best Seller", "free shipping", "FREE SHIPPING", "hot sale", "100% guaranteed",
    "amazing", "new", "top quality", "call us", "www.acme.com", "WWW.ACME.COM", "info@acme.com",
    "0800 123 4567", "+44 20 7946 0958", "360 010", "750 ml", "!", "!!", "$", "?", "_", "{", "}",
    "~", "#", "*", "<b>", "</b>", "<script>", "<br>", "🔥", "★", "✅", "é", "ß", "水筒", "ボトル",
    "the", "and", "for", "  ", "\t", "Kinder", "Flasche", "für", "mit", "TBD", "N/A", "lorem ipsum",
    "x" * 30, "é" * 40, "Wasserflasche " * 5, "WON'T", "DON’T", "IT'S", "regret",
    "X-RAY", "–", "°C", "\u00a0", "Free\u00a0Shipping", "ＦＲＥＥ", "ÉCOLE", "SALE!!!",
]

texts = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=30).map(" ".join)


@pytest.mark.parametrize("title", [
    "Buy it now and you WON'T regret this Water Bottle",  # ASCII: the apostrophe's path
    "Buy it now and you WON’T regret this Water Bottle",  # the other path
])
def test_a_word_in_capitals_joined_by_an_apostrophe_is_screened_in(title: str) -> None:
    """AllCaps counts "WON'T" as one word of five letters and reports it; the screen's runs
    of capitals must count the apostrophe too, or the title is skipped."""
    rule = next(r for r in screened_rules("amazon-us") if r.code == "T006")
    listing = Listing(sku="A1", title=title, brand="Acme")
    assert rule.wants(title)
    assert [h.key for h in rule.check(listing)] == [title.split()[5]]


@functools.cache
def screened_rules(market: str) -> list:
    ctx = Context(Registry().get(market))
    rules = [cls(ctx) for cls in builtin_rules().values()]
    return [rule for rule in rules if rule.prepare() and rule.wants is not None]


@pytest.mark.parametrize("market", MARKETS)
@settings(max_examples=120, deadline=None)
@given(title=texts, bullets=st.lists(texts, max_size=4), description=texts, terms=texts)
def test_wants_never_hides_a_finding(market: str, title: str, bullets: list[str],
                                     description: str, terms: str) -> None:
    listing = Listing(sku="A1", title=title, brand="Acme", bullets=bullets,
                      description=description, search_terms=terms)
    for rule in screened_rules(market):
        text = listing.text(rule.field)
        if not rule.wants(text):
            assert list(rule.check(listing)) == [], (rule.code, text)


def test_screens_exist_and_skip_clean_text() -> None:
    """The point of the screens: a clean title passes none of the title rules' screens."""
    rules = {r.code: r for r in screened_rules("amazon-us")}
    assert {"T001", "T004", "T005", "T006", "T007", "T009", "T010"} <= set(rules)
    clean = "Acme Steel Water Bottle, 750 ml, Blue"
    assert [code for code, r in rules.items() if code.startswith("T") and r.wants(clean)] == []
    assert rules["T004"].wants("Acme Bottle!")
    assert rules["T007"].wants("Acme Bottle Free Shipping")


@functools.cache
def field_groups(market: str) -> list:
    """The runner's memo groups whose rules all have screens, merged into one union screen."""
    from listingkit.lint import Runner

    runner = Runner(Context(Registry().get(market)), select=["ALL"])
    return [memo for memo in runner.memos if memo.screen is not None]


@pytest.mark.parametrize("market", MARKETS)
@settings(max_examples=120, deadline=None)
@given(title=texts, bullets=st.lists(texts, max_size=4), description=texts, terms=texts)
def test_union_screen_is_the_or_of_its_rules_screens(market: str, title: str, bullets: list[str],
                                                     description: str, terms: str) -> None:
    """Where a field's union screen says no, every rule of the field says no (so, by the test
    above, none finds anything) and the group reports nothing."""
    listing = Listing(sku="A1", title=title, brand="Acme", bullets=bullets,
                      description=description, search_terms=terms)
    for memo in field_groups(market):
        text = listing.text(memo.field)
        wanted = [rule.code for rule in memo.rules if rule.wants(text)]
        assert bool(memo.screen(text)) == bool(wanted), (memo.field, wanted, text)
        if not wanted:
            assert [list(rule.check(listing)) for rule in memo.rules] == [[]] * len(memo.rules)


def test_union_screens_cover_the_busy_fields() -> None:
    """Title, description and search terms each get one union screen on amazon-us, and it lets
    a clean text through none of the field's rules."""
    groups = {memo.field: memo for memo in field_groups("amazon-us")}
    assert {"title", "description", "search_terms"} <= set(groups)
    assert not groups["title"].screen("Acme Steel Water Bottle, 750 ml, Blue")
    assert not groups["search_terms"].screen("flask thermos travel gift hiking")
    assert groups["search_terms"].screen("flask flask")  # S004: a repeated word
    assert groups["title"].screen("Acme Bottle FREE SHIPPING")


def test_a_matchers_exceptions_win_their_overlap_and_are_never_reported() -> None:
    from listingkit.rules.matching import PhraseMatcher

    matcher = PhraseMatcher(["new", "new arrival", "100% new"], exempt=["New  York"])
    assert matcher.find("New York Yankees Cap") == []
    assert matcher.find("new york cap, new arrival") == ["new arrival"]
    assert matcher.find("Cap New") == ["new"]
    assert matcher.find("100% new York") == ["100% new"]  # (other phrases: the regex path)


def test_lexicon_exceptions_are_not_entries(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from listingkit.lexicons import exceptions, word_list

    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "mine.txt").write_text("sale\n!garage sale\n!\n", encoding="utf-8")
    assert "sale" in word_list("mine", "en", str(tmp_path))
    assert not any(e.startswith("!") for e in word_list("mine", "en", str(tmp_path)))
    assert exceptions("mine", "en", str(tmp_path)) == ("garage sale",)
    assert "new york" in exceptions("temporary", "en")


@pytest.mark.parametrize("market", MARKETS)
@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(texts, st.lists(texts, max_size=5), texts, texts,
                               st.sampled_from(["Acme", "", "Best Seller", "WON'T"]),
                               st.sampled_from(["", "4006381333931", "4006381333932",
                                                "4.00638E+12"])),
                     min_size=1, max_size=12))
def test_the_runner_finds_what_each_rule_finds_on_each_row(market: str, rows: list) -> None:
    """Everything the runner does to go fast (screens, memos, columns, chunks) together: its
    row findings are those of each rule's ``check`` on each row with a text in its field."""
    from listingkit.lint import Runner
    from listingkit.listing import Origin

    listings = [Listing(sku=f"S{i}", title=title, brand=brand, bullets=bullets,
                        description=description, search_terms=terms,
                        attributes={"gtin": gtin} if gtin else {}, source=Origin("f.csv", i + 2))
                for i, (title, bullets, description, terms, brand, gtin) in enumerate(rows)]
    runner = Runner(Context(Registry().get(market)), select=["ALL"])
    wide = {rule.code for rule in runner.rules if rule.scope == "catalogue"}
    found = sorted((f.sku, f.code, f.message) for f in runner.run(listings).findings
                   if f.code not in wide)
    expected = sorted((listing.sku, hit.code or rule.code, hit.message)
                      for rule in runner.row_rules for listing in listings
                      if not (rule.needs_field and not listing.text(rule.field))
                      for hit in rule.check(listing) if (hit.code or rule.code) in runner.wanted)
    assert found == expected
