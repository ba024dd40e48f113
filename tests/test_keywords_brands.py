"""Brand evidence from a whole input (listingkit.keywords.brands) and its use in ranking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from listingkit.commands import cli
from listingkit.keywords import BrandBook, extract
from listingkit.listing import Listing

FILLER = ["Stainless Steel Water Bottle", "Insulated Water Bottle Black",
          "Kids Water Bottle with Straw", "Glass Water Bottle 1L", "Sports Water Bottle",
          "Leak Proof Water Bottle", "Gym Water Bottle 750ml", "Travel Water Bottle"]


def listings(titles: list[str], brand: str = "", **attributes: str) -> list[Listing]:
    return [Listing(sku=f"{i}", title=t, brand=brand, attributes=dict(attributes))
            for i, t in enumerate(titles)]


def roots(ranking: object) -> set[str]:
    return {k.root for k in ranking.keywords}  # type: ignore[attr-defined]


def test_a_brand_that_begins_most_titles_of_its_set_is_found_across_the_input() -> None:
    # in its own set "snjmart" begins 3 of 5 titles: one set alone reads it as the product
    mine = listings(["snjmart Wired Earphones Black", "snjmart Wired Earphones White",
                     "snjmart Stereo Earphones", "Wired Earphones with Mic",
                     "Stereo Wired Earphones Blue"])
    alone = extract(mine, "en", top=10)
    assert "snjmart" in roots(alone)
    book = BrandBook.learn(mine + listings(FILLER * 2), "en")
    assert book.names["snjmart"] == "leading phrase"
    ranked = extract(mine, "en", top=10, brands=book)
    assert not any("snjmart" in r for r in roots(ranked))
    assert "snjmart" in {k.root for k in ranked.brands}
    assert "wired earphones" in roots(ranked) or "earphones" in roots(ranked)


def test_a_common_word_in_capitals_leading_mixed_case_titles_is_a_name() -> None:
    titles = ["FRICTION Men's Vest", "FRICTION Men's Cotton Vest", "FRICTION Vest White",
              "FRICTION Vest Grey", "Toy Car with Friction Motor"] + FILLER * 2
    book = BrandBook.learn(listings(titles), "en")
    assert "friction" in book
    # the same word in Title Case, used elsewhere too, is an ordinary word of the language
    plain = BrandBook.learn(listings(["Friction Men's Vest", "Friction Cotton Vest",
                                      "Friction Vest White", "Toy Car with Friction Motor"]
                                     + FILLER), "en")
    assert "friction" not in plain
    # nor in a title written all in capitals
    shouting = BrandBook.learn(listings(["FRICTION CAR RED", "FRICTION CAR BLUE",
                                         "FRICTION CAR GREEN"] + FILLER), "en")
    assert "friction" not in shouting


def test_a_two_word_leading_name_is_a_brand_phrase_not_two_brand_words() -> None:
    titles = ["Miss Clyra Women's Brief", "Miss Clyra Cotton Brief", "Cotton Brief Black",
              "Women's Brief Pack of 3", "Lace Brief for Women", "Brief Miss Sizing Chart"]
    book = BrandBook.learn(listings(titles + FILLER), "en")
    assert book.names.get("miss clyra") == "leading phrase"
    ranked = extract(listings(titles), "en", top=10, brands=book)
    assert any("clyra" in k.root for k in ranked.brands)
    assert not any("clyra" in r for r in roots(ranked))
    assert "miss" not in book


def test_brand_fields_of_other_sets_name_brands_in_this_one() -> None:
    maker = listings(["Revell Model Kit Spitfire 1:72", "Revell Model Kit Tiger Tank"],
                     brand="Revell")
    resold = listings(["Model Kit Revell Spitfire", "Plastic Model Kit Revell Lancaster",
                       "Model Kit Airfix Hurricane", "Model Kit Paint Set"])
    assert any("revell" in r for r in roots(extract(resold, "en", top=10)))
    book = BrandBook.learn(maker + resold, "en")
    ranked = extract(resold, "en", top=10, brands=book)
    assert not any("revell" in r for r in roots(ranked))
    assert "model kit" in roots(ranked)


def test_a_one_word_brand_field_most_sellers_use_as_a_word_is_not_a_brand() -> None:
    spooky = [f"Halloween Costume {c}" for c in ("Witch", "Ghost", "Vampire", "Zombie",
                                                  "Pumpkin", "Skeleton", "Bat", "Devil")]
    # "Halloween" is the manufacturer of one listing of nine that write the word
    made = listings(["Halloween Mask Scary"], brand="Halloween") + listings(spooky)
    assert "halloween" not in BrandBook.learn(made, "en")
    # a licensed brand keeps a fair share of its titles: 3 of 9
    licensed = (listings(["Disney Frozen Doll", "Disney Cars Toy", "Disney Puzzle"],
                         brand="Disney")
                + listings([f"Disney {t}" for t in ("Mug", "Lamp", "Sticker", "Bag",
                                                    "Cushion", "Watch")]))
    assert "disney" in BrandBook.learn(licensed, "en")


def test_a_brand_field_of_common_words_is_judged_as_a_whole_phrase() -> None:
    jigsaw = (listings(["Jigsaw Puzzle Castle 1000"], brand="Jigsaw Puzzle")
              + listings([f"Jigsaw Puzzle {t}" for t in ("Ocean", "Cats", "Map", "Trains",
                                                         "Flowers", "London")]))
    assert "jigsaw puzzle" not in BrandBook.learn(jigsaw, "en")
    games = (listings(["John Adams Dominoes Set", "John Adams Family Quiz"],
                      brand="John Adams")
             + listings(["Wooden Dominoes Double Six", "Dominoes in Tin",
                         "John Adams Cards", "John Adams Quiz Cards", "John Adams Dice"]))
    book = BrandBook.learn(games, "en")
    assert book.names.get("john adams") == "brand phrase"
    ranked = extract(games, "en", top=10, brands=book)
    assert not any("john adams" in r for r in roots(ranked))
    assert "john adams" in {k.root for k in ranked.brands}


def test_category_nodes_under_a_brands_node_are_brands() -> None:
    toys = listings(["Zapfo Robot Figure", "Robot Figure Zapfo Edition"],
                    category_path="Characters & Brands > Zapfo > Toys")
    games = listings(["Chess Set Wooden"], category_path="Games > Chess")
    book = BrandBook.learn(toys + games, "en")
    assert book.names.get("zapfo") == "taxonomy"
    assert "chess" not in book and "toys" not in book


def test_a_node_that_repeats_its_parent_after_a_name_files_that_brand() -> None:
    # Flipkart's paths: "Shorts > Alisha Shorts > <the product>"; the title begins with it
    store = [Listing(sku=f"a{i}", title=t, attributes={"category_tree": f"Clothing > Women's "
                     f"Clothing > Shorts > Alisha Shorts > {t}"})
             for i, t in enumerate(["Alisha Solid Women's Cycling Shorts",
                                    "Alisha Printed Women's Shorts"])]
    others = [Listing(sku=f"o{i}", title=t, attributes={"category_tree": path})
              for i, (t, path) in enumerate([
                  ("Solid Women's Shorts Blue", "Clothing > Women's Clothing > Shorts"),
                  # a subtype, not a store: the title does not begin with "Card"
                  ("Uno Family Card Game", "Toys > Games > Card Games"),
                  # the path ends with the product itself: no evidence of a store
                  ("Olvin Aviator Sunglasses", "Sunglasses > Olvin Aviator Sunglasses")])]
    book = BrandBook.learn(store + others, "en")
    assert book.names.get("alisha") == "brand field"
    assert "women's" not in book and "woman" not in book  # "Women's Clothing" is higher up
    assert "card" not in book and not any("aviator" in n for n in book.names)
    ranked = extract(store + others[:1], "en", top=10, brands=book)
    assert not any("alisha" in r for r in roots(ranked))
    assert "short" in roots(ranked) or "shorts" in roots(ranked)


def test_a_product_word_of_the_taxonomy_inside_a_brand_name_stays_a_keyword() -> None:
    # "Royal Kurta" is a seller; "kurta" (rare in general English) is what everyone sells
    path = "Clothing > Men's Clothing > Ethnic Wear > Kurta Sets"
    royal = [Listing(sku="r", title="Royal Kurta Men's Cotton Set", attributes={
        "category_tree": "Clothing > Men's Clothing > Ethnic Wear > Sets > Royal Kurta Sets"})]
    market = [Listing(sku=f"m{i}", title=t, attributes={"category_tree": path})
              for i, t in enumerate(["Men's Cotton Kurta White", "Printed Kurta for Men",
                                     "Silk Kurta Men's Festive", "Men's Long Kurta Blue"])]
    book = BrandBook.learn(royal + market, "en")
    assert "royal kurta" in book
    assert "kurta" in book.generic["royal kurta"]
    ranked = extract(market, "en", top=10, brands=book)
    assert "kurta" in roots(ranked)


def test_the_taxonomy_judges_brand_fields_made_of_common_words() -> None:
    # a franchise written mostly by licensees: its owner writes 1 title of 6 using it
    kitty = (listings(["Hello Kitty Plush Bear"], brand="Hello Kitty",
                      category_path="Soft Toys > Teddy Bears")
             + [Listing(sku=f"k{i}", title=t, brand=b,
                        attributes={"category_path": "Soft Toys > Teddy Bears"})
                for i, (t, b) in enumerate([("Ty Hello Kitty Bear", "Ty"),
                                            ("Hello Kitty Bear Pink", "Sanrio Co"),
                                            ("Soft Bear Hello Kitty", "Bearco"),
                                            ("Hello Kitty Teddy Bear", "Softies"),
                                            ("Hello Kitty Bear Small", "Plushy")])])
    chess = listings(["Chess Set Wooden", "Magnetic Chess Set"], brand="Chess",
                     category_path="Games > Chess") + listings(
        ["Travel Chess Set"], brand="Jaques", category_path="Games > Chess")
    book = BrandBook.learn(kitty + chess, "en")
    assert "hello kitty" in book  # its words are no product type of the marketplace
    assert "chess" not in book  # the taxonomy names it as a product type
    ranked = extract(kitty, "en", top=10, brands=book)
    assert not any("kitty" in r for r in roots(ranked))
    assert "bear" in roots(ranked) or "teddy bear" in roots(ranked)
    # without category paths the same field is judged by its owner's share: no evidence
    plain = BrandBook.learn([Listing(sku=x.sku, title=x.title, brand=x.brand) for x in kitty],
                            "en")
    assert "hello kitty" not in plain


def test_a_brand_name_is_found_however_it_is_hyphenated_or_spaced() -> None:
    made = listings(["Scooby Doo Mystery Van", "Scooby Doo Figure Set"], brand="Scooby Doo",
                    category_path="Figures & Playsets > Pirates")
    pirates = listings(["Scooby-Doo Pirate Crew Ship", "Scooby-Doo Pirate Crew Figures",
                        "Pirate Ship Playset", "Pirate Crew Figures Set", "Pirate Ship Wooden"],
                       category_path="Figures & Playsets > Pirates")
    book = BrandBook.learn(made + pirates, "en")
    ranked = extract(pirates, "en", top=10, brands=book)
    assert not any("scooby" in r for r in roots(ranked))
    assert "pirate ship" in roots(ranked) or "pirate" in roots(ranked)


def test_words_a_brand_owns_are_brand_words_even_when_the_titles_split_the_name() -> None:
    made = listings(["Melissa & Doug Wooden Puzzle", "Melissa & Doug Stacking Toy",
                     "Melissa & Doug Pencils"], brand="Melissa & Doug")
    others = listings(["Wooden Puzzle Farm", "Stacking Toy Rings", "Wooden Stacking Toy"])
    book = BrandBook.learn(made + others, "en")
    ranked = extract(made + others, "en", top=10, brands=book)
    assert not any("melissa" in r or "doug" in r for r in roots(ranked))
    assert "wooden" in roots(ranked) or "wooden puzzle" in roots(ranked)


def test_a_leading_phrase_of_common_words_that_owns_its_last_word_is_a_name() -> None:
    titles = ["Gift Island Ceramic Mug", "Gift Island Coffee Mug Red", "Gift Island Mug Set",
              "Ceramic Coffee Mug", "Gift Mug for Her", "Perfect Gift Coffee Mug"]
    book = BrandBook.learn(listings(titles + FILLER * 3), "en")
    assert book.names.get("gift island") == "leading phrase"
    assert "gift" not in book  # other sellers write "gift" too
    # a leading phrase whose last word the market uses everywhere is no name
    cups = ["Coffee Mug Blue", "Coffee Mug Red", "Ceramic Mug", "Travel Mug Steel", "Big Mug"]
    assert "coffee mug" not in BrandBook.learn(listings(cups + FILLER * 3), "en")


COMPETITORS = """sku,title,brand,category
A1,"Revell Model Kit Spitfire",Revell,planes
A2,"Revell Model Kit Lancaster",Revell,planes
A3,"Airfix Model Kit Hurricane",Airfix,planes
B1,"Model Kit Revell Tiger Tank",,tanks
B2,"Plastic Model Kit Revell Panther Tank",,tanks
B3,"Tank Model Kit Sherman",,tanks
B4,"Model Kit Tank Paint Set",,tanks
"""


def test_cli_group_by_uses_brand_evidence_from_every_group(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "market.csv").write_text(COMPETITORS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["keywords", "market.csv", "--group-by", "category",
                                      "--lang", "en", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["tanks"]
    recommended = {r["term"].lower() for r in rows if r["recommended"]}
    assert "model kit" in recommended
    assert not any("revell" in t for t in recommended)
    assert "revell" in {r["term"].lower() for r in rows if not r["recommended"]}
    # without --group-by, the tank listings alone give no reason to call Revell a brand
    (tmp_path / "tanks.csv").write_text("\n".join(
        [COMPETITORS.splitlines()[0]] + [x for x in COMPETITORS.splitlines() if "tanks" in x]),
        encoding="utf-8")
    alone = CliRunner().invoke(cli, ["keywords", "tanks.csv", "--lang", "en", "--format",
                                     "json"], catch_exceptions=False)
    assert any("revell" in r["term"].lower() for r in json.loads(alone.stdout)
               if r["recommended"])


def test_a_seller_dominating_a_set_is_a_brand_but_a_dominant_word_is_not() -> None:
    """A leading word that begins more than LEAD_MAX_SHARE of a set's titles is usually the
    product ("Ring"), unless no dictionary knows it: then one seller dominates the set."""
    rings = [f"Zorbalux {style} Gold Diamond 18 K Ring" for style in
             ("Triniya", "Om", "Dulce", "Robini", "Primavera", "Gracilus")]
    others = [f"{brand} Sterling Silver Ring" for brand in ("Radiant", "Bluestone", "Rakam")]
    plain = [f"Ring Gold Plated {n}" for n in ("Classic", "Band", "Solitaire", "Halo")]
    ranked = extract(listings(rings + others + plain), "en", top=10)
    assert "zorbalux" in {k.root for k in ranked.brands}
    assert not any("zorbalux" in r for r in roots(ranked))
    assert not any(k.root == "ring" for k in ranked.brands)  # "Ring" begins 4 of 13: a word


def test_a_common_word_that_only_ever_begins_titles_is_a_name() -> None:
    # "Raymond" and "NE" begin dozens of flipkart titles and appear nowhere else
    titles = ["Raymond Abstract Double Blanket Orange", "Raymond Abstract Double Blanket Pink",
              "Raymond Floral Single Blanket", "Home Originals Abstract Double Blanket"]
    book = BrandBook.learn(listings(titles + FILLER * 2), "en")
    assert "raymond" in book
    # twice is not enough evidence for a word of the language
    twice = BrandBook.learn(listings(titles[:2] + titles[3:] + FILLER * 2), "en")
    assert "raymond" not in twice
    ranked = extract(listings(titles), "en", top=10, brands=book)
    assert not any("raymond" in r for r in roots(ranked))
    # a two-word name of common words, too ("Foot Candy" begins 8 flipkart titles)
    shoes = ["Foot Candy Women Flats", "Foot Candy Women Heels", "Foot Candy Women Wedges",
             "Soft Women Flats for Foot Comfort", "Women Heels with Strap"]
    assert "foot candy" in BrandBook.learn(listings(shoes + FILLER * 2), "en")


def test_a_brand_always_followed_by_a_rare_word_names_the_pair() -> None:
    titles = ["Sobre Estilo Full Sleeve Solid Men's Sweatshirt",
              "Sobre Estilo Printed Men's Sweatshirt", "Sobre Estilo Solid Men's Sweatshirt",
              "Solid Full Sleeve Men's Sweatshirt"]
    book = BrandBook.learn(listings(titles + FILLER * 2), "en")
    assert "sobre" in book and "sobre estilo" in book
    # a common second word is the product, not the name: "Zorvex Steel" is "zorvex"
    steel = BrandBook.learn(listings(["Zorvex Steel Bottle", "Zorvex Steel Flask",
                                      "Zorvex Steel Mug"] + FILLER * 2), "en")
    assert "zorvex" in steel and "zorvex steel" not in steel


def test_a_one_letter_prefix_joined_by_a_hyphen_is_part_of_the_name() -> None:
    titles = ["i-KitPit Pouch for Lenovo A369i", "i-KitPit Pouch for Nokia X",
              "i-KitPit Flip Cover for Moto G", "Leather Pouch for Lenovo K3"]
    book = BrandBook.learn(listings(titles + FILLER * 2), "en")
    assert "kitpit" in book
    ranked = extract(listings(titles), "en", top=10, brands=book)
    assert not any("kitpit" in r for r in roots(ranked))
    assert any("kitpit" in k.root for k in ranked.brands)


def test_a_brand_field_with_accents_matches_titles_written_without() -> None:
    cards = listings(["Pokemon Trading Cards Booster Pack", "Pokemon Plush Pikachu 20 cm",
                      "Pokemon Trading Card Tin"], brand="Pokémon") + \
        listings(["Trading Card Sleeves Pack of 60", "Card Sleeves Clear"], brand="Ultra Pro")
    ranked = extract(cards, "en", top=10)
    assert not any("pokemon" in r for r in roots(ranked))
    assert any("pok" in k.root for k in ranked.brands)


def test_a_brand_name_with_a_stop_word_is_found_in_a_phrase() -> None:
    cards = listings(["Magic the Gathering Booster Pack", "Magic the Gathering Deck Box",
                      "Magic the Gathering Card Sleeves"], brand="Magic the Gathering") + \
        listings(["Trading Card Sleeves Pack of 60", "Card Sleeves Clear",
                  "Deck Box for Trading Cards"], brand="Ultra Pro")
    ranked = extract(cards, "en", top=10)
    assert not any("gathering" in r or r == "magic" for r in roots(ranked))
    assert [k.root for k in ranked.brands] == ["magic the gathering"]  # whole, not its parts


def test_a_rare_word_of_a_brand_name_its_owner_never_writes_stays_a_keyword() -> None:
    # "POP! Bobble" titles say "Funko Pop"; other sellers write "Bobble Head" (rare in English)
    pop = listings(["Funko Pop Marvel Black Widow", "Funko Pop Guardians Nebula"],
                   brand="POP! Bobble")
    heads = [Listing(sku=f"h{i}", title=t, brand=b) for i, (t, b) in enumerate([
        ("Elvis Bobble Head Figure", "Elvis Presley"), ("Breaking Bad Bobble Head", "Merch"),
        ("Meerkat Bobble Head", "50Fifty"), ("Star Wars Leia Bobble Head", "Gear 4 Games")])]
    book = BrandBook.learn(pop + heads, "en")
    assert "bobble" in book.generic["pop bobble"]
    ranked = extract(heads, "en", top=10, brands=book)
    assert any("bobble" in r for r in roots(ranked))
    assert any("bobble" in r for r in roots(extract(pop + heads, "en", top=10)))  # one set
    # a rare word its owner does write stays a brand word, however many resellers write it
    drones = (listings(["Hubsan X4 Quadcopter", "Hubsan X4 Spare Blades"], brand="Hubsan X4")
              + listings(["Hubsan Quadcopter Battery", "Hubsan Drone Charger",
                          "Quadcopter Propellers"], brand="RC Parts Shop"))
    book = BrandBook.learn(drones, "en")
    assert "hubsan" not in book.generic["hubsan x4"]
    assert not any("hubsan" in r for r in roots(extract(drones, "en", top=10, brands=book)))


def test_a_one_word_brand_field_that_shortens_a_longer_name_is_a_brand() -> None:
    # "Turtles" writes 1 of the 6 titles using "turtle", "Teenage Mutant Ninja Turtles" 3
    tmnt = (listings(["Turtles Battle Shell Leo Figure"], brand="Turtles")
            + listings(["Teenage Mutant Ninja Turtles Raph Figure",
                        "Teenage Mutant Ninja Turtles Bebop Figure",
                        "Teenage Mutant Ninja Turtles Party Van"],
                       brand="Teenage Mutant Ninja Turtles")
            + listings(["Turtle Swim Float Green", "Turtle Sandpit Lid"], brand="Bestway"))
    book = BrandBook.learn(tmnt, "en")
    assert "turtle" in book
    # the first word of a longer name is not its short form: "Magic" of "Magic The Gathering"
    magic = (listings(["Magic Sand Castle Kit"], brand="Magic")
             + listings(["Magic the Gathering Booster Pack", "Magic the Gathering Deck Box",
                         "Magic the Gathering Sleeves"], brand="Magic The Gathering")
             + listings(["Magic Set for Kids", "Magic Wand Fairy"], brand="Fun Toys"))
    assert "magic" not in BrandBook.learn(magic, "en")


FILLER_LISTINGS = listings(FILLER)


def test_a_rare_word_that_always_follows_one_brand_is_its_product_line() -> None:
    cars = listings(["Disney Pixar Cars Lightning McQueen", "Disney Pixar Cars Mater Diecast",
                     "Disney Pixar Cars Race Team Sarge"], brand="Mattel") + \
        listings(["Disney Frozen Elsa Doll", "Disney Princess Castle"], brand="Disney")
    trains = listings(["Thomas & Friends Take-n-Play Luke Engine",
                       "Thomas & Friends Take-n-Play Gator Engine",
                       "Thomas & Friends Take-n-Play Cranky Docks",
                       "Wooden Train Engine Blue"], brand="Thomas & Friends")
    book = BrandBook.learn(cars + trains, "en")
    assert book.names.get("pixar") == "product line"
    assert book.names.get("take-n-play") == "product line"
    ranked = extract(cars, "en", top=10, brands=book)
    assert not any("pixar" in r for r in roots(ranked))
    ranked = extract(trains, "en", top=10, brands=book)
    assert not any("take-n-play" in r for r in roots(ranked))
    assert "engine" in roots(ranked)
    # the product after a brand is no line: a common word, a model number, a taxonomy word
    rings = [Listing(sku=f"r{i}", title=t, brand="Zorbalux",
                     attributes={"category": "Jewellery > Rings"})
             for i, t in enumerate(["Zorbalux Ring Gold", "Zorbalux Ring Silver",
                                    "Zorbalux Ring Rose", "Zorbalux HS3303 Band",
                                    "Zorbalux HS3303 Chain", "Zorbalux HS3303 Pendant"])]
    book = BrandBook.learn(rings, "en")
    assert "ring" not in book and "hs3303" not in book
    # three variants of one title are one piece of evidence, not three
    plants = listings(["Greenly Bonsai Wild Plant with Pot"] * 3, brand="Greenly")
    assert "bonsai" not in BrandBook.learn(plants + FILLER_LISTINGS, "en")


def test_a_word_the_owner_of_a_leading_phrase_writes_every_use_of_is_a_brand_word() -> None:
    """"Oxford Diecast" begins its owner's titles (a leading phrase) and is its brand field;
    the owner also writes "Oxford" alone, a word of the language no other seller writes: it
    is no keyword. (On the shared Flipkart file the leading phrase alone let "XYZ vacuum
    cleaner", "tuscany regular" and "shopping karega casual" through as keywords.)"""
    made = listings(["Oxford Diecast Land Rover 1:76", "Oxford Diecast Jaguar 1:43",
                     "Oxford Diecast Bus 1:76", "Bedford Van Model 1:76 Oxford",
                     "Morris Minor Model 1:43, Oxford"], brand="Oxford Diecast")
    others = listings(["Corgi Land Rover Model 1:76", "Diecast Bus Model 1:76",
                       "Model Van 1:43 Diecast", "Diecast Jaguar Model Car",
                       "Diecast Tractor Model 1:32"])
    book = BrandBook.learn(made + others + listings(FILLER * 2), "en")
    ranked = extract(made + others, "en", top=10, brands=book)
    assert not any("oxford" in r for r in roots(ranked))
    assert book.names["oxford diecast"] == "leading phrase"
    assert book.owned["oxford diecast"] == {"oxford"}  # (not "diecast": others write it)
    assert {"model", "land rover"} <= roots(ranked)


def test_a_brand_field_the_taxonomy_names_with_a_hyphen_is_a_product_type() -> None:
    """One seller typed "Diecast" as the manufacturer; the category is "Die-Cast & Toy
    Vehicles". "diecast" is what shoppers search for, not a competitor's brand: neither the
    whole input nor the set's own pass over its brand fields takes it for one."""
    path = "Die-Cast & Toy Vehicles > Scaled Models"
    made = [Listing(sku="d", title="Diecast City Kit TY813 Auto Shop",
                    attributes={"manufacturer": "Diecast", "category_path": path})]
    others = [Listing(sku=f"o{i}", title=t, attributes={"manufacturer": m,
                                                        "category_path": path})
              for i, (t, m) in enumerate([
                  ("Corgi Diecast Bus 1:76", "Corgi"), ("Diecast Land Rover Model", "Corgi"),
                  ("Siku Diecast Tractor", "Siku"), ("Diecast Fire Engine Model", "Siku"),
                  ("Bburago Diecast Ferrari 1:43", "Bburago"), ("Model Bus Diecast", "Tobar")])]
    book = BrandBook.learn(made + others, "en")
    assert "diecast" not in book and "diecast" in book.taxonomy
    ranked = extract(made + others, "en", top=10, brands=book)
    assert "diecast" in roots(ranked)
    assert "diecast" not in {k.root for k in ranked.brands}
    assert {"corgi", "siku", "bburago"} <= set(book.names)  # (the other fields stay brands)


def test_a_maker_written_two_ways_owns_the_word_its_names_share() -> None:
    """Die-cast models by "Oxford Diecast", a few by the same maker filed as "Oxford": neither
    name alone writes 80 % of the uses of "oxford", together they write nearly all. (On the
    shared toys file "oxford" was the fourth keyword of the die-cast models.)"""
    made = listings(["Oxford Diecast Land Rover 1:76", "Oxford Diecast Jaguar 1:43",
                     "Oxford Diecast Bus 1:76", "Oxford Diecast Tram 1:76",
                     "Oxford Diecast Taxi 1:43", "Bedford Van Model 1:76 Oxford",
                     "Morris Minor Model 1:43, Oxford"], brand="Oxford Diecast")
    short = listings(["Oxford Fire Engine Model 1:76"], brand="Oxford")
    others = [Listing(sku=f"c{i}", title=t, brand="Corgi") for i, t in enumerate([
        "Corgi Oxford Street Bus Model", "Corgi Diecast Bus Model 1:76",
        "Corgi Model Van 1:43", "Corgi Diecast Jaguar Model Car"])]
    book = BrandBook.learn(made + short + others + listings(FILLER * 2), "en")
    assert "oxford" not in book.names  # ("Oxford" alone writes 1 of 9 uses: no brand)
    assert book.owned["oxford diecast"] == {"oxford"}
    ranked = extract(made + short + others, "en", top=10, brands=book)
    assert not any("oxford" in r for r in roots(ranked))
    assert "model" in roots(ranked)


def test_a_common_word_written_nearly_only_inside_brand_names_is_no_keyword() -> None:
    """"company" is a common English word, but on the shared toys file nearly every title
    using it is by "The Puppet Company" or another company naming itself: it was the third
    keyword for hand puppets. A word of the product ("puppet") stays a keyword."""
    made = listings([f"The Puppet Company - {t} Hand Puppet" for t in
                     ("Owl", "Fox", "Badger", "Rabbit", "Mouse", "Frog")],
                    brand="The Puppet Company")
    figures = listings(["Good Smile Company Nendoroid Figure",
                        "Good Smile Company Figma Figure"], brand="Good Smile Company")
    others = listings(["Dog Hand Puppet", "Cat Hand Puppet Soft", "Owl Hand Puppet Plush",
                       "Finger Puppet Set", "Hand Puppet Theatre"], brand="Fiesta")
    book = BrandBook.learn(made + figures + others + listings(FILLER * 2), "en")
    ranked = extract(made + figures + others, "en", top=10, brands=book)
    assert not any("company" in r for r in roots(ranked))
    assert "hand puppet" in roots(ranked)
    assert "company" in book.owned["puppet company"]
    assert "puppet" not in book.owned["puppet company"]  # (others write it as much)


def test_a_word_written_with_a_capital_inside_it_is_a_name() -> None:
    """No brand column (the shared Amazon US file's is mostly empty): "MasterPieces" was
    recommended for jigsaw puzzles. A capital between lower-case letters in nearly every use
    styles a name; "WiFi" or "mAh" have too few letters around it."""
    titles = ["Farm Jigsaw Puzzle 1000 Piece - MasterPieces", "Jigsaw Puzzle by MasterPieces",
              "MasterPieces Cats Jigsaw Puzzle 500 Piece", "Jigsaw Puzzle 1000 Piece Map",
              "Jigsaw Puzzle for Adults 1000 Piece", "WiFi Jigsaw Puzzle Timer 500 mAh",
              "Jigsaw Puzzle WiFi Lamp 500 mAh"]
    made = listings(titles)
    book = BrandBook.learn(made + listings(FILLER * 2), "en")
    ranked = extract(made, "en", top=10, brands=book)
    assert not any("masterpiece" in r for r in roots(ranked))
    assert book.names.get("masterpiece", book.names.get("masterpieces")) == "inner capitals"
    assert "wifi" not in book and "mah" not in book
    assert "jigsaw puzzle" in roots(ranked)


TRAINS = ["Thomas & Friends Wooden Railway Percy Engine", "Thomas & Friends Wooden Railway Gordon",
          "Thomas & Friends Take-n-Play Diesel", "Thomas & Friends Wooden Railway Bridge",
          "Wooden Railway Engine Shed", "Wooden Train Set with Bridge"]


def test_a_word_the_set_writes_only_inside_a_brand_name_is_never_recommended() -> None:
    # the taxonomy names "Thomas & Friends"; its "&" parts the name in every title, so no
    # candidate phrase holds it whole, and "friends" alone looked like a keyword
    trains = listings(TRAINS, category_path="Characters & Brands > Thomas & Friends > Trains")
    book = BrandBook.learn(trains + listings(FILLER), "en")
    assert "thomas friend" in book
    ranked = extract(trains, "en", top=10, brands=book)
    assert not any("friend" in r for r in roots(ranked))
    assert "wooden railway" in roots(ranked)
    # it is part of a brand, not a brand to list on its own
    assert "thomas" in {k.root for k in ranked.brands}
    assert not any("friend" in k.root for k in ranked.brands)


def brand_parts(titles: list[str], *names: str) -> set[str]:
    from listingkit.keywords.kinds import Tagger
    from listingkit.nlp import analyzer

    nlp = analyzer("en")
    tagger = Tagger(nlp, names)
    tagger.learn_brand_parts([nlp.words(t) for t in titles])
    return tagger.part_words


def test_brand_parts_are_words_written_inside_the_name_in_most_titles_using_them() -> None:
    made = ["Thomas & Friends Percy", "Thomas and Friends Gordon", "Thomas & Friends Diesel",
            "Thomas & Friends Toby"]
    assert brand_parts(made + ["Wooden Train"], "Thomas & Friends") == {"thomas", "friend"}
    # other sellers write a word too: a part while the name holds four in five of its titles
    assert brand_parts(made + ["Best Friends Train Set"], "Thomas & Friends") == {
        "thomas", "friend"}
    assert brand_parts(made + ["Best Friends Train", "Friends Forever Engine"],
                       "Thomas & Friends") == {"thomas"}
    # one title is no evidence
    assert brand_parts(["Thomas & Friends Percy", "Wooden Train"], "Thomas & Friends") == set()
    # a word the lexicons give a kind (a colour here) is the market's word, whoever writes it
    assert "black" not in brand_parts(["Black Diamond Headlamp", "Black Diamond Tent",
                                       "Black Diamond Stove"], "Black Diamond")


PLUSH = ["Aurora World Plush Bear", "Aurora World Corgi Plush", "Aurora World Sting Ray Plush",
         "Aurora World Unicorn Soft Toy", "Teddy Bear Plush", "Plush Unicorn Soft Toy",
         "Giant Teddy Bear", "Soft Toy Corgi Plush"]


def test_a_leading_brand_and_a_common_word_only_it_writes_after_it_are_one_name() -> None:
    # "world" is a common word, but here it is only ever the second word of "Aurora World"
    book = BrandBook.learn(listings(PLUSH + FILLER * 2), "en")
    assert book.names.get("aurora world") == "leading phrase"
    ranked = extract(listings(PLUSH), "en", top=10, brands=book)
    assert not any("aurora" in r or "world" in r for r in roots(ranked))
    assert "teddy bear" in roots(ranked) and "plush" in roots(ranked)
    # a common word that other titles write too stays the market's word ("Zorvex Steel")
    steel = ["Zorvex Steel Bottle", "Zorvex Steel Flask", "Zorvex Steel Mug",
             "Insulated Steel Bottle", "Steel Travel Mug"]
    assert "zorvex steel" not in BrandBook.learn(listings(steel + FILLER * 2), "en")


def test_a_bank_from_competitor_listings_adds_no_competitor_name_to_search_terms() -> None:
    from listingkit.marketplace import Registry
    from listingkit.optimize import Optimizer
    from listingkit.scoring import bank_from_listings

    # "Aurora World" begins a quarter of the titles (a name; one beginning more would be
    # the product itself); the bank reads it as keywords --group-by reads a whole input
    more = ["Penguin Plush Toy", "Sloth Plush Pillow", "Plush Dinosaur Toy", "Fox Soft Toy",
            "Plush Kitten 12 inch", "Plush Penguin Soft", "Koala Plush Bear", "Lamb Soft Toy"]
    bank = bank_from_listings(listings(PLUSH + more), "en", "competitors")
    assert not [t.text for t in bank.terms if {"aurora", "world"} & set(t.words)
                and t.kind != "brand"]
    out = Optimizer(Registry().get("amazon-us"), bank=bank, check=False).optimize(
        Listing(sku="P", title="Cuddly Soft Toy Penguin", brand="Acme"))
    terms = set(out.after.search_terms.split())
    assert "plush" in terms
    assert not {"aurora", "world"} & terms


def test_a_key_that_is_a_brand_only_by_its_parts_is_not_a_brand_to_list() -> None:
    from listingkit.keywords.kinds import Tagger
    from listingkit.nlp import analyzer

    nlp = analyzer("en")
    tagger = Tagger(nlp, ["Thomas & Friends"])
    tagger.learn_brand_parts([nlp.words(t) for t in (
        "Thomas & Friends Percy", "Thomas & Friends Gordon", "Wooden Engine")])
    for key in ("friend", "friend engine", "friend of the engine"):
        assert tagger.is_brand(key)  # never recommended ...
        assert not tagger.is_brand(key, with_parts=False)  # ... nor listed as a brand
    assert tagger.is_brand("thomas friend", with_parts=False)  # the name itself is one
