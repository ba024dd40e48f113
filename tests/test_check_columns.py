"""The chunk-level screens: a :class:`Column` finds rows in the joined texts of a chunk, a
screen's ``rows`` picks exactly the rows its per-text test picks, and a rule's ``rows`` never
leaves out a row its :meth:`check` reports on."""

from __future__ import annotations

import functools

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_check_screens import FRAGMENTS, MARKETS

from listingkit.listing import Listing
from listingkit.marketplace import Registry
from listingkit.rules.base import Rule, builtin_rules
from listingkit.rules.chunk import Chunk
from listingkit.rules.columns import Column
from listingkit.rules.context import Context
from listingkit.rules.matching import token_list, tokens

# texts as rules meet them, and the awkward ones: line breaks, tabs, other scripts, edges
EDGES = ["", " ", "\n", "a\nb", " lead", "trail ", "x\ty", "\u00a0", "\u200b", "Ab  cd", "|",
         "a | b", "é", "ＡＢＣ", "<img onerror = x>", "onclick=go()", "javascript:go()"]
texts = st.lists(st.sampled_from(FRAGMENTS + EDGES), max_size=12).map(" ".join) | \
    st.sampled_from(EDGES)
listings = st.lists(st.builds(
    lambda title, brand, bullets, description, terms, gtin, images: Listing(
        sku="A", title=title, brand=brand, bullets=bullets, description=description,
        search_terms=terms, attributes={"gtin": gtin} if gtin else {}, images=images),
    texts, st.sampled_from(["", "Acme", "ACME Co", " Acme", "TBD"]), st.lists(texts, max_size=3),
    texts, texts, st.sampled_from(["", "4006381333931", "4006381333932", "4.00638E+12", "12-34"]),
    st.sampled_from([[], ["a.jpg"]])), min_size=1, max_size=8)


def test_rows_are_found_by_offset_even_across_line_breaks() -> None:
    column = Column(["ab", "c\nd", "", " e "])
    assert column.lines() == ["ab", "c\nd", "", " e "]
    assert [column.row_of(column.span(row)[0]) for row in (0, 1, 3)] == [0, 1, 3]
    assert column.rows_with("d") == {1}
    assert column.rows_with("\n ") == {3}  # a text that starts with a space
    assert column.rows_with(" \n") == {3}  # one that ends with a space
    assert column.rows_with("zz") == set()
    assert column.empty_rows() == {2}
    assert not column.printable and column.odd_rows() == {1}
    assert Column(["a b", "c"]).printable


@pytest.mark.parametrize("count", [2, 40])
def test_words_are_whole_runs_in_ascii_and_other_texts(count: int) -> None:
    column = Column(["Steel bottle", "bottles", "Flasche für Kinder", "a-bottle!", "x"])
    words = {"bottle", "für", *(f"filler{i}" for i in range(count))}
    assert column.rows_with_words(words) == {0, 2, 3}
    assert column.present(words) == {"bottle", "für"}
    assert column.run_set == set().union(*map(tokens, column.texts))
    assert Column(["Flasche für Kinder", "x"]).present({"für", "x", "y"}) == {"für", "x"}
    assert column.distinct().texts == column.texts
    assert Column(["a", "b", "a"]).distinct().texts == ["a", "b"]


MIXED = st.lists(st.text(alphabet="ab Z9\n–°’🔥éÉ\u0663-", max_size=10), min_size=1,
                 max_size=10)


@settings(max_examples=300, deadline=None)
@given(MIXED, st.sets(st.sampled_from(["a", "ab", "b", "z9", "é", "éa", "\u0663", "x"])))
def test_word_questions_over_texts_outside_ascii_equal_text_by_text(
        texts: list[str], words: set[str]) -> None:
    """Column.narrowed: the texts outside ASCII with only punctuation or symbols outside it,
    each such character "?", keep their runs; the others are those with letters or digits
    outside ASCII. Word questions over a mixed column (which go through it) give what each
    text's own runs give."""
    from listingkit.rules.matching import WIDE_WORD

    column = Column(texts)
    shaped, narrow, wide = column.narrowed()
    outside = column.outside().texts
    assert outside == [t for t in texts if not t.isascii()]
    assert sorted(narrow + wide) == list(range(len(outside)))
    assert wide == [k for k, t in enumerate(outside) if WIDE_WORD.search(t)]
    assert shaped.ascii
    assert [tokens(t) for t in shaped.texts] == [tokens(outside[k]) for k in narrow]
    every = [tokens(t) for t in texts]
    assert column.rows_with_words(words) == {i for i, r in enumerate(every) if r & words}
    assert Column(texts).present(words) == set().union(*every) & words
    assert Column(texts).run_set == set().union(*every)


@functools.cache
def narrow_tests() -> list:
    """Every screen test of every market's rules that says its column form holds over
    Column.narrowed."""
    found = {test for market in MARKETS for rule in rules(market)[0]
             for test in getattr(getattr(rule.wants, "parts", None), "tests", ())
             if getattr(test, "narrow", False)}
    return sorted(found, key=repr)


@settings(max_examples=200, deadline=None)
@given(MIXED)
def test_narrow_tests_hold_over_the_narrowed_texts(texts: list[str]) -> None:
    """A test marked ``narrow`` gives, over Column.narrowed, the rows whose own text passes."""
    assert len(narrow_tests()) >= 3  # (the bullets' count, repeated runs, a minimum length)
    column = Column(texts)
    shaped, narrow, _ = column.narrowed()
    outside = column.outside().texts
    for test in narrow_tests():
        assert test.rows(shaped) == {j for j, k in enumerate(narrow) if test(outside[k])}


def test_repeated_rows_and_the_run_set_built_from_the_rows_sets() -> None:
    texts = ["Bottle bottle BOTTLE", "a-b a b", "Steel Bottle", "", "x x\ny y", "Mug 5 5"]
    column = Column(texts)
    plain = [len(token_list(t)) - len(tokens(t)) for t in texts]
    assert column.repeated_rows(1) == {i for i, n in enumerate(plain) if n >= 1} == {0, 1, 4, 5}
    assert column.repeated_rows(2) == {0, 1, 4}
    # the run set after the rows' sets are kept is the same as before
    assert column.run_set == set().union(*map(tokens, texts)) == Column(texts).run_set


def test_search_term_repeats_over_a_column_equal_the_text_test() -> None:
    """S004's screen: a word with no letter or digit ("-") repeats without a run repeating,
    and "t-shirt shirt" repeats a run without a word repeating; both pass, as text by text."""
    from listingkit.rules.search_terms import _maybe_repeat, _repeat_rows

    texts = ["t-shirt shirt", "flask - thermos -", "flask Flask", "flask thermos", "a\tb a",
             "mug, cup", "", "x & y &"]
    assert _repeat_rows(Column(texts)) == {i for i, t in enumerate(texts) if _maybe_repeat(t)}
    assert _repeat_rows(Column(texts)) == {0, 1, 2, 4, 5, 7}


def test_phrase_screens_need_every_word_of_a_phrase() -> None:
    """A phrase rule's screen passes a text holding every word of one of its phrases, and
    not one holding only the phrase's rarest word ("for daily use" is no "daily deal"): over
    a column as text by text."""
    from listingkit.rules.screens import screen

    wants = screen(words=["bogo"], phrases=[("daily", "deal"), ("free", "shipping")])
    texts = ["Made of steel for daily use", "Daily deal: steel bottle", "Shipping is free",
             "free returns", "BOGO offer", "", "deal of the day, daily"]
    expected = {1, 2, 4, 6}
    assert {i for i, t in enumerate(texts) if wants(t)} == expected
    assert wants.rows(Column(texts)) == expected  # type: ignore[attr-defined]
    assert wants.rows(Column([*texts, "é daily deal"])) == expected | {7}  # type: ignore


@functools.cache
def rules(market: str) -> tuple[list[Rule], list]:
    """Every rule of the market, and the runner's memo groups (their union screens)."""
    from listingkit.lint import Runner

    ctx = Context(Registry().get(market))
    found = [cls(ctx) for cls in builtin_rules().values()]
    runner = Runner(Context(Registry().get(market)), select=["ALL"])
    return [rule for rule in found if rule.prepare()], runner.memos


@pytest.mark.parametrize("market", MARKETS)
@settings(max_examples=80, deadline=None)
@given(chunk=st.lists(texts, min_size=1, max_size=10))
def test_screen_rows_are_the_rows_the_screen_wants(market: str, chunk: list[str]) -> None:
    """``wants.rows`` over a column is exactly ``wants`` text by text (ASCII and not)."""
    found, memos = rules(market)
    screens = [rule.wants for rule in found if getattr(rule.wants, "rows", None)]
    screens += [memo.screen for memo in memos if memo.screen is not None]
    assert screens
    for wants in screens:
        expected = {i for i, text in enumerate(chunk) if wants(text)}
        assert wants.rows(Column(chunk)) == expected, chunk


@pytest.mark.parametrize("market", MARKETS)
@settings(max_examples=80, deadline=None)
@given(chunk=listings)
def test_rule_rows_never_hide_a_finding(market: str, chunk: list[Listing]) -> None:
    """A rule's ``rows`` over a chunk holds every row its ``check`` reports on, and
    ``check_chunk`` gives what ``check`` gives on each row."""
    found, _ = rules(market)
    for rule in found:
        if rule.scope != "row" or (type(rule).rows is Rule.rows and
                                   type(rule).check_chunk is Rule.check_chunk):
            continue
        picked = rule.rows(Chunk(chunk))
        pairs = rule.check_chunk(Chunk(chunk))
        expected = {i: hits for i, listing in enumerate(chunk) if (hits := list(
            rule.check(listing)))}
        if picked is not None:
            assert set(expected) <= set(picked), (rule.code, chunk)
        if pairs is not None:
            got = {i: hits for i, h in pairs if (hits := list(h))}
            assert got == expected, (rule.code, chunk)


def test_the_common_rules_work_over_the_chunk() -> None:
    """The rules that read every row have a chunk-level screen on amazon-us; on clean rows
    they pick none."""
    found, _ = rules("amazon-us")
    by_code = {rule.code: rule for rule in found}
    chunked = {code for code, rule in by_code.items() if type(rule).rows is not Rule.rows}
    assert {"C001", "C003", "C004", "C007", "C008", "D004", "I001", "L001", "S003"} <= chunked
    clean = [Listing(sku=f"A{i}", title=f"Acme Steel Water Bottle {i}00 ml", brand="Acme",
                     bullets=["Keeps drinks cold"], description="A steel bottle.",
                     search_terms="flask thermos", attributes={"gtin": "4006381333931"},
                     images=["a.jpg"]) for i in range(5)]
    for code in sorted(chunked):
        assert not by_code[code].rows(Chunk(clean)), code


@pytest.mark.parametrize("size", [1, 7, 256])
def test_catalogue_rules_take_whole_chunks_and_still_see_repeats_across_them(
        monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """C005 and C009 file a chunk of new, distinct SKUs and GTINs in one step; a repeat in a
    later chunk, or within one, is still reported, against the first row."""
    from listingkit import lint
    from listingkit.listing import Origin

    def gtin(n: int) -> str:
        body = f"{400638133390 + n:012d}"
        total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
        return body + str((10 - total % 10) % 10)

    rows = [Listing(sku=f"S{i}", title=f"Acme item {i}", brand="Acme",
                    attributes={"gtin": gtin(i)}, images=["a.jpg"], source=Origin("f.csv", i + 2))
            for i in range(300)]
    rows[250].sku, rows[251].attributes["gtin"] = "S3", gtin(5)  # repeats of rows 3 and 5
    rows[120].sku = rows[121].sku = "S-twin"  # a repeat within one chunk
    monkeypatch.setattr(lint, "CHUNK", size)
    runner = lint.Runner(Context(Registry().get("amazon-us")), select=["C005", "C009"])
    found = [(f.code, f.row, f.message) for f in runner.run(rows).findings]
    assert found == [
        ("C005", 123, "SKU 'S-twin' already used on row 122"),
        ("C005", 252, "SKU 'S3' already used on row 5"),
        ("C009", 253, f"gtin {gtin(5)} is also used by SKU 'S5' (row 7)"),
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789 .-\tab@:/wcomdefr", max_size=16), min_size=1,
                max_size=8))
def test_the_contact_screen_holds_every_contact_and_is_the_same_over_a_column(
        texts: list[str]) -> None:
    """The contact screen passes every text the contact regex would search further (e-mail,
    link, a phone number's two runs of three digits with a separator), and over a column it
    picks exactly the texts it passes one by one."""
    from listingkit.rules.phrases import _CONTACT_SCREEN, _contact_rows, _maybe_contact

    for text in texts:
        assert _maybe_contact(text) or not _CONTACT_SCREEN.search(text), text
    assert _contact_rows(Column(texts)) == {i for i, t in enumerate(texts) if _maybe_contact(t)}


@settings(max_examples=300, deadline=None)
@example([["5 \u212a", "5 k"]])  # (the Kelvin sign's lower case is "k")
@example([["\u0130", "i\u0307"], ["CAFÉ", "café"]])  # (dotted I's is "i" and a dot above)
@given(st.lists(st.lists(st.text(alphabet="aB \t\u00a0\x1féÉk\u212ai\u0130-", max_size=6),
                         max_size=4), min_size=1, max_size=8))
def test_duplicate_bullets_over_a_column_equal_bullet_by_bullet(lists: list[list[str]]) -> None:
    """B010's rows over a column of bullets joined by line breaks are the lists with two
    bullets alike once lower-cased with their whitespace collapsed: compared as they are
    where a text's only whitespace is single spaces, bullet by bullet elsewhere. Letters
    outside ASCII whose lower case is ASCII (the Kelvin sign, dotted I) or not (É) too."""
    from listingkit.rules.bullets import _alike, _alike_rows

    column = Column(["\n".join(bullets) for bullets in lists])
    expected = {i for i, bullets in enumerate(lists)
                if len({" ".join(b.lower().split()) for b in bullets}) < len(bullets)}
    assert _alike(lists) == expected
    assert _alike_rows(column) == expected


@pytest.mark.parametrize("words_known", [False, True])
def test_placeholder_rows_hold_every_placeholder_bullet(words_known: bool) -> None:
    """C008 finds placeholder bullets among the distinct bullets, or, once a screen has worked
    out the words of the bullets column (distinct bullets), over that column: either way
    every row with a placeholder bullet is among its rows."""
    from listingkit.rules.catalogue import Placeholder

    bullets = [["Steel body", "Lorem ipsum dolor sit amet"], ["TBD"], ["Steel body", " n/a "],
               ["Keeps drinks cold", "Fits cup holders"], ["insert description here"], []]
    chunk = Chunk([Listing(sku=f"S{i}", title="Acme Bottle", bullets=b)
                   for i, b in enumerate(bullets)])
    if words_known:
        assert chunk.column("bullets").run_set
    rule = Placeholder(Context(Registry().get("amazon-us")))
    assert rule.prepare()
    reported = {i for i, listing in enumerate(chunk.listings) if list(rule.check(listing))}
    assert reported == {0, 1, 2, 4}
    assert reported <= set(rule.rows(chunk))


def test_identifiers_of_a_chunk_are_a_column_in_the_usual_shape() -> None:
    """One barcode column and no variants (the usual shape): the chunk's identifiers are that
    column, stripped, and C002, C003 and C009 read it; variants or two barcode columns: no
    column, row by row. Either shape gives what each listing gives on its own."""
    from listingkit.lint import Runner
    from listingkit.listing import Origin
    from listingkit.rules.identifiers import chunk_identifiers, id_column, identifiers

    plain = [Listing(sku="A", attributes={"gtin": " 4006381333931 "}, source=Origin("f", 2)),
             Listing(sku="B", source=Origin("f", 3)),
             Listing(sku="C", attributes={"gtin": "4.00638E+12", "colour": "red"},
                     source=Origin("f", 4)),
             Listing(sku="D", attributes={"gtin": "4006381333932"}, source=Origin("f", 5)),
             Listing(sku="E", attributes={"gtin": "04006381333931"}, source=Origin("f", 6))]
    assert id_column(Chunk(plain)) == (
        "gtin", ["4006381333931", "", "4.00638E+12", "4006381333932", "04006381333931"])
    two = [*plain, Listing(sku="F", attributes={"ean": "4006381333932"}, source=Origin("f", 7))]
    nested = [*plain, Listing(sku="G", variants=[{"barcode": "4006381333932"}],
                              source=Origin("f", 8))]
    assert id_column(Chunk(two)) is None
    assert id_column(Chunk(nested)) is None
    assert id_column(Chunk([Listing(sku="H", attributes={"colour": "red"})])) == ("", [""])
    for chunk in (plain, two, nested):
        assert chunk_identifiers(Chunk(chunk)) == [identifiers(x) for x in chunk]
        whole = Runner(Context(Registry().get("amazon-us")), select=["C002", "C003", "C009"])
        one = Runner(Context(Registry().get("amazon-us")), select=["C002", "C003", "C009"])
        by_row = [f for listing in chunk for f in one.check_row(listing)]
        for rule in one.rules:
            if rule.scope == "catalogue":  # (listing by listing, not a chunk)
                for listing in chunk:
                    rule.check(listing)
                by_row += [one._finding(rule, where, hit) for where, hit in rule.finish()]
        found = sorted((f.code, f.row, f.message) for f in whole.run(chunk).findings)
        assert found == sorted((f.code, f.row, f.message) for f in by_row), chunk
        assert {code for code, *_ in found} == {"C002", "C003", "C009"}


def test_bullet_lines_one_bullet_a_line_and_the_rules_that_read_them() -> None:
    """Chunk.bullet_lines is the bullets column only when no bullet holds a line break of its
    own. Over it C001, C007 and C008 still pick every row they report (empty bullets, a
    space at either end or doubled, a short placeholder), and B010 finds no pair where no
    bullet of the chunk repeats, and the pairs where one repeats within a row (two empty
    bullets are alike too)."""
    from listingkit.rules.bullets import DuplicateBullet

    assert Chunk([Listing(sku="A", bullets=["a\nb", "c"])]).bullet_lines() is None
    bullets = [["Steel body", "Keeps cold"], [], ["", ""], [" lead", "x"], ["trail ", "y"],
               ["two  spaces"], ["TBD", "z"], ["Steel body", "Fits cars"], ["ok", "OK"]]
    chunk = Chunk([Listing(sku=f"S{i}", title="Acme Bottle", brand="Acme", bullets=b)
                   for i, b in enumerate(bullets)])
    lines = chunk.bullet_lines()
    assert lines is chunk.column("bullets") and lines.plain_lines
    found, _ = rules("amazon-us")
    by_code = {rule.code: rule for rule in found}
    expected = {"C001": {1, 2}, "C007": {3, 4, 5}, "C008": {6}, "B010": {2, 8}}
    for code, rows in expected.items():
        rule = by_code[code]
        reported = {i for i, listing in enumerate(chunk.listings) if list(rule.check(listing))}
        assert reported == rows, code
        assert reported <= set(rule.rows(chunk)), code
    alike = DuplicateBullet(Context(Registry().get("amazon-us")))
    assert alike.prepare()
    for rows, pairs in (((0, 1, 6), set()), ((0, 7), set()), ((0, 8), {1}), ((3, 8), {1})):
        # (no bullet repeats; "Steel body" in two rows, not in one; "ok" and "OK" in one)
        part = Chunk([chunk.listings[i] for i in rows])
        assert set(alike.rows(part)) == pairs, rows
    assert set(alike.rows(chunk)) == {2, 8}


def _with_check_digit(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


barcodes = st.one_of(
    st.sampled_from(["", "12-34", "4.00638E+12", "٤٠٠٦٣٨١٣٣٣٩٣١", "0"]),
    st.text(alphabet="0123456789", min_size=6, max_size=15),
    st.integers(7, 13).flatmap(lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)
                               ).map(_with_check_digit))


@settings(max_examples=400, deadline=None)
@given(st.lists(barcodes, min_size=1, max_size=40))
def test_barcodes_checked_together_equal_one_by_one(values: list[str]) -> None:
    """C002's check of a chunk's barcodes together (the sums of every code of a length in one
    integer) reports exactly the values the one-by-one test reports, in order."""
    from listingkit.rules.identifiers import _ANY_LENGTH, gs1_valid, not_gtins

    expected = [i for i, value in enumerate(values) if value and not (
        value.isdigit() and len(value) in _ANY_LENGTH and gs1_valid(value))]
    assert not_gtins(values) == expected


def test_words_of_a_column_not_all_ascii_are_known_once_its_ascii_part_is() -> None:
    """A screen over a column with texts not in ASCII works out the words of its ASCII texts
    (and looks at the others one by one): the column's words then count as known, so S003
    asks the column itself, not a second column of distinct bullets; and what it asks
    gives every word of every text."""
    from listingkit.lint import Runner

    texts = ["Steel body", "Keeps 100 °C – hot", "Fits cup holders"]
    column = Column(texts)
    assert not column.words_known
    assert column.rows_with_words(frozenset({"hot", "steel"})) == {0, 1}
    assert column.words_known
    assert column.present({"hot", "cup", "flask"}) == {"hot", "cup"}
    rows = [Listing(sku=f"S{i}", title="Acme Bottle", brand="Acme",
                    bullets=[text, "Leak proof"], search_terms=terms, images=["a.jpg"])
            for i, (text, terms) in enumerate(zip(texts, ["flask", "hot flask", "gift"]))]
    found = Runner(Context(Registry().get("amazon-us")), select=["S003"]).run(rows).findings
    assert [(f.sku, f.code) for f in found] == [("S1", "S003")]


def test_odd_space_is_whitespace_other_than_space_and_line_break_or_invisible() -> None:
    """Column.rows_with_odd_space's one character class is str.isspace() less the space and
    the line break, plus the invisible characters, for every code point."""
    from listingkit.rules.columns import _ODD_SPACE

    invisible = set("\u200b\u200c\u2060\ufeff\u00ad")
    wrong = [hex(code) for code in range(0x110000) if bool(_ODD_SPACE.match(chr(code))) != (
        (chr(code).isspace() and chr(code) not in " \n") or chr(code) in invisible)]
    assert wrong == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="a \n\t\x1f\u00a0\u2013é\u200b\u3000", max_size=8),
                min_size=1, max_size=10))
def test_odd_space_rows_are_the_texts_holding_one(texts: list[str]) -> None:
    """Column.rows_with_odd_space: the rows whose text holds a character of the class, in an
    ASCII column, a column not all ASCII (its ASCII texts and the others apart) or either
    once split."""
    from listingkit.rules.columns import _ODD_SPACE

    expected = {i for i, text in enumerate(texts) if _ODD_SPACE.search(text)}
    assert Column(texts).rows_with_odd_space() == expected
    column = Column(texts)
    column.split()
    assert column.rows_with_odd_space() == expected


def test_bullet_lines_not_in_ascii_are_read_over_the_column_too() -> None:
    """Bullets with characters outside ASCII (dashes, degrees, no-break spaces, invisible
    characters) are still read a line each: C001, C007 and C008 pick every row they report,
    and B010 finds exactly the rows with two bullets alike."""
    from listingkit.rules.bullets import DuplicateBullet

    bullets = [["Keeps 100 °C – hot", "Steel"], ["Fits\u00a0cars", "x"], ["", "\u3000"],
               ["Naïve café", "NAÏVE CAFÉ"], ["Zero\u200bwidth", "y"], ["Tab\tbed", "z"],
               ["Ünïcode – fine", "ok"], ["\u00a0TBD", "v"]]
    chunk = Chunk([Listing(sku=f"S{i}", title="Acme Bottle", brand="Acme", bullets=b)
                   for i, b in enumerate(bullets)])
    lines = chunk.bullet_lines()
    assert lines is not None and not lines.plain_lines
    assert lines.rows_with_odd_space() == {1, 2, 4, 5, 7}
    found, _ = rules("amazon-us")
    by_code = {rule.code: rule for rule in found}
    for code in ("C001", "C007", "C008"):
        rule = by_code[code]
        reported = {i for i, listing in enumerate(chunk.listings) if list(rule.check(listing))}
        assert reported, code
        assert reported <= set(rule.rows(chunk)), code
    alike = DuplicateBullet(Context(Registry().get("amazon-us")))
    assert alike.prepare()
    expected = {i for i, listing in enumerate(chunk.listings) if list(alike.check(listing))}
    assert expected == {2, 3}  # (an empty bullet and an ideographic space are alike too)
    assert set(alike.rows(chunk)) == expected
    assert set(alike.rows(Chunk([chunk.listings[i] for i in (0, 1, 6)]))) == set()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZ09 -_'’–°™®\u00a0\u200b\u2009é²ＡİßΩ\n\t.,🔥", max_size=30))
def test_token_list_equals_the_unicode_runs_whatever_the_path(text: str) -> None:
    """token_list's ASCII paths (ASCII text, and text whose characters outside ASCII are
    punctuation or symbols) give the runs the Unicode regex gives."""
    from listingkit.rules.matching import _TOKEN, token_list

    assert token_list.__wrapped__(text) == tuple(_TOKEN.findall(text.lower()))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab\n°–é ", max_size=8), min_size=1, max_size=10))
def test_rows_matching_are_the_texts_the_pattern_matches(texts: list[str]) -> None:
    """Column.rows_matching: the rows whose own text the pattern matches, texts with line
    breaks of their own and several hits in a row included."""
    import re

    for pattern in (re.compile("[°–]"), re.compile("é+"), re.compile("b")):
        expected = {i for i, text in enumerate(texts) if pattern.search(text)}
        assert Column(texts).rows_matching(pattern) == expected
