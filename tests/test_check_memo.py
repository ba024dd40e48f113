"""The speed-ups of ``check`` must not change a single finding: memos per text, brand masking
under a memo, the memo switching itself off, and C006's sorted-token ratio."""

from __future__ import annotations

import random

import pytest

from listingkit.lint import Runner
from listingkit.listing import Listing, Origin
from listingkit.marketplace import Registry
from listingkit.rules import memo as memo_module
from listingkit.rules.context import Context
from listingkit.rules.memo import FieldMemo, brand_occurs


def runner(**kwargs: object) -> Runner:
    return Runner(Context(Registry().get("amazon-us")), **kwargs)  # type: ignore[arg-type]


def row(n: int, **fields: object) -> Listing:
    return Listing(sku=fields.pop("sku", f"SKU-{n}"), source=Origin("c.csv", n + 1),
                   **fields)  # type: ignore[arg-type]


def found(listings: list[Listing], **kwargs: object) -> list[tuple[int, str, str, str]]:
    return [(f.row, f.sku, f.code, f.message) for f in runner(**kwargs).run(listings).findings]


def test_repeated_text_reports_every_row_with_its_own_location() -> None:
    bullets = ["Keeps drinks cold ✅", "Leak-proof lid"]
    rows = [row(i, title=f"Acme Steel Bottle {i}00 ml", brand="Acme", bullets=bullets,
                images=["a.jpg"]) for i in range(1, 4)]
    hits = [(r, s) for r, s, code, _ in found(rows) if code == "B006"]
    assert hits == [(2, "SKU-1"), (3, "SKU-2"), (4, "SKU-3")]


def test_same_text_different_brand_is_judged_with_its_own_brand() -> None:
    """"Best seller" is sales talk, unless it is the brand: the memo must key on it then."""
    title = "Best Seller Steel Water Bottle, 750 ml"
    rows = [row(1, title=title, brand="Acme", images=["a.jpg"]),
            row(2, title=title, brand="Best Seller", images=["a.jpg"]),
            row(3, title=title, brand="Acme", images=["a.jpg"])]
    by_row = {r: {c for rr, _, c, _ in found(rows, select=["T"]) if rr == r} for r in (2, 3, 4)}
    alone = {c for _, _, c, _ in found([rows[1]], select=["T"])}
    assert by_row[3] == alone  # the brand's own words are exempt on row 3, as when run alone
    assert by_row[2] == by_row[4] == by_row[3] | {"T007"}


def test_brand_occurs_is_generous() -> None:
    assert brand_occurs("Acme", "ACME bottle")
    assert brand_occurs("Acme-Pro", "the pro model")  # any word of the brand
    assert brand_occurs("!!", "Bottle!!")  # a brand of punctuation
    assert not brand_occurs("Acme", "Steel bottle")


def test_memo_switches_off_for_unique_texts_and_findings_stay(monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    monkeypatch.setattr(memo_module, "LOOKUPS", 5)
    rows = [row(i, title=f"Acme Bottle Bottle Bottle {i}", brand="Acme",
                bullets=["Free shipping"], images=["a.jpg"]) for i in range(8)]
    check = runner(select=["T005", "B005"])  # (B005's screen passes the bullet: looked up)
    result = check.run(rows)
    memos = {step.field: step for step in check.steps if isinstance(step, FieldMemo)}
    assert memos["title"].memo is None  # five different titles in five lookups
    assert memos["bullets"].memo is not None and len(memos["bullets"].memo) == 1
    assert [f.row for f in result.findings if f.code == "T005"] == list(range(1, 9))


def test_screened_out_texts_skip_the_memo_and_are_remembered_while_they_repeat(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo_module, "PROBE", 5)
    rows = [row(i, title=f"Acme Steel Bottle {i}", brand="Acme", bullets=["Steel"],
                images=["a.jpg"]) for i in range(8)]
    rows.append(row(9, title="Acme Steel Bottle FREE SHIPPING", brand="Acme", bullets=["Steel"],
                    images=["a.jpg"]))
    check = runner(select=["T", "B001"])
    result = check.run(rows)
    memos = {step.field: step for step in check.steps if isinstance(step, FieldMemo)}
    assert memos["bullets"].clean == {"Steel"} and memos["bullets"].memo == {}
    assert memos["title"].clean is None  # five different clean titles: it stopped remembering
    assert {f.code for f in result.findings} == {"T006", "T007"}
    assert {f.row for f in result.findings} == {10}


def test_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo_module, "MAX_ENTRIES", 3)
    rows = [row(i, title="Acme Steel Bottle", brand="Acme", bullets=[f"Bullet {i % 5}"],
                images=["a.jpg"]) for i in range(20)]
    check = runner(select=["B"])
    check.run(rows)
    memos = [step for step in check.steps if isinstance(step, FieldMemo)]
    assert memos and all(len(m.memo or {}) <= 3 for m in memos)


def test_noqa_and_per_sku_ignores_still_apply_to_remembered_findings() -> None:
    bullets = ["Keeps drinks cold ✅"]
    rows = [row(1, title="Acme Steel Bottle", brand="Acme", bullets=bullets, images=["a"]),
            row(2, title="Acme Steel Bottle", brand="Acme", bullets=bullets, images=["a"],
                attributes={"listingkit-noqa": "B006"}),
            row(3, title="Acme Steel Bottle", brand="Acme", bullets=bullets, images=["a"])]
    assert [r for r, _, c, _ in found(rows) if c == "B006"] == [2, 4]


def test_near_duplicate_scores_equal_token_sort_ratio() -> None:
    """C006 compares sorted-word strings with the plain ratio; it must equal token_sort_ratio."""
    from rapidfuzz import fuzz

    from listingkit.rules.near import runs_of

    rnd = random.Random(3)
    words = ["acme", "steel", "water", "bottle", "750", "ml", "blue", "red", "mug", "lid"]
    titles = [" ".join(rnd.choice(words) for _ in range(rnd.randint(3, 8))) for _ in range(120)]
    rows = [row(i, title=t, brand="Acme") for i, t in enumerate(titles)]
    got = {(f.sku, f.key) for f in runner(select=["C006"]).run(rows).findings}
    expected: dict[str, tuple[int, int, str]] = {}
    normal = [" ".join(runs) for runs in runs_of(titles)]
    for i in range(len(rows)):
        for j in range(i):
            if len(normal[i]) < 10 or len(normal[j]) < 10:
                continue
            score = fuzz.token_sort_ratio(normal[i], normal[j], score_cutoff=95)
            if score and rows[i].sku != rows[j].sku:
                best = expected.get(rows[i].sku)
                if best is None or (round(score), -j) > (best[0], -best[1]):
                    expected[rows[i].sku] = (round(score), j, rows[j].sku)
    assert got == {(sku, other) for sku, (_, _, other) in expected.items()}
    assert got  # the data has near duplicates, so the comparison means something


def _mask_by_regex(text: str, phrase: str) -> str:
    """What ``mask`` computed before its ASCII path: one case-insensitive regex."""
    import re

    needle = phrase.strip()
    if not needle or needle.lower() not in text.lower():
        return text
    return re.sub(re.escape(needle), lambda m: " " * len(m.group(0)), text, flags=re.IGNORECASE)


@pytest.mark.parametrize("seed", range(4))
def test_mask_equals_the_case_insensitive_regex(seed: int) -> None:
    from listingkit.rules.matching import mask

    rnd = random.Random(seed)
    alphabet = ["a", "A", "b", "B", "c", " ", "-", "ab", "AB", "é", "É", "ß", "K"]
    checked = changed = 0
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        phrase = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 3)))
        got = mask(text, phrase)
        assert got == _mask_by_regex(text, phrase), (text, phrase)
        assert len(got) == len(text)
        checked += 1
        changed += got != text
    assert changed > checked // 10  # phrases were found often enough to mean something


def varied_rows(count: int, seed: int) -> list[Listing]:
    """Rows with a mix of problems: sales talk, emoji, caps, repeats, placeholders, bad and
    scientific barcodes, stray spaces, noqa cells, duplicate SKUs, repeated bullets."""
    rnd = random.Random(seed)
    titles = ["Acme Steel Bottle", "ACME STEEL BOTTLE FREE SHIPPING", "Best Seller Mug 🔥",
              "Bottle Bottle Bottle Lid", "TBD", "Acme  Lamp ", "Acme Desk Lamp LED 5 W"]
    bullets = [["Keeps drinks cold ✅"], ["Leak-proof lid", "Leak-proof lid"], ["N/A"],
               ["Made of steel", "Call 555 123 4567 now"], []]
    out = []
    for i in range(count):
        attributes = {"gtin": rnd.choice(["4006381333931", "4006381333932", "4.00638E+12",
                                          ""])}
        if rnd.random() < 0.2:
            attributes["listingkit-noqa"] = rnd.choice(["T007", "B", ""])
        out.append(row(i, sku=f"SKU-{rnd.randint(0, count // 2)}",
                       title=f"{rnd.choice(titles)} {rnd.randint(1, 9)}",
                       brand=rnd.choice(["Acme", "Best Seller", ""]),
                       bullets=list(rnd.choice(bullets)),
                       description=rnd.choice(["", "A sturdy bottle. " * 3, "<b>Bold</b>",
                                               "Visit www.example.com"]),
                       search_terms=rnd.choice(["", "flask flask new", "steel bottle gift"]),
                       attributes=attributes, images=rnd.choice([[], ["a.jpg"]])))
    return out


@pytest.mark.parametrize("chunk", [1, 7, 256])
def test_checking_rows_a_chunk_at_a_time_finds_what_row_by_row_finds(
        monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """check_rows runs each rule over a chunk of rows before the next rule: every finding,
    its location and its order must be those of checking the rows one at a time."""
    from listingkit import lint

    rows = varied_rows(300, seed=chunk)
    one_by_one = runner()
    expected = [one_by_one.check_row(r) for r in rows]
    assert sum(map(len, expected)) > 300  # the rows break many rules
    assert runner().check_rows(rows, [None] * len(rows)) == expected
    monkeypatch.setattr(lint, "CHUNK", chunk)
    whole = runner().run(rows).findings
    monkeypatch.setattr(lint, "CHUNK", 1)
    assert whole == runner().run(rows).findings


def test_verdicts_work_out_each_new_text_once_and_stay_bounded(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """verdicts: the texts not seen yet go together to ``maybe``; ``judge`` sees only the rows
    it picks, each distinct text once per run; a full memo starts over, answers unchanged."""
    from listingkit.rules.columns import Column
    from listingkit.rules.memo import Verdicts

    asked: list[list[str]] = []
    judged: list[str] = []

    def maybe(column: Column) -> set[int]:
        asked.append(list(column.texts))
        return {i for i, text in enumerate(column.texts) if "tbd" in text}

    def judge(text: str) -> str:
        judged.append(text)
        return text.upper()

    memo: dict[str, str] = {}
    verdicts = Verdicts(memo)
    texts = ["a tbd", "b", "a tbd", "c"]
    assert verdicts(Column(texts), maybe, judge, "") == ["A TBD", "", "A TBD", ""]
    assert asked == [["a tbd", "b", "c"]] and judged == ["a tbd"]  # each distinct text once
    assert verdicts(Column(["b", "d tbd", "a tbd"]), maybe, judge, "") == \
        ["", "D TBD", "A TBD"]
    assert asked[-1] == ["d tbd"] and judged == ["a tbd", "d tbd"]  # only the new text
    monkeypatch.setattr(memo_module, "MAX_ENTRIES", 4)
    assert verdicts(Column(["e", "f tbd", "b"]), maybe, judge, "") == ["", "F TBD", ""]
    assert len(memo) == 3  # started over with this chunk's texts


def test_verdicts_stop_remembering_texts_that_rarely_repeat(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from listingkit.rules.columns import Column
    from listingkit.rules.memo import Verdicts

    monkeypatch.setattr(memo_module, "PROBE", 4)
    memo: dict[str, str] = {}
    verdicts = Verdicts(memo)
    judge = str.upper
    maybe = lambda column: {i for i, t in enumerate(column.texts) if "x" in t}
    assert verdicts(Column(["a", "bx", "c", "d"]), maybe, judge, "") == ["", "BX", "", ""]
    assert verdicts.memo is None  # four new texts of four: no more remembering
    assert verdicts(Column(["bx", "e", "bx"]), maybe, judge, "") == ["BX", "", "BX"]
    assert len(memo) == 4  # (left as it was)


def test_each_field_stops_remembering_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """C008 and L001 remember verdicts per field: descriptions that never repeat stop being
    remembered, while the brands that repeat on every row still are (one probe shared by
    both fields saw a mix of repeats and new texts, and remembered every description)."""
    monkeypatch.setattr(memo_module, "PROBE", 600)  # (three chunks of 256 rows)
    rows = [Listing(sku=f"S{i}", title=f"Acme Bottle {i}", brand=f"Brand{i % 3}",
                    bullets=[f"Steel body {i}"], description=f"A bottle, item {i} of many.")
            for i in range(1000)]
    runner = Runner(Context(Registry().get("amazon-us")), select=["C008", "L001"])
    runner.run(rows)
    by_code = {rule.code: rule for rule in runner.rules}
    placeholder, language = by_code["C008"], by_code["L001"]
    assert placeholder.verdicts["description"].memo is None
    assert placeholder.verdicts["brand"].memo is not None
    assert set(placeholder.seen) >= {"Brand0", "Brand1", "Brand2"}
    assert language.verdicts["description"].memo is None
    assert language.verdicts["bullets"].memo is None


def test_language_guesses_are_shared_by_texts_differing_only_in_digits(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """L001 asks langdetect once for texts that differ only in their digits (variants' "500 ml"
    and "750 ml" bullets): each row still gets its finding."""
    from listingkit import language

    asked: list[str] = []
    detect = language.detect
    monkeypatch.setattr(language, "detect",
                        lambda text, candidates=None: asked.append(text) or detect(text, candidates))
    text = ("Diese Flasche aus Edelstahl hält die Getränke für {} Stunden kalt und ist mit "
            "dem Deckel auch für die Schule und das Büro geeignet, {} ml")
    rows = [row(i, description=text.format(hours, size), brand="Acme")
            for i, (hours, size) in enumerate([(12, 500), (24, 750), (12, 500), (6, 1000)])]
    found = Runner(Context(Registry().get("amazon-us")), select=["L001"]).run(rows).findings
    assert [(f.sku, f.field, f.key) for f in found] == [
        (f"SKU-{i}", "description", "de") for i in range(4)]
    assert len(asked) == 1


@pytest.mark.parametrize("text", [
    "This steel bottle keeps drinks cold for 24 hours and fits 750 ml in most cup holders",
    "Diese Flasche hält 24 Stunden kalt und passt mit 750 ml in die meisten Becherhalter",
    "Cette bouteille garde les boissons au frais pendant 24 heures, 750 ml, www.acme24.com",
])
def test_langdetect_reads_every_digit_alike(text: str) -> None:
    """What L001's memo key leans on: langdetect's guess is the same whatever the digits."""
    from listingkit.language import detect

    candidates = ["en", "de", "fr", "es", "it", "nl"]
    guess = detect(text, candidates)
    assert guess is not None
    for digits in ("0000000000", "9876543210", "1111111111"):
        other = text.translate(str.maketrans("0123456789", digits))
        assert detect(other, candidates) == guess
