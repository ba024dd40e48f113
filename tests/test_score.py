"""listingkit score: criteria, weights from spec and config, suggestions, banks, ranking."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from listingkit.commands import cli
from listingkit.listing import Listing
from listingkit.marketplace import Registry
from listingkit.scoring import KeywordBank, Scorer, load_bank, rank_among
from listingkit.scoring.bank import make_term

GOOD = ("Acme Insulated Water Bottle, 750 ml, Leak Proof, BPA Free, Stainless Steel, Blue")


@pytest.fixture(scope="module")
def market():
    return Registry().get("amazon-us")


@pytest.fixture()
def bank():
    return KeywordBank([make_term("water bottle", 1.0), make_term("insulated", 0.8),
                        make_term("leak proof", 0.5), make_term("bpa free", 0.4)], "test")


def listing(**kw):
    base = {"sku": "A1", "title": GOOD, "brand": "Acme", "images": ["https://x/1.jpg"],
                "bullets": ["Keeps drinks cold for 24 hours"], "search_terms": "gym flask thermos",
                "attributes": {"color": "Blue", "size": "750 ml"}}
    base.update(kw)
    return Listing(**base)


def crit(result, name):
    return next(c for c in result.criteria if c.name == name)


def test_breakdown_sums_to_score_and_weights_are_reported(market, bank):
    result = Scorer(market, bank=bank).score(listing())
    assert 0 <= result.score <= 100
    assert abs(sum(c.points for c in result.criteria) - result.score) < 0.01
    assert abs(sum(c.max for c in result.criteria) - 100) < 0.01
    assert crit(result, "keywords").weight == 25


def test_check_error_caps_the_score(market, bank):
    good = Scorer(market, bank=bank).score(listing())
    bad = Scorer(market, bank=bank).score(listing(title=GOOD + " Free Shipping!!"))
    assert good.score > 40
    assert bad.capped and bad.score <= 40
    assert "error" in crit(bad, "compliance").detail
    assert bad.suggestions[0].action.startswith("fix")
    assert bad.suggestions[0].gain > 10


def test_no_check_makes_compliance_not_apply(market, bank):
    result = Scorer(market, bank=bank, check=False).score(listing(title=GOOD + "!!"))
    assert crit(result, "compliance").max == 0 and not result.capped


def test_length_prefers_the_sweet_spot_to_merely_under_the_max(market):
    scorer = Scorer(market, check=False)
    short = scorer.score(listing(title="Acme Bottle"))
    sweet = scorer.score(listing(title=GOOD))
    long = scorer.score(listing(title=GOOD + ", for Gym Office Hiking Camping Cycling School "
                                "Kids Adults Men Women Travel Sports Outdoor Indoor Use"))
    assert crit(sweet, "length").points > crit(long, "length").points > 0
    assert crit(sweet, "length").points > crit(short, "length").points


def test_front_loading_wants_brand_and_keywords_in_the_visible_part(market, bank):
    scorer = Scorer(market, bank=bank, check=False)
    early = scorer.score(listing())
    late = scorer.score(listing(title="Stainless Steel Flask for Gym Office and Travel with "
                                "Carry Loop and Straw Lid, Blue, Acme Insulated Water Bottle"))
    assert crit(early, "front_loading").points > crit(late, "front_loading").points
    assert any("brand 'Acme'" in s.action for s in late.suggestions)


def test_keyword_placement_title_beats_description(market, bank):
    scorer = Scorer(market, bank=bank, check=False)
    in_title = scorer.score(listing())
    in_desc = scorer.score(listing(title="Acme Steel Flask, 750 ml, Blue", search_terms="",
                                   description="An insulated water bottle, leak proof, bpa free"))
    assert crit(in_title, "keywords").points > crit(in_desc, "keywords").points > 0
    assert any("to the title" in s.action for s in in_desc.suggestions)


def test_stuffing_and_capitalisation_and_attributes(market):
    scorer = Scorer(market, check=False)
    stuffed = scorer.score(listing(title="acme bottle bottle bottle water bottle for kids"))
    assert "bottle x4" in crit(stuffed, "stuffing").detail
    assert crit(stuffed, "capitalisation").points < crit(stuffed, "capitalisation").max
    assert "color 'Blue' not in title" in crit(stuffed, "attributes").detail
    none = scorer.score(listing(attributes={}))
    assert crit(none, "attributes").max == 0


def test_language_mismatch(market):
    de = ("Edelstahl Trinkflasche für Kinder und Erwachsene mit dem Deckel aus Bambus, "
          "auslaufsicher und ohne BPA")
    result = Scorer(market, check=False).score(listing(title=de))
    assert crit(result, "language").points == 0


def test_suggestions_are_ordered_by_gain_and_gain_is_real(market, bank):
    scorer = Scorer(market, bank=bank, check=False)
    before = scorer.score(listing(title="Acme Insulated Steel Flask, Leak Proof, 750 ml, Blue"))
    gains = [s.gain for s in before.suggestions]
    assert gains == sorted(gains, reverse=True) and gains
    add = next(s for s in before.suggestions if s.action == "add 'water bottle' to the title")
    after = scorer.score(listing(title="Acme Insulated Steel Flask, Leak Proof, 750 ml, Blue, "
                                       "Water Bottle"))
    assert crit(after, "keywords").points - crit(before, "keywords").points == \
        pytest.approx(add.gain, abs=0.15)


def test_weights_from_config_override_the_spec(market, bank, tmp_path):
    from listingkit.config import load_config

    (tmp_path / "listingkit.toml").write_text("[score.weights]\nkeywords = 0\n")
    config = load_config(tmp_path / "listingkit.toml")
    result = Scorer(market, config, bank=bank).score(listing())
    assert crit(result, "keywords").max == 0


def test_unknown_weight_is_a_one_line_error(tmp_path):
    (tmp_path / "c.toml").write_text("[score.weights]\nkeyword = 3\n")
    (tmp_path / "l.csv").write_text(f"sku,title,brand\nA1,\"{GOOD}\",Acme\n")
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "c.toml"), "score",
                                      str(tmp_path / "l.csv"), "-p", "amazon-us"])
    assert result.exit_code == 2
    assert "did you mean 'keywords'" in result.output
    assert result.output.startswith(f"Error: {tmp_path / 'c.toml'}: score.weights: ")
    (tmp_path / "s.toml").write_text('id = "amazon-us"\n[score.weights]\nlenght = 3\n')
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "l.csv"), "-p", "amazon-us",
                                      "--spec", str(tmp_path / "s.toml")])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {tmp_path / 's.toml'}: score.weights: unknown "
                                    "criterion 'lenght' (did you mean 'length'?)")


def test_bank_formats(tmp_path):
    ranking = tmp_path / "rank.csv"
    ranking.write_text("group,rank,term,kind,root,variants,competitors,share,title,bullets,"
                       "description,specificity,score,recommended\n"
                       ",1,water bottle,phrase,water bottle,water bottles,9,0.9,9,0,0,1,0.9,yes\n"
                       ",2,insulated,word,insulated,,5,0.5,5,0,0,1,0.3,yes\n"
                       ",,Acme,brand,acme,,5,0.5,5,0,0,1,0.5,no\n")
    bank = load_bank(ranking)
    assert [t.text for t in bank.terms] == ["water bottle", "insulated"]
    assert bank.terms[1].weight == pytest.approx(0.3 / 0.9)
    cleaned = tmp_path / "bank.json"
    cleaned.write_text(json.dumps({"keywords": [{"keyword": "yoga mat", "volume": 100},
                                                {"keyword": "mat", "volume": 400}]}))
    assert [t.text for t in load_bank(cleaned).terms] == ["mat", "yoga mat"]
    tool = tmp_path / "cerebro.csv"
    tool.write_text("Keyword Phrase,Search Volume,Cerebro IQ Score\nyoga mat,\"1,200\",5\n"
                    "thick yoga mat,300,2\n")
    assert load_bank(tool).terms[0].text == "yoga mat"
    broken = tmp_path / "broken.json"
    broken.write_text("[{\"nope\": 1}]")
    with pytest.raises(Exception, match="broken.json: keyword 1"):
        load_bank(broken)


def test_plural_counts_as_a_match(market):
    bank = KeywordBank([make_term("water bottle", 1.0)], "t")
    result = Scorer(market, bank=bank, check=False).score(
        listing(title="Acme Water Bottles, 2 Pack, 750 ml, Blue"))
    assert "1/1 keywords" in crit(result, "keywords").detail


def test_rank_among_competitors(market, bank):
    scorer = Scorer(market, bank=bank, check=False)
    mine = [scorer.score(listing())]
    rank_among(mine, [mine[0].score + 5, mine[0].score - 5, mine[0].score - 1])
    assert mine[0].rank == (2, 4)


def _csv(tmp_path, rows):
    path = tmp_path / "l.csv"
    lines = ["sku,title,brand,color,image_1"]
    lines += [f"{s},\"{t}\",Acme,Blue,https://x/{s}.jpg" for s, t in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_json_shape_and_competitor_rank(tmp_path):
    cat = _csv(tmp_path, [("A1", GOOD), ("A2", "acme bottle")])
    comp = tmp_path / "comp.txt"
    comp.write_text("Steel Insulated Water Bottle 1 l Leak Proof\nInsulated Water Bottle for Kids, Leak Proof\nKids Water Bottle with Straw, BPA Free\nLeak Proof Insulated Water Bottle, 500 ml" + "\n")
    result = CliRunner().invoke(cli, ["score", str(cat), "-p", "amazon-us", "--competitors",
                                      str(comp), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    first = data["listings"][0]
    assert set(first) >= {"sku", "score", "criteria", "suggestions", "rank"}
    assert set(first["criteria"][0]) == {"name", "weight", "points", "max", "detail"}
    assert first["rank"]["of"] == 5
    assert data["listings"][0]["score"] > data["listings"][1]["score"]
    assert all(set(s) == {"action", "gain"} for s in data["listings"][1]["suggestions"])


def test_cli_table_and_min_score(tmp_path):
    cat = _csv(tmp_path, [("A1", GOOD), ("A2", "acme bottle")])
    result = CliRunner().invoke(cli, ["score", str(cat), "-p", "amazon-us", "--min-score", "90"])
    assert result.exit_code == 1
    assert "weights (amazon-us): compliance 20" in result.output
    assert "keyword bank: none" in result.output
    csv_out = CliRunner().invoke(cli, ["score", str(cat), "-p", "amazon-us", "-f", "csv"])
    assert csv_out.output.splitlines()[0].startswith("sku,score,rank,of,compliance")


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_cli_report_is_written_in_parts(tmp_path, monkeypatch, fmt):
    """A report of many listings is written part by part as it is rendered, never as one
    string of the whole report (the project streams large catalogues); stdout gets the
    same bytes."""
    import contextlib

    import listingkit.atomic

    cat = _csv(tmp_path, [(f"A{i}", GOOD.replace("750", str(i))) for i in range(1200)])
    sizes: list[int] = []
    original = listingkit.atomic.atomic_write

    class Recording:
        def __init__(self, handle):
            self.handle = handle

        def writelines(self, parts):
            for part in parts:
                self.write(part)

        def write(self, text):
            sizes.append(len(text))
            self.handle.write(text)

    @contextlib.contextmanager
    def recording(target, *args, **kwargs):
        with original(target, *args, **kwargs) as handle:
            yield Recording(handle)

    monkeypatch.setattr(listingkit.atomic, "atomic_write", recording)
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(cli, ["score", str(cat), "-p", "amazon-us", "--no-check",
                                      "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert sum(sizes) == len(text) and max(sizes) * 2 < len(text), (max(sizes), len(text))
    shown = CliRunner().invoke(cli, ["score", str(cat), "-p", "amazon-us", "--no-check",
                                     "-f", fmt])
    assert shown.stdout == text


def test_cli_missing_bank_is_one_line(tmp_path):
    cat = _csv(tmp_path, [("A1", GOOD)])
    result = CliRunner().invoke(cli, ["score", str(cat), "-p", "amazon-us", "--keywords",
                                      str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "not found" in result.output


def test_phrase_words_spread_over_indexed_fields_count_as_search_terms(market):
    bank = KeywordBank([make_term("kids water bottle", 1.0)], "t")
    scorer = Scorer(market, bank=bank, check=False)
    spread = scorer.score(listing(title="Acme Kids Bottle, 500 ml, Blue", search_terms="water"))
    absent = scorer.score(listing(title="Acme Kids Bottle, 500 ml, Blue", search_terms="flask"))
    assert crit(spread, "keywords").points == pytest.approx(crit(spread, "keywords").max * 0.5)
    assert crit(absent, "keywords").points == 0


def test_capitalisation_does_not_apply_where_the_spec_says_any():
    jp = Registry().get("amazon-jp")
    result = Scorer(jp, check=False).score(listing(title="ステンレス 水筒 750ml 保冷"))
    assert crit(result, "capitalisation").max == 0


# -- the fast paths agree with the plain definitions they replace ---------------------------------
_ALPHABET = "aAbBzZ ÀÞß×_-.,'’1\n\tΣσΟİǅΩ水"


def _random_texts(count, seed=7, longest=30):
    import random

    rnd = random.Random(seed)
    return ["".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, longest)))
            for _ in range(count)]


def test_capitalisation_regexes_match_their_plain_forms():
    import re

    from listingkit.scoring import casing as criteria

    shout = re.compile(r"(?<!\w)[A-ZÀ-Þ]{5,}(?!\w)")
    lower = re.compile(r"(?:^|(?<=\s))[^\w\s]*([^\W\d_A-ZÀ-Þ][^\W\d_A-ZÀ-Þ]{2,})[^\w\s]*(?=\s|$)")
    texts = _random_texts(20000) + ["ABCDE×F BPA FREE", "  premium cotton\n", "ΩΩΩ abc-", GOOD]
    for text in texts:
        for plain, fast in ((shout, criteria._SHOUT), (lower, criteria._LOWER_WORD)):
            assert [m.span(m.lastindex or 0) for m in plain.finditer(text)] == \
                [m.span(m.lastindex or 0) for m in fast.finditer(text)], text


def test_visible_word_count_matches_tokenising_the_visible_part():
    from listingkit.scoring.bank import _WORD
    from listingkit.scoring.view import _visible

    for n, text in enumerate(_random_texts(20000, seed=3)):
        lower = text.lower()
        if "'" in text or "’" in text or len(lower) != len(text):
            continue  # View counts these with the regex itself
        visible = n % 31
        assert _visible(lower, _WORD.findall(lower), visible) == \
            len(_WORD.findall(text[:visible].lower())), (text, visible)


def test_index_hits_match_a_scan_of_every_ngram():
    import random

    bank = KeywordBank([make_term(t, 1.0 - i / 10) for i, t in enumerate(
        ["water bottle", "bottle", "leak proof", "kids water bottle", "bpa free", "steel"])], "t")
    index = bank.index(20)
    rnd = random.Random(5)
    vocab = ["water", "bottle", "bottles", "leak", "proof", "leak-proof", "kids", "bpa", "free",
             "steel", "blue", "waterbottle"]
    for _ in range(3000):
        ws = [rnd.choice(vocab) for _ in range(rnd.randint(0, 12))]
        expected: dict[int, int] = {}
        for n in index.sizes:  # the plain definition: each size, then each position
            for i in range(len(ws) - n + 1):
                for t in index.forms.get(" ".join(ws[i:i + n]), ()):
                    if expected.get(t, len(ws)) > i + n - 1:
                        expected[t] = i + n - 1
        found = index.hits(ws)
        assert found == expected and list(found) == list(expected), ws


def test_relevance_spans_lookup_matches_every_squashed_run(market):
    from listingkit.scoring.relevance import Words, _profile, evidence
    from listingkit.scoring.view import View

    bank = KeywordBank([make_term(t, 1.0) for t in ("water bottle", "leak proof", "mug")], "t")
    profile = _profile(bank, "en", 20)
    for title in ("Acme Water-Bottle leakproof 2 pack", "Water Bottles Mug Mugs", "mug",
                  "Travel Coffee Mug, Leak Proof Lid", "T-Shirt Cotton Tee", ""):
        item = listing(title=title, brand="")
        spans = Words(title, longest=profile.longest).spans
        assert evidence(View(item, 80)).named(profile) == spans & profile.keys, title


def _plain_capitalisation(title, words, brand, small, style):
    """The words capitalisation counts off, by scanning the whole title (its first form)."""
    from listingkit.scoring.casing import _LOWER_START, _LOWER_WORD, _NUMERIC, _SHOUT

    bad = [w for w in _SHOUT.findall(title) if w.lower() not in brand]
    odd = [w for w in _LOWER_WORD.findall(title) if w not in small and w not in brand] \
        if style == "title" else None
    if odd:
        for match in _LOWER_WORD.finditer(title):
            word = match.group(1)
            if word in small or word in brand:
                continue
            before = title[:match.start()].rstrip()
            if before and _NUMERIC.search(before.rsplit(None, 1)[-1]):
                continue
            bad.append(word)
    elif title[:1].islower() and words[0] not in brand and \
            (odd is None or not _LOWER_START.search(title)):
        bad.append(words[0])
    return bad


def test_capitalisation_by_tokens_matches_scanning_the_whole_title():
    import random
    from types import SimpleNamespace

    from listingkit.scoring.casing import capitalisation
    from listingkit.scoring.criteria import brand_words
    from listingkit.scoring.view import View

    small = frozenset({"for", "and", "with", "the", "of"})
    pieces = ["Acme", "acme", "bottle", "Bottle", "for", "and", "BPA", "FREE", "SHIPPING!", "750",
              "ml", "750ml", "x2", "(new)", "kids'", "ÀÉÎÕÜ", "éclair", "Ωmega", "—", "2-pack",
              "LEAK-PROOF", "leak-proof", "…", "_abc", "水筒", "ß", "İstanbul", "abc.", "'tis"]
    spaces = [" ", "  ", "\t", "\n", "\u00a0", "\u3000", "\x1c"]
    rnd = random.Random(11)
    texts = _random_texts(5000, seed=13) + [
        "".join(rnd.choice(pieces) + rnd.choice(spaces) for _ in range(rnd.randint(1, 12)))
        for _ in range(8000)]
    checked = 0
    for n, title in enumerate(texts):
        brand = ("Acme", "", "acme bottle", "ABCDE")[n % 4]
        item = Listing(sku="A", title=title, brand=brand)
        view = View(item, 80)
        for style in ("title", "sentence"):
            outcome = capitalisation(view, SimpleNamespace(capitalisation=style), small)
            if not view.title_words:
                assert outcome is None
                continue
            bad = _plain_capitalisation(title, view.title_words, brand_words(brand) if brand
                                        else (), small, style)
            expected = f"{style} case expected; {len(bad)} of {len(view.title_words)} words off" \
                if bad else f"{style} case"
            assert outcome.detail == expected, (title, style)
            assert [a.text for a in outcome.actions] == \
                ([f"use {style} case for {', '.join(repr(b) for b in bad[:5])}"] if bad else [])
            checked += bool(bad)
    assert checked > 1000  # the comparison saw many titles with words off


def test_language_screen_never_hides_a_finding(market):
    import random

    from listingkit.scoring.view import View

    scorer = Scorer(market, check=False)
    rule, screen = scorer.lang_rule, scorer.lang_screen
    words = ["Acme", "Water", "Bottle", "for", "Kids", "and", "with", "Lid", "750", "ml", "the",
             "Stainless-Steel", "kid's", "2.5", "l", "für", "und", "mit", "dem", "aus", "le",
             "la", "avec", "pour", "des", "et", "el", "con", "para", "y", "und-mit", "d'eau",
             "l'eau", "水筒", "ステンレス", "Ästhetik", "Kinder", "bouteille", "botella"]
    rnd = random.Random(5)
    quiet = found = 0
    for n in range(4000):
        title = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 16)))
        item = listing(title=title, bullets=[] if n % 3 else ["Für Kinder und mit dem Deckel"],
                       description="", search_terms="")
        hits = list(rule.check(item))
        found += bool(hits)
        if screen.quiet(item, View(item, 80).title_words):
            quiet += 1
            assert hits == [], title
    assert quiet > 300 and found > 300  # both sides of the screen were exercised


def test_competitor_files_need_no_sku_column(tmp_path):
    """--competitors reads a scraped file (titles, no SKUs) as keywords does."""
    (tmp_path / "mine.csv").write_text(f"sku,title,brand\nA1,\"{GOOD}\",Acme\n")
    (tmp_path / "theirs.csv").write_text("product_name\n" + "".join(
        f"{b} Insulated Water Bottle 750 ml - Leak Proof\n" for b in ("Zorva", "Hydrix", "Kalto",
                                                                      "Brisa", "Tundro")))
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "mine.csv"), "-p", "amazon-us",
                                      "--competitors", str(tmp_path / "theirs.csv")])
    assert result.exit_code in (0, 1), result.output
    assert f"keyword bank: competitors {tmp_path / 'theirs.csv'}" in result.output


def test_json_report_makes_each_listing_dict_as_it_writes_it():
    """``score -f json`` writes what json.dumps(indent=2) writes, but makes each listing's
    dict in turn: the first part is out before most listings are encoded (a report of 100k
    listings is never a list of 100k dicts)."""
    from types import SimpleNamespace

    from listingkit.scoring.engine import CriterionScore, ListingScore, Suggestion
    from listingkit.scoring.report import render_parts

    made = 0

    class Counted(ListingScore):
        __slots__ = ()

        def to_dict(self):  # type: ignore[no-untyped-def]
            nonlocal made
            made += 1
            return ListingScore.to_dict(self)

    results = [Counted(f"SKU-é-{i}", 50.5 + i % 7, [CriterionScore("length", 20, 10.0, 20.0,
                                                                  'say "hi"\n')],
                       [Suggestion("add a keyword", 2.5)]) for i in range(3000)]
    policy = SimpleNamespace(market_id="amazon-us", weights={"length": 20})
    parts = render_parts(results, "json", policy, "bank.csv")
    first = next(parts)
    assert 0 < made < len(results) // 2
    text = first + "".join(parts)
    whole = {"platform": "amazon-us", "keyword_bank": "bank.csv", "weights": {"length": 20},
             "listings": [ListingScore.to_dict(r) for r in results]}
    assert text == json.dumps(whole, indent=2, ensure_ascii=False) + "\n"
