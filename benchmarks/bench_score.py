"""Benchmark: `listingkit score` on 100,000 titles in one process, against the floor of merely
tokenising them with spaCy's blank English tokenizer.

    python benchmarks/bench_score.py [--titles 100000] [--platform amazon-us]

Phases, all in this process over the same generated titles (brand, material, product,
size, colour and some noise, like real titles), timed in CPU seconds (wall time swings with
whatever else runs on a shared machine):

  tokenize   spaCy blank("en") tokenizer alone (the floor)
  score      every criterion except compliance (`score --no-check`), suggestions included
  check      check's default row rules alone (what the compliance criterion costs)
  score+check  `score` as it runs by default

Prints titles per CPU-second and each phase's ratio to the floor. Goal: score <= 2x tokenize.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from dataclasses import dataclass
from typing import Any

BRANDS = [f"Brand{i:03d}" for i in range(400)]
NOUNS = ["Water Bottle", "Coffee Mug", "Desk Lamp", "Phone Case", "Yoga Mat", "Backpack",
         "Kitchen Knife", "Toy Train", "Garden Hose", "Notebook", "LED Strip", "USB Cable"]
ADJ = ["Stainless Steel", "Ceramic", "Wooden", "Silicone", "Leather", "Cotton", "Bamboo",
       "insulated", "Waterproof", "Foldable", "Portable", "Rechargeable"]
EXTRA = ["for Kids", "for Men and Women", "with Lid", "Set of 2", "Pack of 3", "for Travel",
         "Gift Idea", "BPA Free", "Non-Slip", "Extra Large", "for Office and Home"]
COLOURS = ["Blue", "Red", "Black", "White", "Green", "Grey", "Pink"]
NOISE = ["", "", "", "", " Best Seller!!", " FREE SHIPPING", " 🔥", "  ", " Bottle Bottle"]
BANK = ["water bottle", "insulated", "stainless steel", "leak proof", "bpa free", "for kids",
        "yoga mat", "non slip", "coffee mug", "ceramic", "desk lamp", "led", "rechargeable",
        "backpack", "waterproof", "travel", "usb cable", "fast charging", "gift", "portable"]


def titles(count: int, seed: int = 11) -> list[tuple[str, str]]:
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        brand = rnd.choice(BRANDS)
        parts = [brand, rnd.choice(ADJ), rnd.choice(NOUNS)]
        parts += rnd.sample(EXTRA, rnd.randint(0, 3))
        title = " ".join(parts) + f", {rnd.randint(1, 999)} ml, {rnd.choice(COLOURS)}"
        out.append((brand, title + rnd.choice(NOISE)))
    return out


def timed(label: str, func, n: int, floor: float | None) -> float:  # type: ignore[no-untyped-def]
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    func()
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    ratio = f"  {used / floor:5.2f}x tokenize" if floor else ""
    print(f"{label:<12} {used:7.2f} s CPU {wall:7.2f} s wall {n / used:9.0f} titles/s{ratio}")
    return used


@dataclass
class Setup:
    """What every phase runs on: the titles as listings and as text, and the three workers."""

    listings: list[Any]
    texts: list[str]
    tokenizer: Any
    fast: Any  # Scorer without check
    full: Any  # Scorer with check (the default)
    runner: Any  # check's row rules, as the compliance criterion runs them


def setup(count: int, platform: str = "amazon-us") -> Setup:
    """``count`` generated titles, the bench bank, and warm workers (lexicons and matchers
    loaded outside any timing). Also used by instructions.py."""
    from listingkit.lint import Runner
    from listingkit.listing import Listing
    from listingkit.marketplace import Registry
    from listingkit.nlp import analyzer
    from listingkit.rules.context import Context
    from listingkit.scoring import KeywordBank, Scorer
    from listingkit.scoring.bank import make_term

    rows = titles(count)
    listings = [Listing(sku=f"S{i}", title=t, brand=b, images=["https://x/1.jpg"])
                for i, (b, t) in enumerate(rows)]
    market = Registry().get(platform)
    bank = KeywordBank([make_term(k, 1 - i / 40) for i, k in enumerate(BANK)], "bench")
    done = Setup(listings, [t for _, t in rows], analyzer("en").nlp.tokenizer,
                 Scorer(market, bank=bank, check=False), Scorer(market, bank=bank, check=True),
                 Runner(Context(market), ignore=["L001"]))
    done.tokenizer(rows[0][1])
    for scorer in (done.fast, done.full):
        scorer.score(listings[0])
    done.runner.check_row(listings[0])
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--titles", type=int, default=100_000)
    parser.add_argument("--platform", default="amazon-us")
    args = parser.parse_args()

    run = setup(args.titles, args.platform)
    texts, listings = run.texts, run.listings
    tokenizer, fast, full, runner = run.tokenizer, run.fast, run.full, run.runner
    print(f"{args.titles} titles, {args.platform}, bank of {len(BANK)} keywords")
    gc.disable()  # as `check` does: the run allocates many small acyclic objects
    try:
        floor = timed("tokenize", lambda: [tokenizer(t) for t in texts], len(texts), None)
        timed("score", lambda: [fast.score(x) for x in listings], len(texts), floor)
        timed("check", lambda: [runner.check_row(x) for x in listings], len(texts), floor)
        timed("score+check", lambda: [full.score(x) for x in listings], len(texts), floor)
    finally:
        gc.enable()


if __name__ == "__main__":
    main()
