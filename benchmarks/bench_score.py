"""Benchmark: `listingkit score` on 100,000 titles in one process, against the floor of merely
tokenising them with spaCy's blank English tokenizer.

    python benchmarks/bench_score.py [--titles 100000] [--platform amazon-us]
                                     [--vocabulary catalogue|small|shared]
                                     [--problems typical dense]
    python benchmarks/bench_score.py --memory [--rows 100000 300000]

Phases, all in this process over the same titles, timed in CPU seconds (wall time swings with
whatever else runs on a shared machine):

  tokenize   spaCy blank("en") tokenizer alone (the floor)
  score      every criterion except compliance (`score --no-check`), suggestions included
  check      check's default row rules alone (what the compliance criterion costs)
  score+check  `score` as it runs by default

Prints titles per CPU-second and each phase's ratio to the floor. Goal: scoring <= 2x
tokenize; both `score` lines are held to it (score+check is what a user runs by default).

The titles (``--vocabulary``):

  catalogue  (default) generated with the vocabulary growth of real catalogues: brands and
             descriptive words drawn by a Zipf law from 6,000 made-up names and 20,000 English
             words (wordfreq), model codes in two titles of five, then product, material, size,
             colour and some noise. At 25,000 titles they hold 22,000 distinct whitespace
             chunks; the 25,000 real titles in ../shared/data hold 28,500.
  small      the same structure from about 1,500 distinct chunks in all (400 brands, 12
             products, 12 materials). spaCy's tokenizer caches every chunk it has split, so on
             so small a vocabulary the floor is four to five times cheaper per title than on
             real titles, and the ratio is the worst case, not the typical one.
  shared     the real titles of ../shared/data (Flipkart, Amazon UK toys, Amazon US; about
             25,000), each once; skips when that folder is absent.

The problems in generated titles (``--problems``, as bench_check.py's rows; default both, one
after the other): ``typical`` gives one title in twenty a pick of sales talk, an emoji, a doubled
space or a repeated word (about one in thirty ends with one); ``dense`` gives every title a pick
(five in nine end with one). Problem titles cost check's title rules most: they run in full only
on titles their screens pass.

The output prints each set's vocabulary (distinct chunks per title) beside the times.

``--memory`` measures the peak RSS of the commands instead: `listingkit score -f json` and
`listingkit optimize -o OUT` on bench_check.py's generated catalogues of ``--rows`` rows
(typical problems), each run in a process of its own, against merely reading the same file
(see peak_rss.py): with the bench bank (``--keywords``), where both stream the catalogue and
the peak should not grow with it, and with the catalogue's own listings as the bank, built
from a sample of at most ``score.bank_sample`` (10,000) listings, so the peak should stop
growing past that.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import gc
import itertools
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

BRANDS = [f"Brand{i:03d}" for i in range(400)]
NOUNS = ["Water Bottle", "Coffee Mug", "Desk Lamp", "Phone Case", "Yoga Mat", "Backpack",
         "Kitchen Knife", "Toy Train", "Garden Hose", "Notebook", "LED Strip", "USB Cable"]
ADJ = ["Stainless Steel", "Ceramic", "Wooden", "Silicone", "Leather", "Cotton", "Bamboo",
       "insulated", "Waterproof", "Foldable", "Portable", "Rechargeable"]
EXTRA = ["for Kids", "for Men and Women", "with Lid", "Set of 2", "Pack of 3", "for Travel",
         "Gift Idea", "BPA Free", "Non-Slip", "Extra Large", "for Office and Home"]
COLOURS = ["Blue", "Red", "Black", "White", "Green", "Grey", "Pink"]
NOISE = ["", "", "", "", " Best Seller!!", " FREE SHIPPING", " 🔥", "  ", " Bottle Bottle"]
#: titles given a pick of NOISE with ``--problems typical`` (as bench_check.py's typical rows;
#: with ``dense`` every title gets a pick: five in nine a problem)
TYPICAL_RATE = 0.05
BANK = ["water bottle", "insulated", "stainless steel", "leak proof", "bpa free", "for kids",
        "yoga mat", "non slip", "coffee mug", "ceramic", "desk lamp", "led", "rechargeable",
        "backpack", "waterproof", "travel", "usb cable", "fast charging", "gift", "portable"]


def titles(count: int, seed: int = 11, vocabulary: str = "catalogue",
           problems: str = "dense") -> list[tuple[str, str]]:
    """``count`` (brand, title) pairs; see the module docstring for the vocabularies and the
    problem rates."""
    if vocabulary == "shared":
        return shared_titles(count)
    rnd = random.Random(seed)
    pick_brand, pick_word = _small(rnd) if vocabulary == "small" else _catalogue(rnd)
    out = []
    for _ in range(count):
        brand = pick_brand()
        parts = [brand, *pick_word(), rnd.choice(ADJ), rnd.choice(NOUNS)]
        parts += rnd.sample(EXTRA, rnd.randint(0, 3) if vocabulary == "small" else
                            rnd.randint(0, 1))
        title = " ".join(parts) + f", {rnd.randint(1, 999)} ml, {rnd.choice(COLOURS)}"
        if problems == "dense" or rnd.random() < TYPICAL_RATE:
            title += rnd.choice(NOISE)
        out.append((brand, title))
    return out


def _small(rnd: random.Random):  # type: ignore[no-untyped-def]
    return (lambda: rnd.choice(BRANDS)), list


#: syllables of made-up brand names (they must be unknown words, as most brands are)
SYLLABLES = ["ka", "lo", "mi", "ra", "zen", "tor", "vex", "qua", "bel", "nor", "tek", "sol",
             "fin", "ari", "dex", "gro", "lum", "pix", "ony", "vio"]
CODE_LETTERS = "ABCDEFGHJKLMNPRSTUVXZ"


def _catalogue(rnd: random.Random):  # type: ignore[no-untyped-def]
    """Pickers with a real catalogue's vocabulary growth: Zipf-distributed names and words,
    and model codes (mostly unique chunks)."""
    import wordfreq

    # the commonest 150 English words are mostly function words, rare in titles
    words = [w for w in wordfreq.top_n_list("en", 20_400)[150:] if w.isalpha()][:20_000]
    names = ["".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3))).capitalize()
             for _ in range(6_000)]
    word_weights = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
    name_weights = word_weights[:len(names)]

    def zipf(weights: list[float], items: list[str]) -> str:
        return items[bisect.bisect(weights, rnd.random() * weights[-1])]

    def descriptive() -> list[str]:
        out = [zipf(word_weights, words).capitalize() for _ in range(rnd.randint(1, 3))]
        if rnd.random() < 0.4:
            code = f"{rnd.choice(CODE_LETTERS)}{rnd.choice(CODE_LETTERS)}-{rnd.randint(10, 9999)}"
            out.insert(0, rnd.choice([code, f"({code})"]))
        return out

    return (lambda: zipf(name_weights, names)), descriptive


def shared_titles(count: int) -> list[tuple[str, str]]:
    """The real titles of ../shared/data with their brand (empty where the file has none)."""
    out = []
    for name, brand in (("flipkart_titles.csv", ""), ("amazon_uk_toys.csv", "manufacturer"),
                        ("amazon_us_2020_sample.csv", "brand_name")):
        with (SHARED / name).open(encoding="utf-8", newline="") as handle:
            out += [(row.get(brand, "") if brand else "", row["product_name"])
                    for row in csv.DictReader(handle)]
    return out[:count]


def vocabulary_line(texts: list[str]) -> str:
    chunks = [c for t in texts for c in t.split()]
    return (f"{len(texts)} titles, {sum(map(len, texts)) / len(texts):.0f} characters and "
            f"{len(chunks) / len(texts):.1f} chunks a title, {len(set(chunks)):,} distinct "
            f"chunks ({len(set(chunks)) / len(chunks):.3f} per chunk)")


@dataclass
class Setup:
    """What every phase runs on: the titles as listings and as text, and the three workers."""

    listings: list[Any]
    texts: list[str]
    tokenizer: Any
    fast: Any  # Scorer without check
    full: Any  # Scorer with check (the default)
    runner: Any  # check's row rules, as the compliance criterion runs them


def setup(count: int, platform: str = "amazon-us", vocabulary: str = "catalogue",
          problems: str = "dense") -> Setup:
    """``count`` generated titles, the bench bank, and warm workers (lexicons and matchers
    loaded outside any timing). Also used by instructions.py."""
    from listingkit.lint import Runner
    from listingkit.listing import Listing
    from listingkit.marketplace import Registry
    from listingkit.nlp import analyzer
    from listingkit.rules.context import Context
    from listingkit.scoring import KeywordBank, Scorer
    from listingkit.scoring.bank import make_term

    rows = titles(count, vocabulary=vocabulary, problems=problems)
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


def check_rows(runner: Any, listings: list[Any]) -> list[Any]:
    """check's row rules over ``listings`` as `score` runs them: a chunk at a time."""
    from listingkit.lint import chunks

    return [found for chunk in chunks(listings)
            for found in runner.check_rows(chunk, [None] * len(chunk))]


#: each phase as the command runs it (Scorer.score_all, as `listingkit score` calls it)
PHASES = {
    "tokenize": lambda run: [run.tokenizer(t) for t in run.texts],
    "score": lambda run: run.fast.score_all(run.listings),
    "check": lambda run: check_rows(run.runner, run.listings),
    "score+check": lambda run: run.full.score_all(run.listings),
}


def phase(name: str, args: argparse.Namespace) -> None:
    """Time one phase in this process and print 'cpu wall'. Each phase has a process of its
    own, so none inherits the caches another warmed (spaCy's and listingkit's alike)."""
    run = setup(args.titles, args.platform, args.vocabulary, args.problems)
    gc.disable()  # as `check` does: the run allocates many small acyclic objects
    start, cpu = time.perf_counter(), time.process_time()
    PHASES[name](run)
    print(f"{time.process_time() - cpu} {time.perf_counter() - start}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--titles", type=int, default=100_000)
    parser.add_argument("--platform", default="amazon-us")
    parser.add_argument("--vocabulary", choices=["catalogue", "small", "shared"],
                        default="catalogue", help="which titles (see the module docstring)")
    parser.add_argument("--problems", nargs="+", choices=["typical", "dense"],
                        default=["typical", "dense"],
                        help="problem rate of the generated titles (default: both, one after "
                             "the other; not for --vocabulary shared)")
    parser.add_argument("--memory", action="store_true",
                        help="instead: the peak RSS of `optimize` against reading the file")
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 300_000],
                        help="catalogue sizes for --memory (default 100000 300000)")
    parser.add_argument("--phase", choices=list(PHASES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory:
        memory(args.rows, args.platform)
        return
    if args.vocabulary == "shared" and not SHARED.is_dir():
        print(f"skipped: {SHARED} not found")
        return
    if args.phase:
        args.problems = args.problems[0]
        phase(args.phase, args)
        return
    from bytecode import compiled

    compiled()  # (each phase runs listingkit as installed)
    for problems in args.problems if args.vocabulary != "shared" else ["real"]:
        run(args, problems)


def run(args: argparse.Namespace, problems: str) -> None:
    """Every phase over one set of titles, each in a process of its own."""
    texts = [t for _, t in titles(args.titles, vocabulary=args.vocabulary, problems=problems)]
    print(f"{args.vocabulary} vocabulary, {problems} problems: {vocabulary_line(texts)}")
    print(f"{args.platform}, bank of {len(BANK)} keywords; each phase in a process of its own")
    floor = 0.0
    for name in PHASES:
        out = subprocess.run([sys.executable, __file__, "--phase", name, "--titles",
                              str(args.titles), "--platform", args.platform, "--vocabulary",
                              args.vocabulary, "--problems", problems if problems != "real"
                              else "dense"], check=True, capture_output=True, text=True)
        used, wall = map(float, out.stdout.split())
        floor = floor or used
        ratio = f"  {used / floor:5.2f}x tokenize" if name != "tokenize" else ""
        print(f"{name:<12} {used:7.2f} s CPU {wall:7.2f} s wall {len(texts) / used:9.0f} "
              f"titles/s{ratio}")


def write_bank(path: Path) -> Path:
    """The bench bank as a keyword-bank CSV (term, score), for the commands' ``--keywords``."""
    path.write_text("term,score\n" + "".join(f"{k},{1 - i / 40}\n" for i, k in enumerate(BANK)),
                    encoding="utf-8")
    return path


def memory(rows: list[int], platform: str) -> None:
    """Peak RSS of `score -f json` and `optimize -o OUT` on generated catalogues, against
    reading them."""
    import tempfile

    from bench_check import generate
    from bytecode import compiled
    from peak_rss import table

    compiled()  # (each command runs listingkit as installed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bank = write_bank(folder / "bank.csv")
        files = {count: folder / f"catalogue_{count}.csv" for count in rows}
        for count, path in files.items():
            generate(path, count)
        out, report = folder / "out.csv", folder / "report.json"
        print(f"`listingkit score FILE -p {platform} -f json -o OUT` and `listingkit optimize "
              f"FILE -p {platform} -o OUT`, each run in a process of its own; FILE from "
              f"bench_check.py (typical problems)")
        table(files, {
            "score --keywords BANK": lambda path: ["score", str(path), "-p", platform,
                                                   "--keywords", str(bank), "-f", "json",
                                                   "-o", str(report)],
            "score (own listings as bank)": lambda path: ["score", str(path), "-p", platform,
                                                          "-f", "json", "-o", str(report)],
            "optimize --keywords BANK": lambda path: ["optimize", str(path), "-p", platform,
                                                      "--keywords", str(bank), "-o", str(out)],
            "optimize (own listings as bank)": lambda path: ["optimize", str(path), "-p",
                                                             platform, "-o", str(out)]})


if __name__ == "__main__":
    main()
