"""Brand evidence from a whole input, for ranking each competitor set of it.

Keyword research ranks one competitor set at a time, but a brand is a brand in every set: a
seller whose name begins a third of one category's titles, a franchise licensed to many
manufacturers. :class:`BrandBook` reads every listing of the input once and collects brand
names from four kinds of evidence, none of them a word list:

* **brand fields** (brand, manufacturer, vendor ...) of every listing. A one-word name is
  a brand unless it is a word of the language (Zipf >= GENERIC_ZIPF) and its owner writes
  fewer than OWNER_SHARE of the titles that use it ("Halloween" or "Mini" as a manufacturer
  is the market's vocabulary; "Disney" and "Marvel" keep a large share of their titles even
  where licensees sell most of them), or the short form of a longer name ("Turtles": see
  ``_FieldNames._short_form``). A word inside a longer name counts only when the owner
  writes most of its uses (see ``Tagger.add_brand``: "Hot" of "Hot Toys" is not a brand),
  and never when the owner's titles do not write it at all ("Bobble" of "POP! Bobble").
  A word that titles write nearly only inside brand names is a brand word however common it
  is ("company" of "The Puppet Company", "oxford" of "Oxford Diecast" and "Oxford").
* **product lines** (:mod:`.lines`): a rare word that follows one brand name in most titles
  using it ("Disney Pixar", "Thomas & Friends Take-n-Play").
* **leading phrases** (:mod:`.leads`): a word or two-word phrase that begins at least
  LEAD_SHARE of the titles using it, in at least LEAD_MIN_TITLES titles, and is not a common
  word of the language ("snjmart", "GAGA", "Miss Clyra": sellers put their own name first);
  written in capitals in an otherwise mixed-case title, a common word qualifies too
  ("FRICTION Men's Vest"); so does
  a two-word phrase of common words that writes most uses of its last word ("Gift Island",
  "Fisher Price"); and so does a word or two-word phrase used *only* to begin titles,
  capitalised in mixed-case titles, in EXCLUSIVE_MIN_TITLES titles or more, up to
  CAPITALS_ZIPF ("Raymond", "NE", "Foot Candy": no other title of the input uses it). A one-word brand nearly always followed by the same word that is not a common
  word of the language names the pair too ("Sobre Estilo"), and a
  one-letter prefix joined by a hyphen belongs to the name ("i-KitPit"). Counted over the
  whole input, so a brand that begins most titles of its own category is still found. A
  two-word phrase may begin with a stop word ("My Foot"), as names do.
* **inner capitals**: a word written with a capital between lower-case letters in nearly
  every title using it ("MasterPieces", "LeapFrog", "SpongeBob", "BlueStone").
* **the taxonomy**: a node of a category path (an attribute named like ``category``) right
  under a node that says "brands" ("Characters & Brands > Disney > Toys"). The other nodes
  are the marketplace's own names for product types, so they also judge brand-field names
  made of common words: "Chess" or "Jigsaw Puzzle" (words of the taxonomy) are not brands,
  while "Hello Kitty" or "James Bond" (not) are brand phrases, however many licensees
  write them. A hyphenated word of a node counts written joined too: "Diecast" as a
  manufacturer is the "Die-Cast" of the taxonomy, and each set's own pass over its brand
  fields judges with the same words. Without category paths, such a name is a brand phrase when its owner writes at
  least OWNER_SHARE of the titles using it. A node that repeats its parent's name after a
  name the listing's title begins with files that brand's products ("Shorts > Alisha
  Shorts"): the name counts as the listing's brand field. A word of a brand name that the
  taxonomy names as a product ("kurta" of "Royal Kurta") stays a keyword when other sellers
  write most of its uses, however rare the word is in the general language.

Brands are reported apart and never recommended.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from listingkit.frequency import zipf as _zipf
from listingkit.keywords.categories import category_paths, lists_brands
from listingkit.keywords.kinds import (
    BRAND_ATTRIBUTES,
    NOT_BRANDS,
    OWN_SHARE,
    unwritten,
)
from listingkit.keywords.leads import CAPITALS_ZIPF, LeadPhrases
from listingkit.keywords.lines import product_lines, title_units
from listingkit.keywords.variants import root_key
from listingkit.listing import Listing
from listingkit.nlp import Word

#: A one-word brand-field name whose owner writes fewer than this share of the titles that
#: use the word is generic vocabulary (when it is a word of the language at all).
OWNER_SHARE = 0.2
GENERIC_ZIPF = 3.0
#: A word of a multi-word brand-field name is a brand word when the listings whose brand
#: field holds it write this share of its uses, in at least this many titles.
OWNED_SHARE = 0.8
OWNED_MIN_TITLES = 2
#: A word written with a capital inside it ("MasterPieces", "LeapFrog", "KitPit") in this
#: share of the titles using it, in at least this many titles, is a name: brands are styled
#: so, words of the language are not ("WiFi", "LiPo", "mAh" have too few letters around it).
INNER_SHARE = 0.8
INNER_MIN_TITLES = 2
_INNER_CAPITAL = re.compile(r"[a-z]{2}[A-Z][a-z]{2}")
#: A category node that begins with this many characters of the title is the product itself.
TITLE_PREFIX = 20


@dataclass
class BrandBook:
    """Brand names (analysed keys, words joined by spaces) and where each came from."""

    lang: str
    names: dict[str, str] = field(default_factory=dict)  # key -> evidence
    #: words of a multi-word brand-field name that other sellers use at least as much
    generic: dict[str, frozenset[str]] = field(default_factory=dict)
    #: words of a multi-word brand-field name that its owner writes nearly all uses of
    #: ("melissa" and "doug" of "Melissa & Doug": a name the titles split at the "&")
    owned: dict[str, frozenset[str]] = field(default_factory=dict)
    #: the words of the category paths' product-type nodes, and their hyphenated words
    #: joined ("die-cast" also as "diecast"): a set's own pass over its brand fields judges
    #: with them too (see Tagger.learn_brands)
    taxonomy: frozenset[str] = frozenset()
    #: language -> (roots, words, phrases) as a Tagger holds them (filled by Tagger.adopt)
    tagged: dict[str, tuple[frozenset[str], ...]] = field(default_factory=dict, repr=False)

    def __contains__(self, key: str) -> bool:
        return key in self.names

    @classmethod
    def learn(cls, listings: Sequence[Listing], lang: str = "en", model: str | None = None,
              titles_words: Iterable[list[Word]] | None = None) -> BrandBook:
        """Read every listing once (``titles_words``: the titles already analysed)."""
        from listingkit.nlp import analyzer

        nlp = analyzer(lang, model)
        if titles_words is None:  # variants repeat titles: each distinct title read once
            distinct = list(dict.fromkeys(x.title for x in listings))
            by_title = dict(zip(distinct, nlp.pipe(distinct)))
            titles_words = (by_title[x.title] for x in listings)
        book = cls(lang)
        fields = _FieldNames()
        leads = LeadPhrases()
        inner: Counter[str] = Counter()  # titles writing a word with a capital inside it
        nodes: dict[str, str] = {}
        described: list[Listing] = []  # listings with attributes, for the taxonomy
        read: dict[str, tuple[str, ...]] = {}  # distinct title -> its content units
        for listing, analysed in zip(listings, titles_words):
            if listing.title not in read:  # variants repeat a title: one piece of evidence
                read[listing.title] = title_units(analysed)
            words = [w for w in analysed if w.key]
            keys = {w.key for w in words}
            fields.add(listing, keys, nlp, _store_names(listing))
            fields.sequences.append(tuple(w.key for w in words if not w.stop))
            leads.add(words)
            inner.update({w.key for w in words if _INNER_CAPITAL.search(w.text)})
            for node in _brand_nodes(listing):
                key = nodes.get(node)
                if key is None:
                    key = nodes[node] = " ".join(w.key for w in nlp.words(node)
                                                 if w.key and not w.stop)
                if key:
                    book.names.setdefault(key, "taxonomy")
            if listing.attributes:
                described.append(listing)
        for key in leads.brands(lang, len(listings)):
            book.names.setdefault(key, "leading phrase")
        for key, count in inner.items():
            if count >= INNER_MIN_TITLES and count >= INNER_SHARE * fields.used[key]:
                book.names.setdefault(key, "inner capitals")
        paths = {n for x in described for n in _generic_nodes(x)} if fields.own else set()
        # a hyphenated word of a node is also a word as its sellers write it joined: "Diecast"
        # as a manufacturer names the "Die-Cast" of the taxonomy, not a brand
        taxonomy = book.taxonomy = frozenset(
            {w.key for node in paths for w in nlp.words(node)
             if w.key and not w.stop and not w.number}
            | {root_key(part.lower()) for node in paths for part in node.split()
               if "-" in part.strip("-")})
        for key, generic in fields.brands(lang, taxonomy):
            if key not in book.names:
                whole = " " in key and generic >= set(key.split(" "))
                book.names[key] = "brand phrase" if whole else "brand field"
                book.generic[key] = generic
            if key not in book.owned:  # (a leading phrase's owner may own a word of it too:
                book.owned[key] = fields.owned(key, lang, taxonomy)  # "oxford")
        for key in list(product_lines(read.values(), book.names, lang, taxonomy)):
            book.names.setdefault(key, "product line")
        return book


class _FieldNames:
    """Brand-field values and how much of each word's use their owners write."""

    def __init__(self) -> None:
        self.used: Counter[str] = Counter()
        self.own: dict[str, Counter[str]] = {}
        self.keys: dict[str, str] = {}
        self.owners: list[tuple[str, ...]] = []  # the brand names of each title's listing
        self.sequences: list[tuple[str, ...]] = []
        self._families: Counter[tuple[str, str]] | None = None  # filled by _family
        self._inside: Counter[str] | None = None  # filled by _inside_names

    def add(self, listing: Listing, keys: set[str], nlp: object,
            stores: Iterable[str] = ()) -> None:
        """``stores``: brand names the listing's category paths give (see _store_names)."""
        self.used.update(keys)
        mine: list[str] = []
        attributes = listing.attributes
        values = {listing.brand, *(attributes.get(a, "") for a in BRAND_ATTRIBUTES), *stores
                  } if attributes else (listing.brand,)
        for value in values:
            value = value.strip()
            if not value or value.lower() in NOT_BRANDS:
                continue
            name = self.keys.get(value)
            if name is None:
                name = self.keys[value] = " ".join(
                    w.key for w in nlp.words(value) if w.key and not w.stop)  # type: ignore
            if name and name not in mine:
                self.own.setdefault(name, Counter()).update(keys)
                mine.append(name)
        self.owners.append(tuple(mine))

    def brands(self, lang: str, taxonomy: frozenset[str] = frozenset()
               ) -> Iterator[tuple[str, frozenset[str]]]:
        """(name, its generic words) for every name that is a brand; ``taxonomy``: the words
        of the category paths' product-type nodes (empty when the input has none)."""
        plain: dict[str, frozenset[str]] = {}
        for name, own in self.own.items():
            if taxonomy and taxonomy.issuperset(name.split(" ")):
                continue  # "Chess", "Jigsaw Puzzle": the marketplace names a product type
            if " " in name:  # a word of a longer name: the owner must write most of its uses
                generic = frozenset(
                    w for w in name.split(" ") if self.used[w] and own[w] < OWN_SHARE *
                    self.used[w] and (_zipf(w, lang) >= GENERIC_ZIPF or w in taxonomy
                                      or unwritten(own[w], self.used[w])))
                if generic >= set(name.split(" ")):
                    plain[name] = generic  # judged as a whole phrase below
                else:
                    yield name, generic
            elif not (self.used[name] and own[name] < OWNER_SHARE * self.used[name]
                      and _zipf(name, lang) >= GENERIC_ZIPF
                      and not self._short_form(name, lang)):
                yield name, frozenset()
        judged = self._phrase_names(plain) if not taxonomy else plain
        for name in judged:
            yield name, plain[name]

    def _short_form(self, word: str, lang: str) -> bool:
        """Whether a one-word name is the short form of a longer one ("Turtles" of "Teenage
        Mutant Ninja Turtles"): the titles of the two names write at least OWN_SHARE of the
        titles using the word (a name's short form is its last word, not "Magic" of "Magic
        The Gathering"), and it is no very common word (Zipf below CAPITALS_ZIPF)."""
        return _zipf(word, lang) < CAPITALS_ZIPF and \
            self._family(word) >= OWN_SHARE * self.used[word]

    def _family(self, word: str) -> int:
        """Titles using ``word`` whose listing's brand field is the word itself or the one
        longer name ending with it that writes most of them (not the many "... Store")."""
        if self._families is None:  # (last word, name) -> titles using the word, one pass
            self._families = Counter()
            for seq, mine in zip(self.sequences, self.owners):
                self._families.update((last, n) for n in mine
                                      if (last := n.rpartition(" ")[2]) in seq)
        longer = max((c for (w, n), c in self._families.items() if w == word and n != word),
                     default=0)
        return self._families[word, word] + longer

    def owned(self, name: str, lang: str, taxonomy: frozenset[str] = frozenset()
              ) -> frozenset[str]:
        """The words of a multi-word name that brand names own: the listings whose brand
        field holds the word write at least OWNED_SHARE of its uses, in OWNED_MIN_TITLES
        titles or more. One maker filed two ways ("Oxford Diecast" and "Oxford") owns its
        word together; "company" is written nearly only by "The Puppet Company" and other
        companies, however common the word is in the language. A word the taxonomy names as
        a product ("kurta" of "Royal Kurta") is never owned."""
        if " " not in name or name not in self.own:
            return frozenset()
        inside = self._inside_names()
        return frozenset(w for w in name.split(" ") if w not in taxonomy
                         and inside[w] >= max(OWNED_MIN_TITLES, OWNED_SHARE * self.used[w]))

    def _inside_names(self) -> Counter[str]:
        """For each word of a brand name: the titles using it whose listing's brand field
        holds it (one pass over the titles, on first use)."""
        if self._inside is None:
            self._inside = Counter()
            words_of: dict[str, frozenset[str]] = {}
            for seq, mine in zip(self.sequences, self.owners):
                if mine:
                    held = set().union(*(words_of.setdefault(n, frozenset(n.split(" ")))
                                         for n in mine))
                    self._inside.update(held.intersection(seq))
        return self._inside

    def _phrase_names(self, names: Iterable[str]) -> Iterator[str]:
        """Names made of common words ("John Adams", "Jigsaw Puzzle") whose owner writes at
        least OWNER_SHARE of the titles using the whole phrase: brands as a phrase only."""
        wanted = {n: n.split(" ") for n in names}
        if not wanted:
            return
        users: Counter[str] = Counter()
        own: Counter[str] = Counter()
        for seq, mine in zip(self.sequences, self.owners):
            text = f" {' '.join(seq)} "
            for name, words in wanted.items():
                if words[0] in seq and f" {name} " in text:
                    users[name] += 1
                    own[name] += name in mine
        for name in wanted:
            if own[name] >= OWNER_SHARE * users[name]:  # unused in titles: no evidence
                yield name


def _generic_nodes(listing: Listing) -> Iterator[str]:
    """Product-type nodes of the category paths: none from a node that says "brands" down,
    none that names the listing's own brand ("Regent Wall Clocks"), and none that repeats
    the title (some paths end with the product itself)."""
    title = listing.title.lower()[:TITLE_PREFIX]
    own = [v.strip().lower() for v in (listing.brand, *(listing.attributes.get(a, "")
                                                        for a in BRAND_ATTRIBUTES),
                                        *_store_names(listing))
           if v.strip()]
    for nodes in category_paths(listing):
        for node in nodes:
            lowered = node.lower()
            if lists_brands(node):
                break
            if not node or (title and lowered.startswith(title)):
                continue
            if not any(name in lowered for name in own):
                yield node


def _store_names(listing: Listing) -> Iterator[str]:
    """The brand of each category path that files a brand's products under a node repeating
    its parent's name after the brand, as Flipkart does ("Shorts > Alisha Shorts": "Alisha"),
    when the listing's title begins with it too; only the deepest such node of a path counts
    ("Clothing > Women's Clothing" is higher up; in "Games > Card Games" the title does not
    begin with "Card"), and not a node that is the title itself ("Sunglasses > Olvin Aviator
    Sunglasses" for the listing "Olvin Aviator Sunglasses")."""
    title = listing.title.lower()
    for nodes in category_paths(listing):
        found = ""
        for parent, node in pairwise(nodes):
            tail, lowered = " " + parent.lower(), node.lower()
            if parent and lowered.endswith(tail) and len(node) > len(tail) and \
                    not title.startswith(lowered):  # not the product itself
                found = node[:len(node) - len(tail)].strip()
        if found and title.startswith(found.lower()):
            yield found


def _brand_nodes(listing: Listing) -> Iterator[str]:
    """Category-path nodes right under a node that lists brands."""
    for nodes in category_paths(listing):
        for parent, node in pairwise(nodes):
            if node and lists_brands(parent):
                yield node
