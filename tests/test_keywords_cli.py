"""`listingkit keywords` and `listingkit keywords clean` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from listingkit.commands import cli

COMPETITORS = """sku,title,brand,bullets,description,category
A1,"Acme Stainless Steel Water Bottle 500ml, Leak-Proof",Acme,"Keeps drinks cold 24 hours",Insulated bottle.,bottles
A2,"Insulated Water Bottle 500 ml - Stainless Steel, Black",Hydrix,"BPA free",Steel bottle.,bottles
A3,"Stainless-Steel Water Bottles 750ml Leakproof",Zorva,"BPA-free",,bottles
A4,"Acme Kids Water Bottle Stainless Steel with Straw",Acme,"Leak proof lid",For school.,bottles
A5,"Cotton Tote Bag Large, Natural",Bagco,"Reusable shopping bag",,bags
A6,"Canvas Tote Bag with Zip, Natural Cotton",Bagco,"Strong handles",,bags
A7,"Large Cotton Tote Bag for Shopping",Totely,"Machine washable",,bags
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # relative paths in the commands below; no config found


def run(*args: str, cwd: Path) -> tuple[int, str, str]:
    for name, text in FILES.items():
        (cwd / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    FILES_OUT.clear()
    FILES_OUT.update({p.name: p.read_text("utf-8") for p in cwd.glob("out*")})
    return result.exit_code, result.stdout, result.stderr


FILES: dict[str, str] = {
    "comp.csv": COMPETITORS,
    "titles.txt": "Stainless Steel Water Bottle 1L\nWater Bottle Stainless Steel Black\n\n"
                  "Kids Water Bottle, Stainless Steel\n",
    "mine.csv": 'sku,title,bullets,search_terms\nME1,"My Water Bottle 500ml","Keeps drinks '
                'cold",stainless steel\n',
    "cerebro.csv": "Keyword Phrase,Cerebro IQ Score,Search Volume,Competing Products\n"
                   "water bottle,1200,\"45,000\",>1000\nstainless steel water bottle,800,"
                   "12000,500\nWATER BOTTLE!,900,40000,900\n",
    "js.csv": "Keyword,Exact Match Search Volume,Broad Match Search Volume\n"
              "insulated bottle,3000,9000\nbottle for the gym,2000,5000\n",
    "ideas.txt": "Leak-proof bottle\nbpa free\nwater bottle\n",
    "bad.csv": "Keyword Phrase,Search Volume\nwater bottle,lots\n",
}
FILES_OUT: dict[str, str] = {}


def test_rank_table_lists_keywords_and_brands_apart(tmp_path: Path) -> None:
    code, out, _ = run("keywords", "comp.csv", "--top", "5", cwd=tmp_path)
    assert code == 0
    assert "7 competitor listings" in out
    assert "stainless steel" in out and "water bottle" in out
    brands_line = next(line for line in out.splitlines() if line.startswith("competitor brands"))
    assert "acme" in brands_line
    table = out.split("competitor brands")[0]
    assert "acme" not in table.lower()


def test_rank_json_shape(tmp_path: Path) -> None:
    code, out, _ = run("keywords", "comp.csv", "--format", "json", "--top", "3", cwd=tmp_path)
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list)
    recommended = [k for k in data if k["recommended"]]
    assert len(recommended) == 3
    first = recommended[0]
    assert {"term", "kind", "root", "variants", "competitors", "placement", "score"} <= set(first)
    assert set(first["competitors"]) == {"count", "share"}
    assert set(first["placement"]) == {"title", "bullets", "description"}
    assert all(k["kind"] == "brand" for k in data if not k["recommended"])


def test_group_by_ranks_each_group(tmp_path: Path) -> None:
    code, out, _ = run("keywords", "comp.csv", "--group-by", "category", "--format", "json",
                       cwd=tmp_path)
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"bottles", "bags"}
    bags = {k["root"] for k in data["bags"] if k["recommended"]}
    assert "cotton" in bags and "tote bag" in bags
    assert not any("bottle" in r for r in bags)
    assert any(k["root"] == "water bottle" for k in data["bottles"])


def test_groups_of_few_competitors_get_a_note(tmp_path: Path) -> None:
    """Four bottles and three bags: each group is under five listings, so their keywords'
    shares rest on a handful of titles; the command says so on stderr, the JSON is as ever."""
    code, out, err = run("keywords", "comp.csv", "--group-by", "category", "--format", "json",
                         cwd=tmp_path)
    assert code == 0 and set(json.loads(out)) == {"bottles", "bags"}
    assert "note: 2 of 2 groups have fewer than 5 competitor listings" in err
    (tmp_path / "more.csv").write_text(COMPETITORS + "".join(
        f"B{i},Acme Steel Water Bottle {i}00 ml,Acme,Cold,,bottles\n" for i in range(1, 4)),
        encoding="utf-8")
    _, _, err = run("keywords", "more.csv", "--group-by", "category", cwd=tmp_path)
    assert "note: 1 of 2 groups have fewer than 5" in err and "'bags'" in err


def test_group_by_unknown_column_is_one_line_error(tmp_path: Path) -> None:
    code, _, err = run("keywords", "comp.csv", "--group-by", "categry", cwd=tmp_path)
    assert code == 2
    assert err.count("\n") == 1 and "categry" in err and "did you mean 'category'" in err


def test_plain_text_input_one_listing_per_line(tmp_path: Path) -> None:
    code, out, _ = run("keywords", "titles.txt", "--format", "json", "--lang", "en",
                       cwd=tmp_path)
    assert code == 0
    data = json.loads(out)
    steel = next(k for k in data if k["root"] == "stainless steel")
    assert steel["competitors"]["count"] == 3


def test_csv_output_to_file_is_written(tmp_path: Path) -> None:
    code, _, err = run("keywords", "comp.csv", "--format", "csv", "-o", "out.csv", cwd=tmp_path)
    assert code == 0 and "wrote out.csv" in err
    header, *rows = FILES_OUT["out.csv"].splitlines()
    assert header.startswith("group,rank,term,kind,root")
    assert any(",brand," in row and row.endswith(",no") for row in rows)


def test_against_reports_gap_and_exits_1(tmp_path: Path) -> None:
    code, out, _ = run("keywords", "comp.csv", "--against", "mine.csv", "--top", "4",
                       "--format", "json", cwd=tmp_path)
    assert code == 1
    rows = {r["term"]: r for r in json.loads(out)["ME1"]}
    assert rows["water bottle"]["found_in"] == ["title"]
    assert rows["stainless steel"]["found_in"] == ["search_terms"]
    assert any(r["missing"] for r in rows.values())


def test_unknown_language_and_missing_file_are_one_line_errors(tmp_path: Path) -> None:
    code, _, err = run("keywords", "comp.csv", "--lang", "xx", cwd=tmp_path)
    assert code == 2 and "not supported" in err and err.count("\n") == 1
    code, _, err = run("keywords", "nope.csv", cwd=tmp_path)
    assert code == 2 and "nope.csv" in err and "Traceback" not in err


def test_help_shows_rank_options_and_clean(tmp_path: Path) -> None:
    code, out, _ = run("keywords", "--help", cwd=tmp_path)
    assert code == 0
    assert "--group-by" in out and "--against" in out and "clean" in out


def test_clean_imports_tool_exports_into_one_bank(tmp_path: Path) -> None:
    code, out, _ = run("keywords", "clean", "cerebro.csv", "js.csv", "ideas.txt",
                       "--format", "json", "--budget", "40", cwd=tmp_path)
    assert code == 0
    data = json.loads(out)
    assert data["tools"] == ["helium10-cerebro", "jungle-scout", "list"]
    bank = {k["keyword"]: k for k in data["keywords"]}
    assert bank["water bottle"]["volume"] == 45000  # "WATER BOTTLE!" merged, max volume
    assert bank["insulated bottle"]["volume"] == 3000  # exact match volume preferred
    assert "bottle gym" in bank  # stop words "for", "the" stripped
    assert "leak-proof bottle" in bank and bank["bpa free"]["volume"] is None
    assert data["words"]["bottle"] == 5
    packed = data["search_terms"]
    assert len(packed.encode()) <= 40 and data["bytes"] == len(packed.encode())
    assert packed.split()[:2] == ["bottle", "water"]
    assert len(set(packed.split())) == len(packed.split())


def test_clean_uses_the_marketplace_budget(tmp_path: Path) -> None:
    code, out, _ = run("keywords", "clean", "cerebro.csv", "-p", "amazon-us", cwd=tmp_path)
    assert code == 0
    assert "search terms (" in out and "/249 bytes)" in out


def test_clean_bad_volume_names_file_row_and_column(tmp_path: Path) -> None:
    code, _, err = run("keywords", "clean", "bad.csv", cwd=tmp_path)
    assert code == 2
    assert "bad.csv:2" in err and "Search Volume" in err and "lots" in err


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_clean_other_formats(tmp_path: Path, fmt: str) -> None:
    code, out, _ = run("keywords", "clean", "ideas.txt", "--format", fmt, cwd=tmp_path)
    assert code == 0 and "water bottle" in out


def test_input_format_text_reads_any_extension(tmp_path: Path) -> None:
    (tmp_path / "titles.lines").write_text("Steel Water Bottle\nWater Bottle, Steel\n",
                                           encoding="utf-8")
    code, out, _ = run("keywords", "titles.lines", "--input-format", "text", "--lang", "en",
                       "--format", "json", cwd=tmp_path)
    assert code == 0
    assert {k["root"] for k in json.loads(out)} >= {"water bottle", "steel"}


def test_tab_separated_txt_is_still_a_catalogue(tmp_path: Path) -> None:
    (tmp_path / "flat.txt").write_text("sku\ttitle\nA\tSteel Water Bottle\nB\tWater Bottle\n",
                                       encoding="utf-8")
    code, out, _ = run("keywords", "flat.txt", "--lang", "en", "--format", "json",
                       cwd=tmp_path)
    assert code == 0
    data = json.loads(out)
    assert not any("title" in k["root"] or "sku" in k["root"] for k in data)
    assert next(k for k in data if k["root"] == "water bottle")["competitors"]["count"] == 2


def test_group_by_with_against_reports_each_group(tmp_path: Path) -> None:
    code, out, _ = run("keywords", "comp.csv", "--group-by", "category", "--against",
                       "mine.csv", "--format", "json", "--top", "3", cwd=tmp_path)
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"bottles", "bags"} and set(data["bags"]) == {"ME1"}
    bags = {row["term"]: row for row in data["bags"]["ME1"]}
    assert all(row["missing"] for term, row in bags.items() if term != "cotton")
    # (a material of my own, said in my search terms, is no gap: it describes my product)
    assert bags["cotton"]["yours"] == "stainless steel" and not bags["cotton"]["missing"]


def test_competitor_files_need_a_title_column_not_a_sku(tmp_path: Path) -> None:
    """A scraped competitor file names its titles "product_name" and has no SKUs: keywords
    reads it; check, which reports by SKU, still asks for a SKU column in one line."""
    (tmp_path / "scraped.csv").write_text(
        "product_name,manufacturer\n" + "".join(
            f"{brand} Stainless Steel Water Bottle {size} ml,{brand}\n"
            for brand, size in [("Acme", 500), ("Hydrix", 750), ("Zorva", 1000)]),
        encoding="utf-8")
    code, out, _ = run("keywords", "scraped.csv", "--format", "json", cwd=tmp_path)
    assert code == 0
    assert any(k["root"] == "stainless steel" and k["recommended"] for k in json.loads(out))
    code, _, err = run("check", "scraped.csv", "-p", "amazon-us", cwd=tmp_path)
    assert code == 2 and err.count("\n") == 1 and "no SKU column" in err


#: a small set of English titles that langdetect, reading them alone, calls German
SMALL_SET = ["Barbie Advent Calendar with Stickers", "Alligator Books Barbie Sticker Scene",
             "Barbie 300pc 3D Nail Art Design Kit with Stickers"]


def test_grouped_sets_are_read_in_the_language_of_the_whole_input(tmp_path: Path) -> None:
    from listingkit.keywords import detect_lang
    from listingkit.listing import Listing

    assert detect_lang([Listing(sku="", title=t) for t in SMALL_SET]) != "en"  # (the premise)
    big = [f"{b} Stainless Steel Water Bottle for Kids with Straw, {n} ml"
           for b in ("Acme", "Hydrix", "Zorva", "Bottlo") for n in (350, 500, 750)]
    (tmp_path / "sets.csv").write_text(
        "title,set\n" + "".join(f'"{t}",bottles\n' for t in big)
        + "".join(f"{t},barbie\n" for t in SMALL_SET), encoding="utf-8")
    code, out, _ = run("keywords", "sets.csv", "--group-by", "set", "--format", "json",
                       cwd=tmp_path)
    assert code == 0
    barbie = json.loads(out)["barbie"]
    # read as English, "with" is a stop word: no term starts or ends with it (read as German,
    # "with Stickers" is the set's third keyword)
    assert not [k["term"] for k in barbie if k["term"].lower().split()[0] == "with"
                or k["term"].lower().split()[-1] == "with"]
    assert {"Sticker", "Stickers"} <= set(next(k for k in barbie
                                               if k["root"] == "stickers")["variants"])


def test_auto_language_reads_titles_from_the_whole_input() -> None:
    """A file sorted by category is not judged by its first category."""
    from listingkit.keywords import detect_lang
    from listingkit.listing import Listing

    german = [Listing(sku="", title=f"Edelstahl Trinkflasche für Kinder mit Strohhalm {i} ml")
              for i in range(300)]
    english = [Listing(sku="", title=f"Stainless steel water bottle for kids with a straw {i}")
               for i in range(700)]
    assert detect_lang(german + english) == "en"
    assert detect_lang(english + german) == "en"


def test_a_marketplace_sets_apart_the_wording_it_prohibits_in_titles(tmp_path: Path) -> None:
    (tmp_path / "claims.csv").write_text("title\n" + "".join(
        f"{claim} Stainless Steel Water Bottle {size} ml\n"
        for claim, size in [("Premium Quality", 500), ("Premium Quality", 750), ("", 1000),
                            ("Insulated", 350)]), encoding="utf-8")
    code, out, _ = run("keywords", "claims.csv", "--format", "json", cwd=tmp_path)
    assert code == 0
    assert any(k["term"] == "premium quality" and k["recommended"] for k in json.loads(out))
    code, out, _ = run("keywords", "claims.csv", "-p", "amazon-us", "--format", "json",
                       cwd=tmp_path)
    rows = json.loads(out)
    assert code == 0
    assert [k["recommended"] for k in rows if k["term"] == "premium quality"] == [False]
    assert [k["kind"] for k in rows if k["term"] == "premium quality"] == ["prohibited"]
    assert not any(k["recommended"] and "premium" in k["term"] for k in rows)
    code, out, _ = run("keywords", "claims.csv", "-p", "amazon-us", cwd=tmp_path)
    assert "prohibits in titles (never recommended): premium quality (2)" in out


def test_group_by_with_against_compares_a_listing_with_its_own_group(tmp_path: Path) -> None:
    """My catalogue has the column the competitors were grouped by: each listing meets its
    own group only; one whose category the competitors lack still meets every group."""
    (tmp_path / "mine_grouped.csv").write_text(
        "sku,title,category\nME1,My Water Bottle 500ml,bottles\nME2,My Cotton Tote Bag,bags\n"
        "ME3,My Phone Case,cases\n", encoding="utf-8")
    code, out, _ = run("keywords", "comp.csv", "--group-by", "category", "--against",
                       "mine_grouped.csv", "--format", "json", "--top", "3", cwd=tmp_path)
    assert code == 1
    data = json.loads(out)
    assert set(data["bottles"]) == {"ME1", "ME3"} and set(data["bags"]) == {"ME2", "ME3"}


BRANDED = ("Stainless Steel Water Bottle Aquaro 500 ml Leak Proof\n"
           "Insulated Water Bottle 750 ml with Aquaro Lid, Stainless Steel\n"
           "Kids Water Bottle Stainless Steel, Aquaro Straw Lid\n"
           "Water Bottle for Gym, Stainless Steel, Leak Proof\n"
           "Aquaro Sports Water Bottle Stainless Steel 1 Litre\n"
           "Stainless Steel Water Bottle, Double Wall, Aquaro Cap\n")


def test_brands_named_by_the_user_are_listed_apart(tmp_path: Path) -> None:
    """A brand written mid-title in plain text (no brand column) is recommended until the
    user names it, in a --brands file or in config; then it is a brand, listed apart."""
    (tmp_path / "branded.txt").write_text(BRANDED, encoding="utf-8")
    (tmp_path / "brands.txt").write_text("# competitors\n\nAquaro\n", encoding="utf-8")

    def ranked(*extra: str) -> dict:
        code, out, _ = run("keywords", "branded.txt", "--lang", "en", "--format", "json",
                           *extra, cwd=tmp_path)
        assert code == 0
        return {k["root"]: (k["kind"], k["recommended"]) for k in json.loads(out)}

    assert ranked()["aquaro"] == ("other", True)
    assert ranked("--brands", "brands.txt")["aquaro"] == ("brand", False)
    assert ranked("--brands", "brands.txt")["water bottle"] == ("product type", True)
    _, out, _ = run("keywords", "branded.txt", "--brands", "brands.txt", cwd=tmp_path)
    brands_line = next(line for line in out.splitlines() if line.startswith("competitor brands"))
    assert "aquaro" in brands_line
    (tmp_path / "pyproject.toml").write_text('[tool.listingkit.keywords]\nbrands = ["Aquaro"]\n',
                                             encoding="utf-8")
    assert ranked()["aquaro"] == ("brand", False)


def test_a_bad_brands_file_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("Aqu\xe9ro\n".encode("latin-1"))
    code, _, err = run("keywords", "titles.txt", "--brands", "nope.txt", cwd=tmp_path)
    assert code == 2 and err == "Error: nope.txt: file not found\n"
    code, _, err = run("keywords", "titles.txt", "--brands", "latin1.txt", cwd=tmp_path)
    assert code == 2 and err.startswith("Error: latin1.txt:1: bytes e9") and err.count("\n") == 1
    code, _, err = run("keywords", "titles.txt", "--brands", "latin1.txt", "--encoding",
                       "cp1252", cwd=tmp_path)
    assert code == 0, err
