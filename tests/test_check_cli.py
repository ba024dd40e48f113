"""``listingkit check`` end to end: exit codes, selection, suppression, baseline, fixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HEADER = "sku,title,brand,bullets,description,search_terms,images\n"
CLEAN = ("OK-1,\"Acme Steel Water Bottle, 750 ml, Blue\",Acme,Keeps drinks cold 24 hours,"
         "A double-wall steel bottle.,flask thermos canteen,bottle.jpg\n")
DIRTY = ("BAD-1,Acme Bottle Bottle Bottle Best Seller!!,Acme,Keeps cold,"
         "A steel bottle.,flask flask,bottle.jpg\n")


@pytest.fixture
def catalogue(write):  # type: ignore[no-untyped-def]
    def make(*rows: str, name: str = "listings.csv", header: str = HEADER) -> Path:
        return write(name, header + "".join(rows))

    return make


def test_clean_catalogue_exits_0(run, catalogue) -> None:  # type: ignore[no-untyped-def]
    result = run("check", catalogue(CLEAN), "-p", "amazon-us")
    assert result.exit_code == 0, result.output
    assert "0 findings" in result.stdout


def test_findings_exit_1_with_location(run, catalogue) -> None:  # type: ignore[no-untyped-def]
    path = catalogue(CLEAN, DIRTY)
    result = run("check", path, "-p", "amazon-us")
    assert result.exit_code == 1
    assert f"{path}:3: BAD-1 title T005 title repeats 'bottle' more than 2 times" in result.stdout
    assert f"{path}:3: BAD-1 title T007 title has promotional phrase 'best seller'" in \
        result.stdout
    assert "OK-1" not in result.stdout


def test_fail_on_threshold(run, catalogue) -> None:  # type: ignore[no-untyped-def]
    path = catalogue("W-1,\"Acme Steel Water Bottle, 750 ml\",Acme,Cold,Steel.,amazing,b.jpg\n")
    assert run("check", path, "-p", "amazon-us").exit_code == 0  # S005 is a warning
    assert run("check", path, "-p", "amazon-us", "--fail-on", "warning").exit_code == 1
    assert run("check", catalogue(DIRTY), "-p", "amazon-us", "--fail-on", "never"
               ).exit_code == 0


@pytest.mark.parametrize("args", [
    ("missing.csv", "-p", "amazon-us"),
    ("{cat}", "-p", "amazon-nowhere"),
    ("{cat}", "-p", "amazon-us", "--select", "T999"),
    ("{cat}", "-p", "amazon-us", "--ignore", "titel"),
    ("{cat}", "-p", "amazon-us", "--fix"),
    ("{cat}", "-p", "amazon-us", "-o", "out.csv"),
    ("{cat}", "-p", "amazon-us", "--images", "no-such-folder"),
    ("{cat}",),
])
def test_could_not_run_exits_2_in_one_line(run, catalogue, args) -> None:  # type: ignore[no-untyped-def]
    path = catalogue(CLEAN)
    result = run("check", *[str(path) if a == "{cat}" else a for a in args])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_ragged_row_exits_2_and_fix_writes_nothing(run, write) -> None:  # type: ignore[no-untyped-def]
    path = write("bad.csv", HEADER + DIRTY + "A,b,c,d,e,f,g,h,i\n")
    before = path.read_bytes()
    result = run("check", path, "-p", "amazon-us")
    assert result.exit_code == 2 and "bad.csv:3: ragged row" in result.stderr
    fixed = run("check", path, "-p", "amazon-us", "--fix", "-o", "out.csv")
    assert fixed.exit_code == 2 and not Path("out.csv").exists()
    in_place = run("check", path, "-p", "amazon-us", "--fix", "--in-place")
    assert in_place.exit_code == 2 and path.read_bytes() == before
    assert not Path(str(path) + "~").exists()


def test_select_ignore_extend_by_code_name_prefix(run, catalogue) -> None:  # type: ignore[no-untyped-def]
    path = catalogue(DIRTY)

    def codes(*extra: str) -> set[str]:
        out = run("check", path, "-p", "amazon-us", "-f", "json", *extra).stdout
        return {f["code"] for f in json.loads(out)["findings"]}

    everything = codes()
    assert {"T004", "T005", "T007", "S004"} <= everything
    assert codes("--select", "T") == {c for c in everything if c.startswith("T")}
    assert codes("--select", "title.word-repeat") == {"T005"}
    assert codes("--select", "title,search_terms") == {c for c in everything if c[0] in "TS"}
    assert codes("--ignore", "T005,S") == everything - {"T005", "S004"}
    assert codes("--select", "T", "--ignore", "T00") == {c for c in everything
                                                         if c.startswith("T01")}
    # the more specific selector wins
    assert codes("--select", "T005", "--ignore", "T") == {"T005"}
    assert codes("--select", "T005", "--extend-select", "S004") == {"T005", "S004"}


def test_noqa_column_suppresses_listed_codes(run, write) -> None:  # type: ignore[no-untyped-def]
    header = HEADER.rstrip("\n") + ",listingkit-noqa\n"
    path = write("n.csv", header + DIRTY.rstrip("\n") + ",\"T005, T007\"\n"
                 + DIRTY.replace("BAD-1", "BAD-2").rstrip("\n") + ",ALL\n"
                 + DIRTY.replace("BAD-1", "BAD-3").rstrip("\n") + ",title\n")
    found = json.loads(run("check", path, "-p", "amazon-us", "-f", "json").stdout)["findings"]
    bad1 = {f["code"] for f in found if f["sku"] == "BAD-1"}
    assert "T005" not in bad1 and "T007" not in bad1 and "T004" in bad1
    assert not [f for f in found if f["sku"] == "BAD-2"]
    assert not [f for f in found if f["sku"] == "BAD-3" and f["code"].startswith("T")]
    assert [f for f in found if f["sku"] == "BAD-3" and f["code"] == "S004"]


def test_config_per_sku_ignores_severity_and_select(run, catalogue, write) -> None:  # type: ignore[no-untyped-def]
    path = catalogue(DIRTY, DIRTY.replace("BAD-1", "KEEP-1"))
    write("listingkit.toml", '[check]\nper_sku_ignores = { "BAD-*" = ["T", "S004"] }\n'
                             'severity = { T007 = "info", S004 = "off" }\n')
    found = json.loads(run("check", path, "-p", "amazon-us", "-f", "json").stdout)["findings"]
    assert not [f for f in found if f["sku"] == "BAD-1" and f["code"][0] in "TS"]
    keep = {f["code"]: f["severity"] for f in found if f["sku"] == "KEEP-1"}
    assert keep["T007"] == "info" and "S004" not in keep and keep["T005"] == "error"


def test_config_errors_exit_2(run, catalogue, write) -> None:  # type: ignore[no-untyped-def]
    path = catalogue(CLEAN)
    write("listingkit.toml", '[check]\nseverity = { T999 = "info" }\n')
    result = run("check", path, "-p", "amazon-us")
    assert result.exit_code == 2 and "T999" in result.stderr
    write("listingkit.toml", '[check]\nrules = [{ code = "X1", kind = "nope" }]\n')
    result = run("check", path, "-p", "amazon-us")
    assert result.exit_code == 2 and "check.rules[1]" in result.stderr


def test_custom_rules_existence_substitution_occurrence(run, catalogue, write) -> None:  # type: ignore[no-untyped-def]
    path = catalogue("C-1,Acme Colour Changing Mug Mug Cheap,Acme,Cheap and cheerful,"
                     "A mug.,mug,m.jpg\n")
    write("listingkit.toml", """
[[check.rules]]
code = "X001"
name = "house.no-cheap"
kind = "existence"
tokens = ["cheap"]
message = "Avoid '%s': say what it costs less than"
severity = "error"

[[check.rules]]
code = "X002"
name = "house.us-spelling"
kind = "substitution"
swap = { colour = "color" }
fields = ["title"]

[[check.rules]]
code = "X003"
name = "house.one-mug"
kind = "occurrence"
token = "mug"
max = 1
fields = ["title"]
""")
    result = run("check", path, "-p", "amazon-us", "-f", "json", "--select", "X")
    found = json.loads(result.stdout)["findings"]
    assert sorted(f["code"] for f in found) == ["X001", "X001", "X002", "X003"]
    assert any(f["message"] == "Avoid 'Cheap': say what it costs less than" for f in found)
    assert result.exit_code == 1
    listed = run("rules").stdout
    assert "X002" in listed and "house.us-spelling" in listed
    out = Path("fixed.csv")
    run("check", path, "-p", "amazon-us", "--select", "X002", "--unsafe-fixes", "-o", out)
    assert "Acme color Changing Mug" in out.read_text("utf-8")


def test_baseline_reports_only_new_findings(run, catalogue) -> None:  # type: ignore[no-untyped-def]
    path = catalogue(DIRTY)
    first = run("check", path, "-p", "amazon-us", "--baseline", "base.json")
    assert first.exit_code == 0 and "recorded" in first.stderr
    data = json.loads(Path("base.json").read_text("utf-8"))
    assert data["version"] == 1 and data["findings"]
    again = run("check", path, "-p", "amazon-us", "--baseline", "base.json")
    assert again.exit_code == 0 and "hidden by the baseline" in again.stdout
    catalogue(DIRTY, "NEW-1,Acme Mug Hot Sale,Acme,Cold,Steel.,mug2,b.jpg\n")
    later = run("check", path, "-p", "amazon-us", "--baseline", "base.json")
    assert later.exit_code == 1
    assert "NEW-1" in later.stdout and "BAD-1" not in later.stdout
    Path("base.json").write_text("not json", "utf-8")
    broken = run("check", path, "-p", "amazon-us", "--baseline", "base.json")
    assert broken.exit_code == 2 and "baseline" in broken.stderr


def test_fix_writes_output_in_same_format_and_is_idempotent(run, catalogue) -> None:  # type: ignore[no-untyped-def]
    path = catalogue(CLEAN, DIRTY)
    before = path.read_bytes()
    result = run("check", path, "-p", "amazon-us", "--fix", "-o", "fixed.csv")
    assert path.read_bytes() == before  # -o never touches the input
    text = Path("fixed.csv").read_text("utf-8")
    assert "Acme Bottle Best Seller" in text and "!!" not in text  # (a doubled word: once)
    assert "Fixed" in result.stdout
    assert "T007" in result.stdout and "T005" not in result.stdout  # T007 left: no fix
    second = run("check", "fixed.csv", "-p", "amazon-us", "--fix", "-o", "fixed2.csv")
    assert Path("fixed2.csv").read_text("utf-8") == text
    assert "Fixed" not in second.stdout


def test_fix_holds_only_the_listings_it_changes(run, catalogue, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """--fix writes every listing, but holds only the ones it changed: the others are read
    again from the file when the output is written (the project streams large catalogues)."""
    import gc

    import listingkit.catalogue
    from listingkit.listing import Listing

    rows = [CLEAN.replace("OK-1", f"OK-{i}").replace("750 ml", f"{i} ml") for i in range(600)]
    path = catalogue(*rows[:300], DIRTY, *rows[300:])
    held: list[int] = []
    write = listingkit.catalogue.write_catalogue

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        gc.collect()  # (count the listings held, not earlier tests' garbage in cycles)
        held.append(sum(isinstance(o, Listing) for o in gc.get_objects()))
        return write(*args, **kwargs)

    monkeypatch.setattr(listingkit.catalogue, "write_catalogue", counting)
    result = run("check", path, "-p", "amazon-us", "--fix", "-o", "fixed.csv")
    assert "Fixed" in result.stdout
    assert held and held[0] < 50, held  # (not the 601 listings of the catalogue)
    lines = Path("fixed.csv").read_text("utf-8").splitlines()
    assert lines[1:301] + lines[302:] == [row.rstrip("\n") for row in rows]  # (as they were)
    assert lines[301].startswith("BAD-1,Acme Bottle Best Seller,")


def test_fix_writes_nothing_when_the_catalogue_changed_meanwhile(run, catalogue,  # type: ignore[no-untyped-def]
                                                                 monkeypatch) -> None:
    """The unchanged listings are read again to be written: a file changed since it was
    checked is not mixed into the output."""
    from listingkit.commands import check

    path = catalogue(CLEAN, DIRTY)
    stamps = iter([(1, 1), (2, 2)])
    monkeypatch.setattr(check, "_stamp", lambda _path: next(stamps))
    result = run("check", path, "-p", "amazon-us", "--fix", "-o", "fixed.csv")
    assert result.exit_code == 2 and "changed while it was checked" in result.stderr
    assert not Path("fixed.csv").exists()


def test_fix_keeps_amazon_flat_file_flavour(run, write) -> None:  # type: ignore[no-untyped-def]
    path = write("upload.txt", "TemplateType=custom\tVersion=2021.1\n"
                 "SKU\tProduct Name\tBrand\n"
                 "item_sku\titem_name\tbrand_name\tbullet_point1\tmain_image_url\n"
                 "A-1\tAcme  Bottle!\tAcme\tCold\thttp://x/a.jpg\n")
    run("check", path, "-p", "amazon-us", "--fix", "-o", "out.txt")
    lines = Path("out.txt").read_text("utf-8").splitlines()
    assert lines[0].startswith("TemplateType=custom")
    assert any(line.startswith("A-1\tAcme Bottle\t") for line in lines)


def test_in_place_keeps_backup_and_diff_writes_nothing(run, catalogue) -> None:  # type: ignore[no-untyped-def]
    path = catalogue(DIRTY)
    original = path.read_text("utf-8")
    diff = run("check", path, "-p", "amazon-us", "--diff")
    assert diff.exit_code == 1
    assert "-Acme Bottle Bottle Bottle Best Seller!!" in diff.stdout
    assert "+Acme Bottle Best Seller" in diff.stdout
    assert path.read_text("utf-8") == original
    run("check", path, "-p", "amazon-us", "--fix", "--in-place")
    assert Path(str(path) + "~").read_text("utf-8") == original
    assert "!!" not in path.read_text("utf-8")
    assert run("check", path, "-p", "amazon-us", "--diff").exit_code == 0


def test_unsafe_fix_needs_flag(run, catalogue) -> None:  # type: ignore[no-untyped-def]
    path = catalogue("H-1,Acme <b>Mug</b>,Acme,Cold,Steel.,mug,m.jpg\n")
    run("check", path, "-p", "amazon-us", "--fix", "-o", "safe.csv", "--select", "T010")
    assert "<b>" in Path("safe.csv").read_text("utf-8")
    run("check", path, "-p", "amazon-us", "--unsafe-fixes", "-o", "unsafe.csv",
        "--select", "T010")
    assert "<b>" not in Path("unsafe.csv").read_text("utf-8")


def test_several_catalogues_for_pre_commit(run, catalogue) -> None:  # type: ignore[no-untyped-def]
    one = catalogue(CLEAN, name="one.csv")
    two = catalogue(DIRTY, name="two.csv")
    result = run("check", one, two, "-p", "amazon-us")
    assert result.exit_code == 1 and f"{two}:2: BAD-1" in result.stdout


def test_pre_commit_hook_file_is_valid() -> None:
    text = (Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text("utf-8")
    assert "- id: listingkit-check\n" in text and "  entry: listingkit check\n" in text
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load(text)
    assert {h["id"] for h in hooks} == {"listingkit-check", "listingkit-fix"}
    for hook in hooks:
        assert hook["entry"].startswith("listingkit check") and hook["language"] == "python"
        assert {"id", "name", "entry", "language", "files"} <= set(hook)


def test_split_config_reads_packed_bullets_and_writes_them_back_packed(run, write) -> None:  # type: ignore[no-untyped-def]
    """[split] bullets = " | ": checked bullet by bullet, and a fixed bullet is written back
    into its cell joined the same way."""
    path = write("packed.csv", "sku,title,brand,bullets,images\n"
                               "A-1,\"Acme Steel Water Bottle, 750 ml\",Acme,"
                               "Keeps drinks cold 24 hours | Leak-proof lid ✅,a.jpg\n")
    write("listingkit.toml", '[split]\nbullets = " | "\n')
    found = json.loads(run("check", path, "-p", "amazon-us", "-f", "json").stdout)["findings"]
    assert [(f["code"], f["message"]) for f in found] == [
        ("B006", "bullet 2 has emoji or symbols ✅")]
    run("check", path, "-p", "amazon-us", "--fix", "-o", "fixed.csv")
    assert ",Keeps drinks cold 24 hours | Leak-proof lid,a.jpg\n" in Path("fixed.csv").read_text("utf-8")
