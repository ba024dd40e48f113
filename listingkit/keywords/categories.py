"""Category paths among a listing's attributes, and the words a competitor set's own path
names it by.

A marketplace files every listing under a path of product-type nodes ("Pretend Play > Shops &
Accessories"); the words of the nodes most of a set's listings share are the marketplace's own
name for what the set sells, which is what its buyers search for. Ranking boosts keywords made
of them (``ranking.CATEGORY_BOOST``). Nodes from one that lists brands down ("Characters &
Brands > Disney") are names, not product types; a node naming one listing (a brand's store
node, the product itself) is in too few paths to count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache

from listingkit.keywords.variants import root_key
from listingkit.listing import Listing
from listingkit.nlp import Analyzer

#: Share of the set's listings whose paths must hold a node.
NODE_SHARE = 0.5
#: Attributes holding a category path, and the words of a node that lists brands under it.
CATEGORY_HINTS = ("categor", "breadcrumb", "department", "product_type")
BRAND_NODE_WORDS = frozenset({"brand", "brands", "marke", "marken", "marque", "marques",
                              "marca", "marcas", "merk", "merken", "marki", "varumärken",
                              "ブランド", "品牌"})
PATH_SEPARATORS = (">", "|", "›", "»")


def category_paths(listing: Listing) -> Iterator[list[str]]:
    """The nodes of each category path among the listing's attributes."""
    for name, value in listing.attributes.items():
        if not _holds_paths(name):
            continue
        sep = next((s for s in PATH_SEPARATORS if s in value), None)
        if sep is not None:
            yield [n.strip() for n in value.split(sep)]


def is_path(name: str, value: str) -> bool:
    """Whether an attribute holds a category path: its name says so, or its value is nodes
    joined by " > " (a path's nodes list alternatives, "Blankets, Quilts & Dohars", so they
    say little about one product)."""
    return _holds_paths(name) or any(f" {sep} " in value for sep in PATH_SEPARATORS)


@lru_cache(maxsize=4096)  # (every row repeats the column names)
def _holds_paths(name: str) -> bool:
    return any(h in name.lower() for h in CATEGORY_HINTS)


def lists_brands(node: str) -> bool:
    """Whether a category node lists brands ("Characters & Brands", "Marken")."""
    return not BRAND_NODE_WORDS.isdisjoint(node.lower().replace("&", " ").split())


def category_words(listings: Sequence[Listing], nlp: Analyzer, share: float = NODE_SHARE
                   ) -> frozenset[str]:
    """Root keys of the words of the category-path nodes that at least ``share`` of the
    listings' paths hold, above any node that lists brands."""
    counts: Counter[str] = Counter()
    for listing in listings:
        if listing.attributes:
            counts.update({node for nodes in category_paths(listing)
                           for node in _above_brands(nodes)})
    return frozenset(root_key(w.key) for node, n in counts.items()
                     if n >= share * len(listings)
                     for w in nlp.words(node) if w.key and not w.stop and not w.number)


def _above_brands(nodes: list[str]) -> Iterator[str]:
    for node in nodes:
        if lists_brands(node):
            return
        if node:
            yield node
