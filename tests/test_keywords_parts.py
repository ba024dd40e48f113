"""Brand parts (listingkit.keywords.parts): the words one competitor set writes nearly only
inside brand names, and the names they are read from."""

from __future__ import annotations

from listingkit.keywords import BrandBook, extract
from listingkit.keywords.candidates import UNIT_JOIN
from listingkit.keywords.kinds import Tagger
from listingkit.keywords.ranking import Keyword
from listingkit.listing import Listing
from listingkit.nlp import analyzer

FILLER = ["Stainless Steel Water Bottle", "Insulated Water Bottle Black",
          "Kids Water Bottle with Straw", "Glass Water Bottle 1L", "Sports Water Bottle",
          "Leak Proof Water Bottle", "Gym Water Bottle 750ml", "Travel Water Bottle"]


def listings(titles: list[str], brand: str = "") -> list[Listing]:
    return [Listing(sku=f"{i}", title=t, brand=brand) for i, t in enumerate(titles)]


def parts(titles: list[str], *names: str) -> set[str]:
    nlp = analyzer("en")
    tagger = Tagger(nlp, names)
    tagger.learn_brand_parts([nlp.words(t) for t in titles])
    return tagger.part_words


def roots(ranking: object) -> set[str]:
    return {k.root for k in ranking.keywords}


def test_a_name_is_found_however_its_words_are_spaced() -> None:
    kits = ["Hobby Boss 85501 Tank Model Kit", "Hobby Boss 1:35 Panzer Model Kit",
            "Tamiya 1:35 Tank Model Kit"]
    # the brand field writes "Hobbyboss", the titles "Hobby Boss"
    assert parts(kits, "Hobbyboss") == {"hobby", "boss"}
    assert parts(kits, "Marvel") == set()
    squad = ["Marvel Super Hero Squad Hulk", "Marvel Super Hero Squad Thor", "Hulk Figure"]
    assert {"super", "hero", "squad"} <= parts(squad, "Marvel Superhero Squad")


def test_a_leading_brand_and_a_trade_name_word_after_it_are_one_name() -> None:
    brooches = ["Anuradha Art Silver Polished Brooch", "Anuradha Art Designer Brooch",
                "Anuradha Art Antique Golden Brooch", "Sukkhi Silver Brooch"]
    assert "art" in parts(brooches, "Anuradha")
    # up to two words after the brand: "Lal Pet Products", but not "pet", which the titles
    # also write outside the name
    beds = ["Lal Pet Products Lal1354 M Pet Bed", "Lal Pet Products Lal1484 S Pet Bed",
            "Soft Pet Bed Large"]
    found = parts(beds, "Lal")
    assert "product" in found and "pet" not in found
    # a word that ends no trade name is the product, however one brand leads the set
    clocks = ["Regent Analog Wall Clock 28 cm", "Regent Analog Wall Clock 31 cm",
              "Regent Analog Wall Clock Black"]
    assert parts(clocks, "Regent") == set()
    # other sellers write the word too: the market's word, not the name's
    art = brooches[:2] + ["Wall Art Canvas Print", "Abstract Wall Art Poster",
                          "Modern Wall Art Set"]
    assert "art" not in parts(art, "Anuradha")
    # a title that does not begin with the brand is no evidence
    assert "art" not in parts(["Silver Brooch by Anuradha Art", "Brooch Anuradha Art Gold"],
                              "Anuradha")


def test_a_word_the_taxonomy_names_can_stand_for_a_brand_in_a_set() -> None:
    # "Games" is a word of the marketplace's categories ("Toys & Games"), but here every
    # title writes it inside a maker's name
    jigsaws = [Listing(sku=str(i), title=t, brand=b, attributes={
        "category": "Toys & Games > Jigsaws & Puzzles > Jigsaws"}) for i, (t, b) in enumerate([
            ("Cheatwell Games 3D Magna Dolphin Puzzle", "Cheatwell Games"),
            ("Cheatwell Games 3D Magna Puzzle Tiger", "Cheatwell Games"),
            ("Jumbo Games Christmas Jigsaw Puzzle 1000 Pieces", "Jumbo Games"),
            ("Falcon Games Spring Garden Jigsaw Puzzle", "Falcon Games"),
            ("Ravensburger Jigsaw Puzzle 500 Pieces Landscape", "Ravensburger"),
            ("Jigsaw Puzzle 1000 Pieces Landscape", ""),
            ("Wooden Jigsaw Puzzle for Adults", "")])]
    book = BrandBook.learn(jigsaws + listings(FILLER), "en")
    assert "game" in book.taxonomy
    ranked = extract(jigsaws, "en", top=10, brands=book)
    assert not any(w.startswith("game") for r in roots(ranked) for w in r.split(" "))
    assert "jigsaw puzzle" in roots(ranked)


def test_a_leading_name_may_begin_with_a_stop_word() -> None:
    flats = ["My Foot Women Flats", "My Foot Women Bellies", "My Foot Women Flats Black",
             "My Foot Women Flats Red", "Comfort Women Flats", "Women Flats Casual"]
    book = BrandBook.learn(listings(flats + FILLER * 2), "en")
    assert book.names.get("my foot") == "leading phrase"
    ranked = extract(listings(flats), "en", top=10, brands=book)
    assert not any("foot" in r for r in roots(ranked))
    assert "women flats" in roots(ranked)
    # a stop word and a word other titles write after it too is no name
    gifts = ["For Kids Water Bottle", "For Kids Lunch Box", "Bottle for Kids Blue",
             "Lunch Box for Kids Red", "Toys for Kids Set"]
    assert "for kid" not in BrandBook.learn(listings(gifts + FILLER), "en")


def test_a_number_with_a_brand_as_its_unit_is_a_brand() -> None:
    nlp = analyzer("en")
    tagger = Tagger(nlp, ["Ultra Pro"])
    tagger.learn_brand_parts([nlp.words(t) for t in (
        "Trading Card Sleeves - 60 Ultra Pro Small", "Trading Card Sleeves - 60 Ultra Pro Blue",
        "Card Sleeves 100 Pack Clear")])
    assert "ultra" in tagger.part_words
    assert tagger.is_brand(f"60{UNIT_JOIN}ultra")
    assert not tagger.is_brand(f"100{UNIT_JOIN}pack")


def test_a_word_the_rows_own_brand_field_names_is_a_brand_use() -> None:
    # "Frozen" is written inside the name "Disney Frozen" (a brand field) in 3 of 5 titles,
    # under the bar; the other two begin with it, and their own brand field says "Disney
    # Frozen": every use of it names the brand
    nlp = analyzer("en")

    def learnt(rows: list[tuple[str, str]], with_fields: bool = True) -> set[str]:
        found = [Listing(sku=str(i), title=t, brand=b) for i, (t, b) in enumerate(rows)]
        titles = [nlp.words(t) for t, _ in rows]
        tagger = Tagger(nlp)
        tagger.learn_brands(found, titles)
        tagger.learn_brand_parts(titles, found if with_fields else ())
        return tagger.part_words

    toys = [("Disney Frozen Sticker Pad", "Disney Frozen"), ("Disney Frozen Art Case", "Disney"),
            ("Disney Frozen Felt Tip Pens", "Disney"), ("Frozen Olaf Puzzle", "Disney Frozen"),
            ("Frozen Domino Brainteasers", "Disney Frozen"), ("Felt Tip Pens Set", ""),
            ("Art Case for Kids", "Crayola")]
    frozen = nlp.words("Frozen")[0].key  # (the lookup lemmatizer's "freeze")
    assert frozen in learnt(toys)
    assert frozen not in learnt(toys, with_fields=False)  # (3 of 5: under the bar)
    # only the words that begin the title are the brand it gives: where the brand field's
    # word ends the title, it is the product ("Pin It On" sells badge button pins; the
    # category path names pins as a product type, so "pin" is no brand of its own)
    pins = [Listing(sku=str(i), title=t, brand=b, attributes={
        "category": "Novelty > Accessories > Badges & Pins"}) for i, (t, b) in enumerate([
            ("Mod Retro Badge Button Pin", "Pin It On"), ("Punk Rock Badge Button Pin", "Pin It On"),
            ("I Love Maths Badge Pin", "Pin It On"), ("Sixties Mod Badge Button Pin", "Pin It On"),
            ("Police Badge Replica", "Olde Yard")])]
    book = BrandBook.learn(pins + listings(FILLER), "en")
    assert "pin" in book.taxonomy and "pin" not in book.names
    assert any("pin" in r.split(" ") for r in roots(extract(pins, "en", top=10, brands=book)))


def test_a_word_counts_only_the_titles_that_write_it_outside_brand_names() -> None:
    # "princess": 5 competitors, 3 of them inside "Disney Princess" (60 %, under the bar of
    # a brand part); "castle": 3 competitors, all of them the word itself
    titles = ["Disney Princess Colouring Case", "Disney Princess Sticker Book",
              "Disney Princess Wall Banner", "Fairy Princess Dress Up Wings",
              "Princess Paddling Pool", "Wooden Castle Playset", "Knight Castle Playset",
              "Toy Castle with Drawbridge"]
    nlp = analyzer("en")
    tagger = Tagger(nlp, ["Disney Princess"])
    tagger.learn_brand_parts([nlp.words(t) for t in titles])
    assert "princess" not in tagger.part_words
    assert tagger.inside_share["princess"] == 0.6
    assert "castle" not in tagger.inside_share and "playset" not in tagger.inside_share

    def ranked(brand: str) -> dict[str, Keyword]:
        found = [Listing(sku=str(i), title=t, brand=brand if "Disney" in t else "")
                 for i, t in enumerate(titles)]
        return {k.root: k for k in extract(found, "en", top=20).keywords}

    with_name, without = ranked("Disney Princess"), ranked("")
    # the brand named, princess scores as its 2 outside titles would: below castle's 3
    princess, castle = with_name["princess"], with_name["castle"]
    assert princess.score < castle.score
    assert princess.to_dict()["in_brand_names"] == 0.6
    assert princess.competitors == 5  # (still shown whole)
    assert castle.to_dict()["in_brand_names"] == 0.0
    # no brand named: every use is the word's, and princess (5) outranks castle (3)
    assert without["princess"].score > without["castle"].score


def test_a_word_most_titles_write_on_its_own_keeps_every_use() -> None:
    # "kitchen": 1 of its 4 titles inside a name (a guessed one may be wrong): not discounted;
    # where 3 of 4 write it inside, it is
    def learnt(titles: list[str]) -> tuple[dict[str, float], Keyword]:
        nlp = analyzer("en")
        tagger = Tagger(nlp, ["Frost Kitchen"])
        tagger.learn_brand_parts([nlp.words(t) for t in titles])
        ranking = extract([Listing(sku=str(i), title=t) for i, t in enumerate(titles)], "en",
                          top=10, known_brands=["Frost Kitchen"])
        return tagger.inside_share, {k.root: k for k in ranking.keywords}["kitchen"]

    shares, kitchen = learnt(["Frost Kitchen Flask 500ml", "Steel Kitchen Scale",
                              "Large Kitchen Bin", "Blue Kitchen Towel", "Steel Flask"])
    assert "kitchen" not in shares
    assert kitchen.in_brand_names == 0.0 and kitchen.competitors == 4
    shares, kitchen = learnt(["Frost Kitchen Flask 500ml", "Frost Kitchen Scale",
                              "Frost Kitchen Bin", "Blue Kitchen Towel", "Steel Flask"])
    assert shares["kitchen"] == 0.75 and kitchen.in_brand_names == 0.75
