"""Evaluate `listingkit keywords` against YAKE, a plain frequency count and TF-IDF.

    python benchmarks/eval_keywords.py [--data ../shared/data] [--max-sets N]

For every competitor set (column ``competitor_set``) with at least 20 titles, the titles are
split in half by a hash of ``uniq_id``. Each method picks its top 10 terms from half A. The
target is every word (lemma, lower case, not a stop word, not a number, not a brand) used by at
least 20 % of half B's titles; R@10 is the share of target words that appear in the top 10
(as a term or as a word of a recommended phrase). The same normaliser is applied to every
method. Brands: the extractor sees the brand column where the file has one (amazon_uk_toys
``manufacturer``, amazon_us ``brand_name``) and nothing for flipkart; the brand truth used to
count brand recommendations is that column plus, for flipkart, the brand node of
``category_tree`` (the node after the competitor set, minus the category's last word).

Skips cleanly when the data folder is absent. Needs the ``bench`` extra (yake, scikit-learn).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
FILES = {"flipkart_titles.csv": None, "amazon_uk_toys.csv": "manufacturer",
         "amazon_us_2020_sample.csv": "brand_name"}
MIN_SET, TOP, TARGET_SHARE = 20, 10, 0.20


def load_sets(path: Path, brand_col: str | None) -> dict[str, list[dict[str, str]]]:
    sets: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("competitor_set") and row.get("product_name", "").strip():
                sets[row["competitor_set"]].append(row)
    return {k: v for k, v in sets.items() if len(v) >= MIN_SET}


def split(rows: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    a, b = [], []
    for row in rows:
        digest = hashlib.md5(row["uniq_id"].encode()).digest()
        (a if digest[0] % 2 == 0 else b).append(row)
    return a, b


def true_brands(row: dict[str, str], brand_col: str | None) -> list[str]:
    if brand_col:
        return [row.get(brand_col, "")]
    nodes = [n.strip() for n in row.get("category_tree", "").split(">")]
    depth = len(row["competitor_set"].split(">"))
    if len(nodes) > depth + 1:
        node, last = nodes[depth], nodes[depth - 1].split()[-1]
        if node.lower().endswith(" " + last.lower()):
            return [node[: -len(last)].strip()]
    return []


class Normaliser:
    """Lemma keys of the content words of a text (the same for every method)."""

    def __init__(self) -> None:
        from listingkit.keywords.variants import root_key
        from listingkit.nlp import analyzer

        self.nlp = analyzer("en")
        self.root_key = root_key
        self.cache: dict[str, frozenset[str]] = {}

    def words(self, text: str) -> frozenset[str]:
        found = self.cache.get(text)
        if found is None:
            found = frozenset(self.root_key(w.key) for w in self.nlp.words(text)
                              if w.key and not w.stop and not w.number and not w.brk
                              and any(c.isalpha() for c in w.key))
            self.cache[text] = found
        return found


def brand_words(names: list[str], norm: Normaliser) -> set[str]:
    """Whole brand names, and single-word names that are not common English words."""
    from wordfreq import zipf_frequency

    out: set[str] = set()
    for name in names:
        words = [w for w in norm.nlp.words(name) if w.key and not w.stop and not w.brk]
        if len(words) == 1 and zipf_frequency(words[0].key, "en") >= 4.5:
            continue
        if words:
            out.add(norm.root_key("".join(w.key for w in words)))
    out.discard("")
    return out


def is_brand(term: str, truth: set[str], norm: Normaliser) -> bool:
    words = [norm.root_key(w.key) for w in norm.nlp.words(term) if w.key and not w.brk]
    squashed = "".join(words)
    return any(w in truth for w in words) or any(
        len(b) > 3 and b in squashed for b in truth if len(b) > len(min(words, key=len,
                                                                         default="")))


def ours(titles_a: list[dict[str, str]], brand_col: str | None) -> list[str]:
    from listingkit.keywords import extract
    from listingkit.listing import Listing

    listings = [Listing(sku=r["uniq_id"], title=r["product_name"],
                        brand=r.get(brand_col, "") if brand_col else "") for r in titles_a]
    return [k.term for k in extract(listings, lang="en", top=TOP).keywords]


def frequency(titles: list[str], norm: Normaliser) -> list[str]:
    from collections import Counter

    counts: Counter[str] = Counter()
    stops = norm.nlp.stop_words
    for title in titles:
        counts.update(w for w in title.lower().split() if w.isalnum() and w not in stops
                      and not w.isdigit())
    return [w for w, _ in counts.most_common(TOP)]


def yake_top(titles: list[str], extractor: object) -> list[str]:
    return [kw for kw, _ in extractor.extract_keywords("\n".join(titles))]  # type: ignore


def tfidf_tops(docs: list[str]) -> list[list[str]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(ngram_range=(1, 3), stop_words="english", sublinear_tf=True,
                          min_df=1)
    matrix = vec.fit_transform(docs)
    names = vec.get_feature_names_out()
    tops = []
    for i in range(matrix.shape[0]):
        row = matrix.getrow(i)
        order = row.data.argsort()[::-1][:TOP]
        tops.append([names[row.indices[j]] for j in order])
    return tops


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--max-sets", type=int, default=0, help="per file; 0 = all")
    parser.add_argument("--verbose", action="store_true", help="show brand recommendations")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"skipped: {args.data} not found (the evaluation needs ../shared/data)")
        return 0
    try:
        import sklearn  # noqa: F401
        import yake
    except ImportError as exc:
        print(f"skipped: {exc.name} is not installed (pip install 'listingkit[bench]')")
        return 0
    norm = Normaliser()
    extractor = yake.KeywordExtractor(lan="en", n=3, top=TOP)
    print(f"{'dataset':28} {'sets':>4}  {'ours':>6} {'freq':>6} {'yake':>6} {'tfidf':>6}"
          f"  brands in top-10 (ours/freq/yake/tfidf)")
    failures = 0
    timing = {"ours": 0.0, "yake": 0.0}
    terms_out = {"ours": 0, "yake": 0}
    for name, brand_col in FILES.items():
        path = args.data / name
        if not path.is_file():
            print(f"{name:28} skipped (missing)")
            continue
        sets = load_sets(path, brand_col)
        keys = sorted(sets)[: args.max_sets or None]
        halves = {k: split(sets[k]) for k in keys}
        keys = [k for k in keys if len(halves[k][0]) >= 5 and len(halves[k][1]) >= 5]
        tfidf = tfidf_tops([" \n ".join(r["product_name"] for r in halves[k][0])
                            for k in keys])
        recall: dict[str, list[float]] = defaultdict(list)
        brands_hit: dict[str, int] = defaultdict(int)
        for index, key in enumerate(keys):
            a, b = halves[key]
            titles_a = [r["product_name"] for r in a]
            truth = brand_words([n for r in sets[key] for n in true_brands(r, brand_col)],
                                norm)
            users: dict[str, int] = defaultdict(int)
            for r in b:
                for word in norm.words(r["product_name"]):
                    users[word] += 1
            target = {w for w, n in users.items() if n >= TARGET_SHARE * len(b)} - truth
            start = time.perf_counter()
            mine = ours(a, brand_col)
            timing["ours"] += time.perf_counter() - start
            start = time.perf_counter()
            theirs = yake_top(titles_a, extractor)
            timing["yake"] += time.perf_counter() - start
            terms_out["ours"] += len(mine)
            terms_out["yake"] += len(theirs)
            picks = {"ours": mine, "freq": frequency(titles_a, norm), "yake": theirs,
                     "tfidf": tfidf[index]}
            for method, terms in picks.items():
                words = set().union(*(norm.words(t) for t in terms)) if terms else set()
                hits = [t for t in terms if is_brand(t, truth, norm)]
                brands_hit[method] += len(hits)
                if hits and method == "ours" and args.verbose:
                    print(f"  brand? {key[:40]!r}: {hits}")
                if target:
                    recall[method].append(len(target & words) / len(target))
        mean = {m: sum(v) / len(v) if v else 0.0 for m, v in recall.items()}
        ok = (mean["ours"] - mean["freq"] >= 0.05 and mean["ours"] - mean["yake"] >= 0.10
              and brands_hit["ours"] == 0)
        failures += not ok
        print(f"{name:28} {len(keys):4}  {mean['ours']:6.3f} {mean['freq']:6.3f} "
              f"{mean['yake']:6.3f} {mean['tfidf']:6.3f}  "
              f"{brands_hit['ours']}/{brands_hit['freq']}/{brands_hit['yake']}/"
              f"{brands_hit['tfidf']}  {'goal met' if ok else 'GOAL MISSED'}")
    rate = {m: terms_out[m] / timing[m] if timing[m] else 0.0 for m in timing}
    print(f"speed: ours {rate['ours']:.0f} keywords/s, yake {rate['yake']:.0f} keywords/s "
          f"(ratio {rate['ours'] / rate['yake'] if rate['yake'] else 0:.2f}x)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
