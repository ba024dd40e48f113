"""Evaluation: `listingkit check` on the real listings in ../shared/data.

    python benchmarks/eval_check_shared.py [--sample 3] [--seed 1]

Prints a table of findings per rule code per dataset (share of rows in brackets), then a
seeded random sample of findings per code to read by eye for false alarms. Rules about fields a
dataset does not have (brand, bullets, images, identifiers) are left out for it, since every row
would trip them. Skips cleanly when ../shared is absent.

Also the CPU time of checking each file against merely reading it, the median of ``--rounds``
rounds each, in this process (the rules' start-up, such as loading word frequencies, counts in
the first round only): `bench_check.py`'s ratio on real files, which are small and have more
findings a row than its typical rows.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

#: file -> (platform, column map, rules to leave out, bullet separator)
DATASETS = {
    "amazon_us_2020_sample.csv": ("amazon-us", {
        "uniq_id": "sku", "product_name": "title", "brand_name": "brand",
        "about_product": "bullets"}, ["C001", "I001"], " | "),
    "amazon_uk_toys.csv": ("amazon-uk", {
        "uniq_id": "sku", "product_name": "title", "manufacturer": "brand"},
        ["C001", "I001"], None),
    "flipkart_titles.csv": ("amazon-us", {
        "uniq_id": "sku", "product_name": "title"}, ["C001", "I001"], None),
    "abt_buy_listings.csv": ("amazon-us", {
        "id": "sku", "name": "title", "description": "description",
        "manufacturer": "brand"}, ["C001", "I001", "C005"], None),
}


def listings(path: Path, columns: dict[str, str], separator: str | None):  # type: ignore[no-untyped-def]
    """The file's listings, read as ``[tool.listingkit.columns]`` and ``[tool.listingkit.split]``
    would have them read."""
    from listingkit.catalogue import Catalogue

    return Catalogue(path, columns=columns,
                     split={"bullets": separator} if separator else None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=3, help="findings shown per code")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of reading and checking each file (median printed)")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} not found")
        return 0
    from listingkit.lint import Runner
    from listingkit.marketplace import Registry
    from listingkit.rules.context import Context

    registry = Registry()
    table: dict[str, Counter[str]] = {}
    rows: dict[str, int] = {}
    examples: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for name, (platform, columns, ignore, separator) in DATASETS.items():
        path = SHARED / name
        if not path.is_file():
            print(f"skipped {name}: not found")
            continue
        if platform not in registry.ids():
            platform = "amazon-us"
        reads, checks = [], []
        for _ in range(max(1, args.rounds)):
            start = time.process_time()
            sum(1 for _ in listings(path, columns, separator))
            reads.append(time.process_time() - start)
            runner = Runner(Context(registry.get(platform)), ignore=ignore)
            start = time.process_time()
            result = runner.run(listings(path, columns, separator))
            checks.append(time.process_time() - start)
        read, check = statistics.median(reads), statistics.median(checks)
        table[name] = Counter(f.code for f in result.findings)
        rows[name] = result.listings
        for finding in result.findings:
            examples[finding.code].append((name, finding))
        print(f"{name}: {result.listings} rows, {len(result.findings)} findings "
              f"({platform}); CPU: check {check:.3f} s, read {read:.3f} s, "
              f"{check / read if read else 0:.1f}x reading", file=sys.stderr)
    codes = sorted({c for counts in table.values() for c in counts})
    names = list(table)
    print("| code | " + " | ".join(n.removesuffix(".csv") for n in names) + " |")
    print("|---|" + "---|" * len(names))
    for code in codes:
        cells = []
        for name in names:
            n = table[name][code]
            cells.append(f"{n} ({100 * n / rows[name]:.1f}%)" if n else "-")
        print(f"| {code} | " + " | ".join(cells) + " |")
    print("| rows | " + " | ".join(str(rows[n]) for n in names) + " |")
    rnd = random.Random(args.seed)
    print("\nSample for reading by eye:")
    for code in codes:
        picks = rnd.sample(examples[code], min(args.sample, len(examples[code])))
        for name, f in picks:
            title = f.message if len(f.message) < 160 else f.message[:157] + "..."
            print(f"  {code} {name.split('_')[0]}:{f.row} {f.sku[:12]} {f.field}: {title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
