"""C006's shortcuts give what the plain computation gives: the pairs scored only within length
reach equal the full score matrix, the token-level unit joining equals the regex it replaced,
and a screen's ASCII path equals the plain OR of its parts."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from listingkit.rules.matching import token_list, tokens
from listingkit.rules.near import PAIRWISE, _similar, numbers_of, runs_of, similar
from listingkit.rules.screens import Parts, build, has_emoji, maybe_shouting


def near_titles(seed: int, count: int) -> list[str]:
    """Titles edited a few characters away from a handful of bases, of many lengths."""
    rnd = random.Random(seed)
    bases = ["acme steel water bottle 750ml blue", "acme mug 350ml", "acme bamboo desk lamp led",
             "acme yoga mat extra thick non slip 6mm purple", "acme kitchen knife set 5"]
    out = []
    for _ in range(count):
        chars = list(rnd.choice(bases))
        for _ in range(rnd.choice([0, 0, 1, 2, 3, 6])):
            at = rnd.randrange(len(chars))
            edit = rnd.random()
            if edit < 0.4:
                chars[at] = rnd.choice("abcxyz019 ")
            elif edit < 0.7:
                chars.insert(at, rnd.choice("abcxyz019 "))
            elif len(chars) > 5:
                del chars[at]
        if rnd.random() < 0.2:
            chars += list(" extra" * rnd.randint(1, 4))
        out.append("".join(chars))
    return out


def every_pair(titles: list[str], threshold: float) -> list[tuple[int, int, int]]:
    """The full matrix, upper triangle: what C006 computed before length reach."""
    scores = process.cdist(titles, titles, scorer=fuzz.ratio, workers=1,
                           score_cutoff=threshold, dtype=np.uint8)
    return [(int(i), int(j), int(scores[i, j]))
            for i, j in zip(*np.nonzero(np.triu(scores, k=1)), strict=True)]


@pytest.mark.parametrize("threshold", [100, 99, 95, 92.5, 90, 80, 60, 40, 0])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pairs_within_length_reach_are_every_pair(threshold: float, seed: int) -> None:
    titles = near_titles(seed, 300)
    expected = every_pair(titles, threshold)
    assert _similar(titles, threshold, process, fuzz, np) == expected
    if threshold >= 90:
        assert expected  # near titles exist, so the comparison means something


@pytest.mark.parametrize("threshold", [100, 99.5, 99, 97.5, 95, 94.5, 92, 90, 70])
def test_length_reach_is_exact_at_the_bound(threshold: float) -> None:
    """A title that is a prefix of a longer one scores exactly the length bound
    100 * 2a / (a + b): with every length from 10 to 400, many pairs sit on the threshold
    itself (19 and 21 characters score 95.0), just above it and just below it. The reach
    must keep all that reach the threshold, as the full matrix does."""
    titles = ["x" * length for length in range(10, 401)]
    expected = every_pair(titles, threshold)
    assert _similar(titles, threshold, process, fuzz, np) == expected
    if threshold == 95:
        assert (9, 11, 95) in expected  # (19 and 21 characters: exactly 95.0)


def test_pairs_of_equal_titles_and_single_titles() -> None:
    titles = ["acme steel bottle"] * 4 + ["acme steel bottles", "x" * 40]
    assert _similar(titles, 95, process, fuzz, np) == every_pair(titles, 95)
    assert _similar(["acme steel bottle"], 95, process, fuzz, np) == []


@pytest.mark.parametrize("threshold", [100, 99.5, 97.5, 95, 90, 80, 0])
@pytest.mark.parametrize("seed", range(40))
def test_small_blocks_scored_pair_by_pair_equal_the_matrix(threshold: float, seed: int) -> None:
    """A block of at most PAIRWISE titles is scored pair by pair, without numpy: the same
    pairs and the same whole-number scores as the matrix (scores ending in .5 included: 40
    and 39 matching characters score 97.5, which cdist rounds up)."""
    rnd = random.Random(seed)
    titles = near_titles(seed, rnd.randint(0, PAIRWISE - 2)) + ["x" * 40, "x" * 39 + "y"]
    rnd.shuffle(titles)
    assert similar(titles, threshold) == _similar(titles, threshold, process, fuzz, np)
    assert similar(titles, threshold) == every_pair(titles, threshold)


_UNIT_GAP = re.compile(r"(?<=\d) (?=[a-z]{1,3}\b)")


def plain_runs(title: str) -> list[str]:
    """C006's words by their definition, one title and one plain regex at a time: the
    title's letter/digit runs, a run of one to three ASCII letters joined to a run before it
    that ends in a digit."""
    return _UNIT_GAP.sub("", " ".join(token_list(title))).split()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab9 é_Z\u0663\u00b2,.-XYzmk7g\u0130", max_size=30))
def test_unit_joining_equals_the_regex(title: str) -> None:
    assert runs_of([title]) == [plain_runs(title)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab9 é_Z\u0663\u00b2,.-\n\tXYzmk7g\u0130", max_size=30),
                max_size=12))
def test_titles_normalised_together_equal_one_by_one(titles: list[str]) -> None:
    """C006 normalises a batch of titles in one pass over their joined text: each title's
    words must be the ones its plain definition gives it alone (line breaks and non-ASCII
    included)."""
    assert runs_of(titles) == [plain_runs(title) for title in titles]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab9 0 \n\n.-Z7\u0663\u00b2\t", max_size=40))
def test_numbers_equal_the_regex(text: str) -> None:
    """C006's block key: every run of characters other than digits and line breaks made one
    space, as the regex does (ASCII text takes a translate instead; \u0663 is a digit)."""
    assert numbers_of(text) == re.sub(r"[^\d\n]+", " ", text)


def reference(parts: Parts, text: str) -> bool:
    """A screen's meaning: any of its parts passes."""
    return bool((parts.longer is not None and len(text) > parts.longer)
                or any(c in text for c in parts.chars)
                or not parts.words.isdisjoint(tokens(text))
                or any(phrase <= tokens(text) for phrase in parts.phrases)
                or any(test(text) for test in parts.tests))


SCREENS = [
    Parts("!#$*<>?", frozenset({"best", "seller"}), 40, (maybe_shouting, has_emoji)),
    Parts("", frozenset(), None, (maybe_shouting,)),
    Parts("Z!", frozenset(), None, (maybe_shouting, has_emoji)),  # a capital looked for
    Parts("<", frozenset({"free"}), None, (has_emoji, lambda text: text.count("\n") >= 2)),
    Parts("", frozenset({"new"}), 10, ()),
    Parts("", frozenset(), None, (), frozenset({frozenset({"best", "seller"}),
                                                 frozenset({"free", "sale", "new"})})),
]


@pytest.mark.parametrize("parts", SCREENS)
@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="abcABCDEFZ !#<\n🔥éÉ", max_size=40)
       | st.lists(st.sampled_from(["best", "seller", "FREE", "new", "LED", "USB", "SALE", "!",
                                   "é", "🔥", "CLASSIC"]), max_size=8).map(" ".join))
def test_a_screen_is_the_or_of_its_parts(parts: Parts, text: str) -> None:
    assert bool(build(parts)(text)) == reference(parts, text)


@pytest.mark.parametrize(("batch", "entries"), [(1, 2), (3, 5), (2048, 50_000)])
def test_near_duplicates_found_across_batches_whatever_the_bounds(
        monkeypatch: pytest.MonkeyPatch, batch: int, entries: int) -> None:
    """C006 takes in its rows a column at a time and files them a batch at a time; its memo of
    brands' first words is bounded. Pairs in different batches, brands forgotten between
    batches, a title past the compared length and a listing with no origin give the same
    findings as one batch would (a listing with no origin counts as row 0)."""
    from listingkit import lint
    from listingkit.listing import Listing, Origin
    from listingkit.marketplace import Registry
    from listingkit.rules import near
    from listingkit.rules.context import Context

    monkeypatch.setattr(near, "BATCH", batch)
    monkeypatch.setattr(near, "MAX_ENTRIES", entries)
    long = "Acme Steel Water Bottle 750 ml Blue " + "x" * near.MAX_COMPARED
    rows = [Listing(sku=f"S{i}", title=title, brand=brand, source=Origin("f.csv", i + 2))
            for i, (title, brand) in enumerate([
                ("Acme Steel Water Bottle 750 ml Blue", "Acme"),
                ("Zeta Bamboo Desk Lamp", "Zeta"),
                ("Other Brand Mug", "Other"),
                ("Acme Steel Water Bottle, 750ml, Blue", "Acme Co"),  # brand's first word
                ("Acme Steel Water Bottle 500 ml Blue", "Acme"),  # other numbers
                ("Bamboo Desk Lamp Zeta", ""),  # no brand: the title's first word
                ("Zeta Bamboo Desk Lamp!", ""),
                (long, "Acme"),
                (long + "y", "Acme")])]
    rows.append(Listing(sku="S-nowhere", title="Other Brand Mug.", brand="Other"))
    runner = lint.Runner(Context(Registry().get("amazon-us")), select=["C006"])
    found = sorted((f.sku, f.row, f.key) for f in runner.run(rows).findings)
    assert found == [("S2", 4, "S-nowhere"), ("S3", 5, "S0"), ("S6", 8, "S1"),
                     ("S8", 10, "S7")]


NEAR_WORDS = ["Acme", "acme", "Steel", "Bottle", "750", "ml", "750ml", "2", "x", "10", "Pack",
              "é", "Ñandú", "🔥", "٣", "MP480", "480", "-", ",", "\n", "Blue"]


@settings(max_examples=150, deadline=None)
@example([(["Acme", "Steel", "Bottle", "2", "x", "10", "Pack"], "Acme"),
          (["Acme", "Steel", "Bottle", "10", "x", "2", "Pack"], "Acme"),
          (["Steel", "Bottle", "750", "ml", "\n", "Blue"], ""),
          (["Steel", "Bottle", "750ml", "Blue", "🔥"], "")])
@given(st.lists(st.tuples(st.lists(st.sampled_from(NEAR_WORDS), min_size=1, max_size=9),
                          st.sampled_from(["", "Acme", "Zeta Co"])), min_size=2, max_size=14))
def test_blocks_are_the_titles_sharing_the_exact_key(rows: list) -> None:
    """C006 normalises only the titles whose rough key (a hash of the head and the set of the
    title's numbers) another title has: the blocks must be those of the exact key (head and
    the digit runs of the sorted words) over every title, as when every title was
    normalised (reordered numbers, units apart or joined, other scripts, line breaks)."""
    from listingkit.listing import Listing, Origin
    from listingkit.marketplace import Registry
    from listingkit.rules.context import Context
    from listingkit.rules.matching import words as words_of
    from listingkit.rules.near import NearDuplicateTitle

    listings = [Listing(sku=f"S{i}", title=" ".join(parts), brand=brand,
                        source=Origin("f.csv", i + 2)) for i, (parts, brand) in enumerate(rows)]
    rule = NearDuplicateTitle(Context(Registry().get("amazon-us")))
    assert rule.prepare()
    for listing in listings:
        rule.check(listing)
    got = sorted(sorted(item[0] for item in block) for block in rule.blocks())
    exact: dict[str, list[str]] = {}
    for listing in listings:
        runs = runs_of([listing.title])[0]
        ordered = " ".join(sorted(runs))
        head = (words_of(listing.brand.lower()) or [""])[0] or (runs[0] if runs else "")
        if len(ordered) > 9:
            key = head + "\n" + re.sub(r"[^\d\n]+", " ", ordered)
            exact.setdefault(key, []).append(listing.sku)
    assert got == sorted(sorted(skus) for skus in exact.values() if len(skus) > 1)
