"""score shares what does not depend on the listing (rows, outcomes, verdicts): sharing must
never change a result. Each result here is compared with a fresh scorer's, which shares nothing
yet."""

from __future__ import annotations

import random

import pytest

from listingkit.listing import Listing
from listingkit.marketplace import Registry
from listingkit.scoring import KeywordBank, Scorer
from listingkit.scoring.bank import make_term

WORDS = ["Acme", "insulated", "Water", "Bottle", "Bottle", "for", "Kids", "BPA", "FREE", "750",
         "ml,", "Blue", "Coffee", "Mug", "Ceramic", "LEAK-PROOF", "gift", "Set", "of", "2", "🔥",
         "Yoga", "Mat", "Non-Slip", "kids'", "Leak", "Proof"]


@pytest.fixture(scope="module")
def market():
    return Registry().get("amazon-us")


def bank():
    return KeywordBank([make_term("water bottle", 1.0), make_term("insulated", 0.8),
                        make_term("leak proof", 0.5), make_term("bpa free", 0.4),
                        make_term("coffee mug", 0.3)], "test")


def listings(count, seed=5):
    rnd = random.Random(seed)
    out = []
    for n in range(count):
        title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(2, 14)))
        attrs = {"color": "Blue"} if n % 3 == 0 else {}  # two weight plans share outcomes
        out.append(Listing(sku=f"S{n}", title=title, brand=rnd.choice(["Acme", "", "Zed Co"]),
                           search_terms=rnd.choice(["", "gym flask flask", "bottle"]),
                           attributes=attrs, images=["https://x/1.jpg"]))
    return out


@pytest.mark.parametrize("check", [False, True])
def test_shared_rows_and_outcomes_give_what_a_fresh_scorer_gives(market, check):
    items = listings(300)
    warm = Scorer(market, bank=bank(), check=check)
    for item in items:  # every result after the first shares what earlier ones built
        warm.score(item)
    shuffled = items[::-1]
    got = [warm.score(x).to_dict() for x in shuffled]
    want = [Scorer(market, bank=bank(), check=check).score(x).to_dict() for x in shuffled[:60]]
    assert got[:60] == want
    assert got == [warm.score(x).to_dict() for x in shuffled]  # and again: nothing drifted
    # the same outcome under two weight plans (with and without attributes) keeps its own max
    maxima = {(r["sku"][-1] in "0369", c["name"], c["max"]) for r in got for c in r["criteria"]}
    assert {m for _, n, m in maxima if n == "stuffing"} != {0.0} and \
        len({m for _, n, m in maxima if n == "stuffing"}) > 1


def test_compliance_outcome_is_shared_per_findings_and_equals_a_fresh_one(market):
    from types import SimpleNamespace

    from listingkit.scoring import checked
    from listingkit.scoring.policy import build_policy

    policy = build_policy(market)
    find = [SimpleNamespace(code="T004", severity="error", name="prohibited-chars",
                            message="title has prohibited character(s) !", field="title"),
            SimpleNamespace(code="T010", severity="warning", name="caps", message="shouting",
                            field="title")]
    first = checked.compliance(find, policy)
    again = checked.compliance([SimpleNamespace(**vars(f)) for f in find], policy)
    assert again is first  # equal findings: one outcome
    fresh = checked._compliance(find, policy)
    assert (first.fraction, first.detail, first.capped) == (fresh.fraction, fresh.detail,
                                                           fresh.capped)
    assert [(a.text, a.after, a.lifts_cap) for a in first.actions] == \
        [(a.text, a.after, a.lifts_cap) for a in fresh.actions]
    other = checked.compliance([find[0], SimpleNamespace(**{**vars(find[1]),
                                                            "message": "other"})], policy)
    assert other is not first and "(other)" in other.actions[-1].text
    assert checked.compliance([], policy).detail == "no findings from check"
    assert checked.compliance(None, policy) is None


def test_title_case_token_shortcut_agrees_with_the_patterns():
    from listingkit.scoring import casing

    rnd = random.Random(3)
    letters = "abcXYZ"
    tokens = ["".join(rnd.choice(letters) for _ in range(rnd.randint(1, 8))) for _ in range(3000)]
    tokens += ["Bottle", "B", "BPA", "Bottle,", "İstanbul", "Ωmega", "Éclair", "McKids", "Abcde"]
    for token in tokens:
        casing._TOKENS.pop(token, None)
        got = casing._token(token)
        lower = casing._LOWER_WORD.findall(token)
        want = (tuple(casing._SHOUT.findall(token)), lower[0] if lower else None,
                casing._NUMERIC.search(token) is not None,
                casing._LOWER_START.search(token) is not None)
        assert got == want, token


@pytest.mark.parametrize("check", [False, True])
def test_scoring_a_chunk_step_by_step_gives_what_one_by_one_gives(market, check, monkeypatch):
    """score_all works out each step (check, views, fits, each criterion) over a chunk of
    listings before the next step: every result must be the one-by-one result."""
    from listingkit import lint

    items = listings(700, seed=9)  # more than two chunks, the last one short
    alone = Scorer(market, bank=bank(), check=check)
    one_by_one = [alone.score(x).to_dict() for x in items]
    assert len({r["score"] for r in one_by_one}) > 20  # the listings differ enough to tell
    assert [r.to_dict() for r in Scorer(market, bank=bank(), check=check).score_all(items)] \
        == one_by_one
    monkeypatch.setattr(lint, "CHUNK", 7)
    assert [r.to_dict() for r in Scorer(market, bank=bank(), check=check).score_all(items)] \
        == one_by_one
