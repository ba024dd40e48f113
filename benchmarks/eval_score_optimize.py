"""Evaluate `listingkit score` and `listingkit optimize` on the real titles in ../shared/data.

    python benchmarks/eval_score_optimize.py [--data ../shared/data] [--max-sets N]

For every competitor set (column ``competitor_set``) with at least 20 titles, the set's own
titles are the competitor set: the keyword bank is ranked from them (`listingkit keywords`),
then every title is scored, optimised and scored again. The files hold titles only (no
bullets, images or identifiers), so the compliance criterion runs check's title and language
rules only (``check.select = ["T", "L"]``); amazon_uk_toys is scored as amazon-uk, the others
as amazon-us (flipkart has no spec of its own).

Prints the score distribution before and after, the share of titles changed, why originals
were kept, how many listings the bank did not apply to (another product type: no keywords
added), the banned phrases dropped, the words most often added to titles and search terms (to
read by eye: they must fit the product), the guarantees checked on every listing (limit,
protected tokens, score not down, idempotence) and a few before/after pairs. Skips cleanly when the data folder is absent.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
FILES = {"flipkart_titles.csv": (None, "amazon-us"),
         "amazon_uk_toys.csv": ("manufacturer", "amazon-uk"),
         "amazon_us_2020_sample.csv": ("brand_name", "amazon-us")}
MIN_SET = 20


def histogram(scores: list[float]) -> str:
    bins = Counter(min(int(s // 10), 9) for s in scores)
    return " ".join(f"{b * 10}-{b * 10 + 9 if b < 9 else 100}:{bins[b]}" for b in range(10))


def summary(label: str, scores: list[float]) -> None:
    q = statistics.quantiles(scores, n=4)
    print(f"  {label:<7} mean {statistics.fmean(scores):5.1f}  p25 {q[0]:5.1f}  median "
          f"{q[1]:5.1f}  p75 {q[2]:5.1f}  min {min(scores):5.1f}  max {max(scores):5.1f}")
    print(f"          {histogram(scores)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--max-sets", type=int, default=0, help="0 = every set")
    parser.add_argument("--pairs", type=int, default=4)
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"skipped: {args.data} not found")
        return 0

    from listingkit.catalogue import Catalogue
    from listingkit.config import Config
    from listingkit.marketplace import Registry
    from listingkit.optimize import Optimizer
    from listingkit.optimize.protect import lost
    from listingkit.scoring import bank_from_listings
    from listingkit.scoring.bank import words

    config = Config({"check": {"select": ["T", "L"]}})
    registry = Registry()
    gc.disable()
    for name, (brand_col, platform) in FILES.items():
        path = args.data / name
        if not path.is_file():
            print(f"{name}: skipped (not found)")
            continue
        columns = {"product_name": "title", "uniq_id": "sku"}
        if brand_col:
            columns[brand_col] = "brand"
        sets: dict[str, list] = defaultdict(list)
        for listing in Catalogue(path, columns=columns):
            key = listing.attributes.get("competitor_set", "")
            if key and listing.title.strip():
                sets[key].append(listing)
        chosen = sorted((k for k, v in sets.items() if len(v) >= MIN_SET),
                        key=lambda k: (-len(sets[k]), k))
        if args.max_sets:
            chosen = chosen[:args.max_sets]
        market = registry.get(platform)
        before, after, changed, kept, broken = [], [], 0, Counter(), Counter()
        unfit_bank, dropped, added_title, added_terms = 0, Counter(), Counter(), Counter()
        pairs = []
        start = time.process_time()
        for key in chosen:
            members = sets[key]
            bank = bank_from_listings(members, market.language, key)
            optimizer = Optimizer(market, config, bank)
            for listing in members:
                out = optimizer.optimize(listing)
                before.append(out.score_before)
                after.append(out.score_after)
                if out.kept_reason:
                    kept[out.kept_reason.split(":")[0].split(" '")[0][:60]] += 1
                unfit_bank += bool(out.note)
                dropped.update(out.dropped)
                if out.changed:
                    added_title.update(set(words(out.after.title)) - set(words(listing.title)))
                    added_terms.update(set(words(out.after.search_terms))
                                       - set(words(listing.search_terms)))
                if out.after.title != listing.title:
                    changed += 1
                    digest = hashlib.sha1(listing.sku.encode()).hexdigest()
                    pairs.append((digest, listing.title, out.after.title, out.score_before,
                                  out.score_after))
                if len(out.after.title) > market.value("fields.title.max_chars") and \
                        out.changed:
                    broken["over the title limit"] += 1
                if lost(listing.title, out.after.title, listing, out.dropped):
                    broken["protected token lost"] += 1
                if out.score_after < out.score_before:
                    broken["score went down"] += 1
                if out.changed and optimizer.optimize(out.after).after != out.after:
                    broken["not idempotent"] += 1
        cpu = time.process_time() - start
        n = len(before)
        print(f"{name} as {platform}: {len(chosen)} sets, {n} titles, {cpu:.0f} s CPU "
              f"(bank, score, optimise, rescore, idempotence re-run)")
        if not n:
            continue
        summary("before", before)
        summary("after", after)
        print(f"  titles changed: {changed}/{n} ({changed / n:.1%}); mean gain "
              f"{statistics.fmean(a - b for a, b in zip(after, before)):.1f} points")
        print(f"  originals kept: {sum(kept.values())} "
              + "; ".join(f"{r} ({c})" for r, c in kept.most_common(4)))
        print(f"  bank not applied (another product type): {unfit_bank}/{n}")
        print("  banned phrases dropped: " + (", ".join(
            f"{p} ({c})" for p, c in dropped.most_common(6)) or "none"))
        print("  words most added to titles: " + ", ".join(
            f"{w} ({c})" for w, c in added_title.most_common(12)))
        print("  words most added to search terms: " + ", ".join(
            f"{w} ({c})" for w, c in added_terms.most_common(12)))
        print(f"  guarantee violations: {dict(broken) or 'none'}")
        for _, old, new, s0, s1 in sorted(pairs)[:args.pairs]:
            print(f"  - {s0:5.1f} {old}\n    {s1:5.1f} {new}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
