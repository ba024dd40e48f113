"""What a keyword is: a competitor brand, an attribute (colour, material, size ...), a
measure ("500 ml"), a product type, or other.

Brands come from the competitors' brand fields (brand, manufacturer, vendor) and from a
heuristic for catalogues without one: a capitalised word that begins several titles, rarely
appears anywhere else in them, and is not a common word of the language (wordfreq). Brands are
reported apart and never recommended for the seller's own copy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING

from listingkit.errors import ConfigError
from listingkit.frequency import zipf as _zipf
from listingkit.keywords.candidates import UNIT_JOIN
from listingkit.keywords.variants import root_key
from listingkit.listing import Listing
from listingkit.nlp import UNSPACED, Analyzer, Word, unaccented

if TYPE_CHECKING:
    from listingkit.keywords.brands import BrandBook

#: Brand-field values that name no brand.
NOT_BRANDS = frozenset({"", "generic", "unbranded", "unknown", "n/a", "na", "none", "no brand",
                        "oem", "other", "-"})
BRAND_ATTRIBUTES = ("brand", "manufacturer", "vendor", "brand_name", "make")
#: Kinds from the attribute vocabularies (``lexicons/<lang>/<concept>.tsv``, read through
#: :mod:`listingkit.vocabulary`): concept -> kind reported.
KIND_CONCEPTS = {"color": "colour", "material": "material", "size": "size",
                 "pattern": "pattern", "product_type": "product type"}
#: keyword kinds that say what one product is, not what the category is: a rewrite never adds
#: one, and another value of the kind is no gap ("color" is a keyword bank's spelling)
CLAIM_KINDS = frozenset({"colour", "color", "material", "size", "pattern"})
#: Languages whose phrases put the head noun first ("voiture télécommandée").
HEAD_FIRST = frozenset({"fr", "es", "it", "pt"})
#: A leading word is a brand when at least this share of its uses begin a title ...
LEAD_SHARE = 0.8
#: ... it begins at least this many titles, and its Zipf frequency is below this.
LEAD_MIN_TITLES = 2
#: A word of a brand-field value is generic when that brand's listings make up less than
#: this share of the titles using it.
OWN_SHARE = 0.5
#: ... and it is a word of the language at all (resellers name "Qualatex" or "Hubsan" too).
GENERIC_ZIPF = 3.0
#: A leading word that begins more than this share of all titles is the market's product
#: type ("Gourde ...", "Trinkflasche ..."), not one seller's brand (:func:`leads_as_product`).
LEAD_MAX_SHARE = 0.3
COMMON_ZIPF = 3.5
#: A word of a brand name its owner's titles never write is generic from this many titles on.
UNWRITTEN_MIN_TITLES = 2


def vocabulary_forms(lang: str) -> dict[str, list[str]]:
    """kind -> every term and synonym the vocabularies list for ``lang`` (none: empty)."""
    try:
        from listingkit import vocabulary
    except ImportError:
        return {}
    out: dict[str, list[str]] = {}
    for concept, kind in KIND_CONCEPTS.items():
        try:
            terms = vocabulary.concept(concept).terms.get(lang, {})
        except (ConfigError, OSError):  # a missing vocabulary leaves its kind untagged
            terms = {}
        out[kind] = [form for forms in terms.values() for form in forms]
    return out


@cache
def _kind_index(analyzer: Analyzer) -> dict[str, str]:
    """Root key -> kind for every vocabulary term of the analyser's language (built once)."""
    kinds: dict[str, str] = {}
    for kind, forms in vocabulary_forms(analyzer.lang).items():
        for form in forms:
            key = " ".join(w.key for w in analyzer.words(form) if w.key)
            kinds.setdefault(root_key(key), kind)
    return kinds


class Tagger:
    """Tags keyword keys with a kind for one language and one set of competitors."""

    def __init__(self, analyzer: Analyzer, brands: Iterable[str] = ()) -> None:
        self.analyzer = analyzer
        self.lang = analyzer.lang
        self.kinds = _kind_index(analyzer)
        self.brand_roots: set[str] = set()
        self.brand_words: set[str] = set()
        self.brand_phrases: set[str] = set()
        #: brand words only as parts of a name in this set (see learn_brand_parts)
        self.part_words: set[str] = set()
        #: word key -> the share of this set's titles using it that write it inside a name,
        #: where most do (see learn_brand_parts)
        self.inside_share: dict[str, float] = {}
        self._squashed: dict[str, str] = {}  # word -> root_key(word), for is_brand
        #: brand-field value -> its words' keys, stop words left out (brand_values repeat)
        self._name_keys: dict[str, tuple[str, ...]] = {}
        for brand in brands:
            self.add_brand(brand)

    def name_keys(self, value: str) -> tuple[str, ...]:
        """The keys of a brand-field value's words, stop words left out ("Pin It On":
        "pin"), worked out once per value (learn_brands and learn_brand_parts both ask)."""
        keys = self._name_keys.get(value)
        if keys is None:
            keys = self._name_keys[value] = tuple(
                w.key for w in self.analyzer.words(value) if w.key and not w.stop)
        return keys

    def _key(self, text: str) -> str:
        return " ".join(w.key for w in self.analyzer.words(text) if w.key)

    def add_brand(self, name: str, generic: Iterable[str] = (), owned: Iterable[str] = ()
                  ) -> None:
        """Add a brand name. Its rare words become brand words too, unless ``generic`` (words
        other sellers use as much as this brand does) holds them; so do ``owned`` words (the
        owner writes nearly every use), however common in the language."""
        words = [w.key for w in self.analyzer.words(name) if w.key and not w.stop]
        generic = set(generic)
        owned = set(owned)
        if not words or all(w in generic for w in words):
            return  # "Jigsaw Puzzle", "Games": every word is the market's own vocabulary
        if self.lang not in UNSPACED and (bare := unaccented(name)) != name:
            # titles often drop the accents of a brand field: "Pokémon" is written "Pokemon"
            self.add_brand(bare, map(unaccented, generic), map(unaccented, owned))
        self.brand_roots.add(root_key(" ".join(words)))
        if len(words) > 1:
            self.brand_phrases.add(" ".join(words))
        if len(words) == 1:
            self.brand_words.add(words[0])
        else:
            self.brand_words.update(w for w in words if len(w) > 2 and w not in self.kinds
                                    and w not in generic and (
                                        w in owned or _zipf(w, self.lang) < COMMON_ZIPF))

    def learn_brands(self, listings: list[Listing],
                     titles_words: Iterable[list[Word]] | None = None,
                     leading: bool = True, taxonomy: frozenset[str] = frozenset()) -> None:
        """Brand fields, then the leading-word heuristic, over the competitors.

        ``titles_words`` are the analysed titles when the caller has them already;
        ``leading=False`` skips the leading-word heuristic (a :class:`BrandBook` of the whole
        input judges leading words on more evidence than one set gives); ``taxonomy``: the
        words of the input's product-type category nodes (:attr:`BrandBook.taxonomy`), which
        judge brand fields as the book does: a one-word value that the taxonomy names is a
        product type ("Diecast" as a manufacturer is its "Die-Cast"), and a word the
        taxonomy names is a brand word only when the brand writes most of its uses.
        """
        first: Counter[str] = Counter()
        anywhere: Counter[str] = Counter()
        named: dict[str, Counter[str]] = {}
        used: Counter[str] = Counter()
        if titles_words is None:
            titles_words = self.analyzer.pipe(x.title for x in listings)
        for listing, analysed in zip(listings, titles_words):
            words = [w for w in analysed if w.key]
            keys = {w.key for w in words}
            for value in brand_values(listing):
                own = named.setdefault(" ".join(self.name_keys(value)), Counter())
                own.update(keys)
            used.update(keys)
            if not words:
                continue
            lead = words[0]
            if not lead.stop and not lead.number and lead.text[:1].isupper() or (
                    lead.text[:1].isdigit() and not lead.number):
                first[lead.key] += 1
            anywhere.update({w.key for w in words[1:]})
        for name, own in named.items():
            if name in taxonomy:
                continue
            generic = {w for w in name.split(" ") if used[w] and own[w] < OWN_SHARE * used[w]
                       and (_zipf(w, self.lang) >= GENERIC_ZIPF or w in taxonomy
                            or unwritten(own[w], used[w]))}
            self.add_brand(name, generic)
        titles = len(listings)
        for word, count in first.items() if leading else ():
            if leads_as_product(word, count, titles, self.lang):
                continue
            if word in self.brand_words or word in self.kinds:
                continue
            if count < LEAD_MIN_TITLES or count < LEAD_SHARE * (count + anywhere[word]):
                continue
            if self.lang not in ("ja", "zh") and _zipf(word, self.lang) >= COMMON_ZIPF:
                continue
            self.brand_words.add(word)

    def learn_brand_parts(self, titles_words: Iterable[list[Word]],
                          listings: Iterable[Listing] = ()) -> None:
        """Learn the words this set writes nearly only inside brand names: "melissa" and
        "doug" where every title writes "Melissa & Doug", "art" where it is only ever
        "Anuradha Art", "frozen" of "Frozen Olaf Puzzle" whose brand field says "Disney
        Frozen" (see :mod:`.parts`). ``listings``: the titles' listings, in order, whose
        brand fields name the brand words of their own title. Call it once the brands are
        known (brand fields, the whole input's :class:`BrandBook`)."""
        from listingkit.keywords.parts import brand_parts, trade_name_words

        def own(listing: Listing) -> set[str]:
            return {key for value in brand_values(listing) for key in self.name_keys(value)}

        self.part_words = brand_parts(titles_words, self.brand_roots, self.brand_words,
                                      trade_name_words(self.analyzer),
                                      never=self.kinds.keys() | self.brand_words,
                                      own=map(own, listings), shares=self.inside_share)

    def adopt(self, book: BrandBook) -> None:
        """Take the brand names found across the whole input (see :mod:`.brands`)."""
        cached = book.tagged.get(self.lang)
        if cached is None:  # the same for every set: worked out once per book
            probe = Tagger(self.analyzer)
            for key, evidence in book.names.items():
                if evidence in ("leading phrase", "brand phrase") and " " in key:
                    probe.brand_roots.add(root_key(key))  # "Miss Clyra": not "miss" alone
                    probe.brand_phrases.add(key)  # (but a word its owner writes nearly
                    probe.brand_words.update(  # every use of is: "oxford" of "Oxford Diecast")
                        w for w in book.owned.get(key, ()) if len(w) > 2 and w not in probe.kinds)
                elif evidence == "product line":  # one unit: "take-n-play" as it is written
                    probe.brand_roots.add(root_key(key))
                    probe.brand_words.add(key)
                else:
                    probe.add_brand(key, book.generic.get(key, ()), book.owned.get(key, ()))
            cached = book.tagged[self.lang] = (frozenset(probe.brand_roots),
                                               frozenset(probe.brand_words),
                                               frozenset(probe.brand_phrases))
        self.brand_roots |= cached[0]
        self.brand_words |= cached[1]
        self.brand_phrases |= cached[2]

    def is_brand(self, key: str, with_parts: bool = True) -> bool:
        """A key holding a brand word, or a run of words that is a brand name however it is
        spaced or hyphenated ("scooby-doo pirate crew" holds "Scooby Doo"). ``with_parts=False``
        leaves out the words that are brand words only as parts of a name in this set
        (:meth:`learn_brand_parts`): a key that is a brand only by them ("friends" of
        "Thomas & Friends") is never recommended, but it is not a brand to list either. A
        number's unit is a word too: "60 ultra" of "60 Ultra Pro Sleeves" holds "Ultra Pro"."""
        words = key.replace(UNIT_JOIN, " ").split(" ") if UNIT_JOIN in key else key.split(" ")
        named, more = self.brand_words, self.part_words if with_parts else frozenset()
        if any(w in named or w in more for w in words):
            return True
        if "-" in key and any(w[1:2] == "-" and (w[2:] in named or w[2:] in more)
                              for w in words):
            return True  # "i-kitpit" is "kitpit" with a one-letter prefix
        roots = self.brand_roots
        if len(words) == 1:
            return root_key(key) in roots
        phrases = self.brand_phrases
        squashed = self._squashed
        parts = [squashed.get(w) or squashed.setdefault(w, root_key(w)) for w in words]
        if any(p != w and p in roots for p, w in zip(parts, words)):
            return True  # "scooby-doo"; a plain word ("way" of "W.A.Y") only as a whole key
        if any(" ".join(words[i:j]) in phrases or "".join(parts[i:j]) in roots
               for i in range(len(words)) for j in range(i + 2, len(words) + 1)):
            return True
        stops = self.analyzer.stop_words  # names are kept without them: "Magic the Gathering"
        if not any(w in stops for w in words[1:-1]):
            return False
        inner = [w for w in words if w not in stops]
        return len(inner) > 1 and self.is_brand(" ".join(inner), with_parts)

    def is_name(self, key: str) -> bool:
        """Whether the key is a whole brand name, with or without its stop words."""
        roots = self.brand_roots
        if root_key(key) in roots:
            return True
        stops = self.analyzer.stop_words
        return " " in key and root_key(" ".join(w for w in key.split(" ") if w not in stops)
                                       ) in roots

    def kind(self, key: str) -> str:
        """brand, measure, an attribute kind, product type, or other."""
        if self.is_brand(key):
            return "brand"
        words = key.split(" ")
        if len(words) == 1 and "\u00a0" in key and key[:1].isdigit():
            return "measure"  # "500 ml", "1:24 scale": a number with its unit
        found = self.kinds.get(root_key(key))
        if found:
            return found
        head = words[0] if self.lang in HEAD_FIRST else words[-1]
        if self.kinds.get(root_key(head)) == "product type":
            return "product type"
        return "other"


def brand_values(listing: Listing) -> set[str]:
    """The brand names a listing gives: its brand field and brand-like attributes
    (BRAND_ATTRIBUTES), those that name no brand ("Generic", "N/A") left out."""
    return {value for value in (listing.brand, *(listing.attributes.get(a, "")
                                                 for a in BRAND_ATTRIBUTES))
            if value.strip() and value.strip().lower() not in NOT_BRANDS}


def leads_as_product(phrase: str, count: int, titles: int, lang: str) -> bool:
    """Whether a phrase that begins ``count`` of ``titles`` titles begins so many that it is
    the product itself: more than LEAD_MAX_SHARE of them, and a word of the language. A name no
    dictionary knows is a seller dominating the set however many titles it begins
    ("Karatcraft" begins 184 of 611 flipkart ring titles)."""
    return count > LEAD_MAX_SHARE * titles and (lang in UNSPACED or _zipf(phrase, lang) > 0)


def unwritten(own: int, used: int) -> bool:
    """Whether a word of a multi-word brand name is other sellers' vocabulary however rare it
    is: the brand's own titles never write it, while UNWRITTEN_MIN_TITLES others do ("bobble"
    of "POP! Bobble", whose titles say "Funko Pop"; resellers of "Hubsan" write the name, but
    so does Hubsan)."""
    return not own and used >= UNWRITTEN_MIN_TITLES


def kind_counts(kinds: Mapping[str, str]) -> Counter[str]:
    return Counter(kinds.values())
