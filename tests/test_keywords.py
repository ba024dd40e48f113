"""listingkit.keywords: candidates, variants, brands and kinds, ranking, gap."""

from __future__ import annotations

import pytest

from listingkit.keywords import extract
from listingkit.keywords.candidates import listing_terms, ngrams, units
from listingkit.keywords.gap import gaps
from listingkit.keywords.variants import fuzzy_roots, may_merge, root_key
from listingkit.listing import Listing
from listingkit.nlp import analyzer


def grams(text: str) -> set[str]:
    found = set()
    for phrase in units(analyzer("en").words(text)):
        for gram in ngrams(phrase):
            found.add(" ".join(u.text for u in gram))
    return found


def test_candidates_do_not_cross_punctuation_or_start_with_stop_words() -> None:
    found = grams("Water Bottle for Kids, Blue Steel")
    assert {"Water Bottle", "Water Bottle for Kids", "Blue Steel", "Kids"} <= found
    assert "Kids Blue" not in found  # the comma ends the phrase
    assert not any(g.startswith("for") or g.endswith("for") for g in found)


def test_listing_filler_is_no_keyword() -> None:
    """Bullets that start "Includes ..." made "includes" a keyword of the shared US file, and
    optimize appended ", Includes" to 68 titles: listing filler spaCy does not know is in
    lexicons/en/stopwords_extra.txt."""
    found = grams("Includes 2 Lids, Featuring Color Swirl Compound, Straw Included")
    assert not any(g.lower().split()[0] in {"includes", "featuring", "included"} or
                   g.lower().split()[-1] in {"includes", "featuring", "included"} for g in found)
    assert "Color Swirl Compound" in found and "Straw" in found


def test_numbers_stay_with_their_units() -> None:
    found = grams("Die-Cast Car 1:24 Scale 500ml Tank")
    assert "1:24 Scale" in found and "500ml" in found and "Die-Cast" in found


def test_a_number_never_splits_the_compound_after_it() -> None:
    """"3 Non-Toxic Colors": binding "3" to "Non" as a unit left "Toxic Colors", a keyword
    that says the opposite."""
    found = grams("Ice Cream Set with 3 Non-Toxic Colors")
    assert "Non-Toxic Colors" in found and "Non-Toxic" in found
    assert "3 Non" not in found and not any(g.lower().startswith("toxic") for g in found)
    assert "12-Pack" in grams("Juice Boxes 12-Pack") and "12 Pack" in grams("Juice 12 Pack")
    assert "1:24" not in found and "500" not in found and "24" not in found


def test_a_possessive_stays_with_its_word() -> None:
    found = grams("Men's Cotton Vest, WOMEN'S Vest")
    assert {"Men's Cotton Vest", "Men's", "WOMEN'S Vest"} <= found
    assert not any(g == "s" or g.startswith("s ") for g in found)
    occ = next(listing_terms(analyzer("en"), [Listing(sku="1", title="Men's Cotton Vest")]))
    assert "man cotton vest" in occ.masks and not any(" s" in k for k in occ.masks)


def test_candidates_do_not_cross_field_boundaries() -> None:
    listing = Listing(sku="1", title="Steel Bottle", bullets=["Leak proof"],
                      description="Cold water")
    occ = next(listing_terms(analyzer("en"), [listing]))
    assert "bottle leak" not in occ.masks and "proof cold" not in occ.masks
    assert occ.best("steel bottle") == 3 and occ.best("leak proof") == 2
    assert occ.best("cold water") == 1 and occ.fields("cold water") == ["description"]


def test_root_key_merges_case_hyphen_and_space_variants() -> None:
    assert root_key("t-shirt") == root_key("t shirt") == root_key("tshirt")


def test_fuzzy_guards_numbers_and_short_words() -> None:
    assert not may_merge("1:24scale", "1:32scale")
    assert not may_merge("audi", "audio")
    assert may_merge("bluetooth", "blutooth")
    merged = fuzzy_roots(["colour", "color", "audio", "audi", "4pack", "6pack"],
                         {"color": 5, "colour": 3, "audio": 4, "audi": 2, "4pack": 3,
                          "6pack": 2})
    assert merged == {"colour": "color"}


@pytest.mark.parametrize(("a", "b"), [("prince", "price"), ("marker", "maker"),
                                      ("stream", "steam"), ("father", "feather"),
                                      ("charger", "charge"), ("floral", "flora")])
def test_two_different_words_of_the_language_never_merge(a: str, b: str) -> None:
    """On the shared toys file "prince" was merged into "price" and recommended as "price"
    for knights and castles; both are words of English (wordfreq), one letter apart."""
    assert not may_merge(a, b, "en")
    assert fuzzy_roots([a, b], {a: 2, b: 5}, "en") == {}


@pytest.mark.parametrize(("a", "b"), [("colourful", "colorful"), ("aluminium", "aluminum"),
                                      ("armoured", "armored"), ("travelled", "traveled"),
                                      ("jaguars", "jaguar"), ("blonde", "blond"),
                                      ("bluetooth", "blutooth")])
def test_one_word_spelt_two_ways_still_merges(a: str, b: str) -> None:
    """British and American spellings fold together (lexicons/en/spelling_folds.txt); a
    misspelling is no word of the language, so it merges as before."""
    assert may_merge(a, b, "en")


def competitors() -> list[Listing]:
    titles = [
        ("Acme T-Shirt Cotton Crew Neck, Black", "Acme"),
        ("Acme Tshirt Cotton Slim Fit", "Acme"),
        ("Borla Mens T Shirt 100% Cotton Crew Neck", "Borla"),
        ("Organic Cotton T-Shirts Crew Neck White", "Cimo"),
        ("Cotton Tee Shirt Crew Neck Navy", ""),
        ("Plain T-Shirt Cotton Regular Fit", "Dunmore"),
    ]
    return [Listing(sku=str(i), title=t, brand=b) for i, (t, b) in enumerate(titles)]


def test_ranking_merges_variants_and_counts_competitors() -> None:
    ranking = extract(competitors(), lang="en", top=10)
    terms = {k.root: k for k in ranking.keywords}
    shirt = terms["t-shirt"]
    assert shirt.competitors == 5  # T-Shirt, Tshirt, T Shirt, T-Shirts ("Tee Shirt" is not)
    assert {"T-Shirt", "Tshirt", "T Shirt"} <= set(shirt.variants)
    assert shirt.placement == {"title": 5, "bullets": 0, "description": 0}
    assert ranking.keywords[0].root == "cotton"  # in every title
    assert ranking.keywords[0].share == 1.0
    scores = [k.score for k in ranking.keywords]
    assert scores == sorted(scores, reverse=True)


def test_competitor_brands_are_reported_apart_and_never_recommended() -> None:
    ranking = extract(competitors(), lang="en", top=20)
    assert "acme" in {k.root for k in ranking.brands}
    assert all(k.kind == "brand" for k in ranking.brands)
    assert not any("acme" in k.root or "borla" in k.root for k in ranking.keywords)


def test_leading_word_heuristic_finds_brands_without_a_brand_column() -> None:
    titles = ["Zorvex Steel Water Bottle", "Zorvex Kids Water Bottle 350ml",
              "Zorvex Water Bottle Black", "Insulated Water Bottle Steel",
              "Sports Water Bottle with Straw", "Water Bottle for Kids", "Glass Water Bottle",
              "Water Bottle with Handle", "Steel Water Bottle 1L", "Gym Water Bottle"]
    ranking = extract([Listing(sku=str(i), title=t) for i, t in enumerate(titles)], "en")
    assert [k.root for k in ranking.brands] == ["zorvex"]
    assert "water bottle" in {k.root for k in ranking.keywords}


def test_a_leading_word_most_titles_share_is_the_product_not_a_brand() -> None:
    titles = ["Gourde inox 500 ml", "Gourde isotherme", "Gourde enfant", "Bouteille inox"]
    ranking = extract([Listing(sku=str(i), title=t) for i, t in enumerate(titles)], "fr")
    assert not ranking.brands
    assert ranking.keywords[0].root == "gourde"


def test_generic_words_in_a_brand_field_are_not_brands() -> None:
    titles = [("Jigsaw Puzzle 1000 Pieces Castle", "Jigsaw Company"),
              ("Jigsaw Puzzle Mountains", "Ravensburger"),
              ("Jigsaw Puzzle Ocean 500 Pieces", "Trefl"),
              ("Wooden Jigsaw Puzzle", "Trefl")]
    ranking = extract([Listing(sku=str(i), title=t, brand=b)
                       for i, (t, b) in enumerate(titles)], "en")
    assert "jigsaw puzzle" in {k.root for k in ranking.keywords}


def test_measures_are_tagged_and_different_numbers_stay_apart() -> None:
    titles = ["Model Car, 1:24 Scale, Red", "Model Car, 1:24 Scale, Blue",
              "Model Car, 1:24 Scale", "Model Truck, 1:32 Scale"]
    ranking = extract([Listing(sku=str(i), title=t) for i, t in enumerate(titles)], "en")
    by_root = {k.root: k for k in ranking.keywords}
    assert by_root["1:24 scale"].competitors == 3  # not 4: "1:32 scale" never merges in
    assert by_root["1:24 scale"].kind == "measure"
    # "1:32 scale" adds no new word once "1:24 scale" is listed, and "scale" alone none either
    assert "1:32 scale" not in by_root and "scale" not in by_root


def test_a_unit_many_numbers_share_is_a_keyword_with_the_measures_as_variants() -> None:
    titles = ["Crayola Markers 12 Pack", "Markers, 24 Pack, Washable", "Gel Pens 6 Pack",
              "Colouring Pencils 10-Pack", "Marker Set Assorted", "Felt Tips 36 Pack"]
    ranking = extract([Listing(sku=str(i), title=t) for i, t in enumerate(titles)], "en")
    by_root = {k.root: k for k in ranking.keywords}
    pack = by_root["pack"]
    assert pack.competitors == 5 and pack.kind == "measure"
    assert {"12 Pack", "24 Pack", "10-Pack"} <= set(pack.variants)
    assert not any(r[:1].isdigit() for r in by_root)  # each numbered form is one seller's


def test_a_unit_half_its_users_write_with_one_number_is_shown_as_that_measure() -> None:
    titles = ["Steel Bottle 500 ml", "Glass Bottle 500ml", "Kids Bottle 350 ml",
              "Sports Bottle 750 ml", "Bottle with Straw"]
    ranking = extract([Listing(sku=str(i), title=t) for i, t in enumerate(titles)], "en")
    by_root = {k.root: k for k in ranking.keywords}
    assert by_root["500 ml"].competitors == 2 and "ml" not in by_root
    scores = [k.score for k in ranking.keywords]
    assert scores == sorted(scores, reverse=True)


def test_one_letter_units_ordinals_and_letters_are_no_keywords_alone() -> None:
    titles = ["Kinetic Sand 350g Blue", "Kinetic Sand 500g Pink", "Kinetic Sand 1000g",
              "Happy 40th Birthday Banner", "Happy 50th Birthday Banner", "Men's Sand Costume",
              "Men's Sand Timer", "Sand Art Size M", "Sand Tray Size M"]
    ranking = extract([Listing(sku=str(i), title=t) for i, t in enumerate(titles)], "en",
                      top=30)
    roots = {k.root for k in ranking.keywords}
    assert "kinetic sand" in roots or "sand" in roots
    assert not roots & {"g", "th", "s", "m"}
    assert {"birthday banner", "happy"} & roots


def test_placement_weights_title_over_bullets_over_description() -> None:
    listings = [Listing(sku="a", title="Alpha", bullets=["Beta"], description="Gamma"),
                Listing(sku="b", title="Alpha", bullets=["Beta"], description="Gamma")]
    ranking = extract(listings, "en")
    scores = {k.root: k.score / k.specificity for k in ranking.keywords}
    assert scores["alpha"] == 1.0
    assert abs(scores["beta"] - 2 / 3) < 1e-9 and abs(scores["gamma"] - 1 / 3) < 1e-9


def test_gap_reports_missing_keywords_and_where_present() -> None:
    ranking = extract(competitors(), lang="en", top=5)
    mine = Listing(sku="ME", title="My Tee", bullets=["Soft tshirt"],
                   search_terms="cotton crew neck")
    rows = gaps(analyzer("en"), ranking.keywords, [mine])["ME"]
    where = {r.keyword.root: r.found_in for r in rows}
    assert where["t-shirt"] == ["bullets"]
    assert where["cotton"] == ["search_terms"]
    assert where["crew neck"] == ["search_terms"]
    assert any(r.missing for r in rows)


def test_gap_a_measure_or_material_of_my_own_is_no_gap() -> None:
    """A 350 ml bamboo cup lacks nothing by not saying "500 ml" or "stainless steel" (the
    competitors' values of the same kinds); a listing with no measure or material lacks both."""
    nouns = ["Water Bottle", "Flask", "Tumbler", "Travel Mug", "Sports Bottle", "Thermos"]
    rivals = [Listing(sku=f"C{i}", title=f"Brand{i} {noun} in Stainless Steel, 500 ml, Black")
              for i, noun in enumerate(nouns)]
    ranking = extract(rivals, lang="en", top=10)
    kinds = {k.root: k.kind for k in ranking.keywords}
    assert kinds.get("500 ml") == "measure" and kinds.get("stainless steel") == "material"
    mine = [Listing(sku="CUP", title="Acme Bamboo Travel Cup 350 ml, Green"),
            Listing(sku="BARE", title="Acme Travel Cup")]
    rows = {sku: {r.keyword.root: r for r in found}
            for sku, found in gaps(analyzer("en"), ranking.keywords, mine).items()}
    cup, bare = rows["CUP"], rows["BARE"]
    assert (cup["500 ml"].yours, cup["500 ml"].missing) == ("350 ml", False)
    assert (cup["stainless steel"].yours, cup["stainless steel"].missing) == ("bamboo", False)
    assert bare["500 ml"].missing and bare["stainless steel"].missing
    assert cup["black"].yours == "green"


def test_text_memo_overflow_keeps_counts(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from listingkit.keywords import candidates

    listings = [Listing(sku=str(i), title=f"Steel Bottle {i}", bullets=["Leak proof"])
                for i in range(30)]
    small = candidates.TermReader(analyzer("en"), chunk=4)
    monkeypatch.setattr(candidates, "TEXT_MEMO", 5)
    occs = list(small.read(listings))
    assert len(occs) == 30 and all("leak proof" in o.masks for o in occs)
    assert small.surfaces[("leak proof", "Leak proof")] == 30
    assert small.surfaces[("steel bottle", "Steel Bottle")] == 30


def test_materials_are_tagged_so_optimize_never_adds_them() -> None:
    """optimize keeps materials and patterns out of titles (claims about the product); "latex",
    "alloy" and "print" were missing from the vocabularies, so "Latex" was added to 100 toy
    balloon titles, "Alloy" to 279 and "Printed" to 748 flipkart titles."""
    from listingkit.keywords.kinds import Tagger

    tagger = Tagger(analyzer("en"))
    assert [tagger.kind(k) for k in ("latex", "alloy", "silicone", "print")] == \
        ["material", "material", "material", "pattern"]


def test_the_words_of_the_sets_own_category_path_rank_higher() -> None:
    from listingkit.keywords import extract
    from listingkit.listing import Listing

    path = "Pretend Play > Shops & Accessories"
    titles = ["Casdon Self Service Supermarket", "Pintoy Two Piece Shop", "Wooden Cash Till",
              "Childrens Electronic Cash Register", "Ice Cream Shop Playset",
              "Kids Supermarket Trolley", "Toy Cash Register Till", "Wooden Supermarket Till",
              "Shopping Basket Toy Plastic", "Toy Till with Scanner"]
    shops = [Listing(sku=f"s{i}", title=t, attributes={"category_path": path})
             for i, t in enumerate(titles)]
    plain = [Listing(sku=f"s{i}", title=t) for i, t in enumerate(titles)]
    def place(ranking: object) -> int:
        terms = [k.term for k in ranking.keywords]  # type: ignore[attr-defined]
        return terms.index("shop") if "shop" in terms else len(terms)
    assert place(extract(shops, "en", top=20)) < place(extract(plain, "en", top=20))
    assert place(extract(shops, "en", top=5)) < 5


def test_wording_a_marketplace_prohibits_in_titles_is_set_apart() -> None:
    from listingkit.keywords.prohibited import prohibited_lexicons, prohibited_test
    from listingkit.marketplace import Registry

    lexicons = prohibited_lexicons(Registry().get("amazon-us"))
    assert "subjective" in lexicons and "placeholder" not in lexicons  # (whole fields only)
    titles = ["Premium Quality Steel Water Bottle 500 ml", "Steel Water Bottle Premium Quality",
              "Ben 10 Ultimate Alien Figure, New", "Ben 10 Ultimate Alien Watch, New",
              "Ultimate Alien Steel Water Bottle", "Alien Figure Water Bottle Steel"]
    listings = [Listing(sku=str(i), title=t) for i, t in enumerate(titles)]
    plain = extract(listings, lang="en", top=30)
    ranking = extract(listings, lang="en", top=30,
                      prohibited=prohibited_test(lexicons, "en"))
    before = {k.lemma for k in plain.keywords}
    after = {k.lemma for k in ranking.keywords}
    apart = {k.lemma for k in ranking.prohibited}
    assert {"premium quality", "ben 10 ultimate alien"} <= before  # (what the test is about)
    assert "premium quality" in apart and apart & {"ultimate", "ben 10 ultimate alien"}
    assert not after & {"premium quality", "premium", "quality", "ben 10 ultimate alien"}
    # the other words of a name holding such a word stay; so does wording only other fields
    # prohibit ("new" in Amazon's search terms)
    assert {"alien", "new", "water bottle"} <= after
    # listed once: not also each phrase that merely holds a listed one
    two = extract([Listing(sku=str(i), title=t) for i, t in enumerate(
        ["Perfect Birthday Gift Puppet", "Perfect Birthday Gift Puppet Dog", "Perfect Puppet"])],
        lang="en", top=30, prohibited=prohibited_test(lexicons, "en"))
    assert [k.lemma for k in two.prohibited] == ["perfect"]


def test_a_phrase_that_holds_nearly_every_use_of_its_rarer_word_is_kept() -> None:
    """"action figure" holds every use of "action" but under half of those of "figure": it
    is one term, not a chance neighbour, and is shown rather than "action" alone (which
    `optimize` then wrote as "Figure, Action")."""
    titles = [f"{name} Action Figure, {size} inch" for name, size in (
        ("Batman", 6), ("Joker", 7), ("Robin", 12), ("Bane", 4), ("Superman", 9))]
    titles += [f"{name} Figure" for name in ("Yoda", "Vader", "Leia", "Luke", "Han",
                                             "Chewie", "Lando")]
    ranked = extract([Listing(sku=str(i), title=t) for i, t in enumerate(titles)], "en",
                     top=10)
    terms = [k.term.lower() for k in ranked.keywords]
    assert "action figure" in terms and "action" not in terms


@pytest.mark.parametrize(("a", "b"), [
    ("princess art", "princess party"), ("abstract double blanket green",
                                         "abstract double blanket red"),
    ("crow hand puppet", "cow hand puppet"), ("father christmas advent", "farm christmas advent"),
    ("30 pa++", "30 pa+"), ("costume woman", "costume man")])
def test_phrases_that_differ_in_a_word_never_merge(a: str, b: str) -> None:
    """On the shared files, whole roots 90 % alike merged phrases whose words differ:
    "Princess Art" into "Princess Party", a green blanket into a red one."""
    ra, rb = root_key(a), root_key(b)
    assert may_merge(ra, rb, "en")  # the roots alone pass: the words are what tell
    assert not may_merge(ra, rb, "en", (a, b))
    assert fuzzy_roots([ra, rb], {ra: 2, rb: 5}, "en", spaced={ra: a, rb: b}) == {}


@pytest.mark.parametrize(("a", "b"), [
    ("1/24 scale diecast", "1:24 scale diecast"), ("centre family", "center family"),
    ("water bottel", "water bottle"), ("swim way springfloat", "swimways spring float"),
    ("bobble-head figure", "bobble head figures")])
def test_phrases_spelt_two_ways_still_merge(a: str, b: str) -> None:
    """A number written two ways, a spelling fold, a misspelling, or words spaced otherwise
    (no word in common at the same place) is one term."""
    ra, rb = root_key(a), root_key(b)
    assert may_merge(ra, rb, "en", (a, b))
    assert fuzzy_roots([ra, rb], {ra: 2, rb: 5}, "en", spaced={ra: a, rb: b}) == {ra: rb}


def test_two_phrases_of_different_words_stay_two_keywords() -> None:
    titles = ["Princess Art Set", "Princess Art Case", "Princess Art Pad", "Princess Party Hat",
              "Princess Party Plates", "Princess Party Cups", "Princess Party Bags",
              "Princess Party Banner"]
    ranking = extract([Listing(sku=str(i), title=t) for i, t in enumerate(titles)], "en",
                      top=10)
    found = {k.root: k for k in ranking.keywords}
    assert "princess party" in found and found["princess party"].competitors == 5
    assert "Princess Art" not in found["princess party"].variants


def test_the_gap_does_not_take_a_phrase_of_other_words_for_the_keyword() -> None:
    titles = [f"Princess Party {x}" for x in ("Hat", "Plates", "Cups", "Bags", "Banner")]
    ranking = extract([Listing(sku=str(i), title=t) for i, t in enumerate(titles)], "en",
                      top=5)
    party = [k for k in ranking.keywords if k.root == "princess party"]
    assert party
    rows = gaps(analyzer("en"), party, [
        Listing(sku="ART", title="Princess Art Set with Stickers"),
        Listing(sku="TYPO", title="Princess Partty Plates 10 Pack")])
    assert rows["ART"][0].missing  # "princess art" is not "princess party"
    assert rows["TYPO"][0].found_in == ["title"]  # a misspelling still counts
