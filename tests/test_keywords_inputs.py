"""Keyword banks and lists that cannot be used: one line naming the file (and row and field),
exit 2, in ``keywords clean``, ``score --keywords`` and ``optimize --keywords`` alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CATALOGUE = "sku,title,brand\nB-1,Acme Stainless Steel Water Bottle 1 l,Acme\n"
#: the three commands that read a keyword export (the catalogue is written next to it)
READERS = (("keywords", "clean", "{bank}"),
           ("score", "cat.csv", "-p", "amazon-us", "--keywords", "{bank}"),
           ("optimize", "cat.csv", "-p", "amazon-us", "--diff", "--keywords", "{bank}"))


def _each_reader(run, write, name: str, content: str | bytes) -> list[object]:  # type: ignore[no-untyped-def]
    write("cat.csv", CATALOGUE)
    bank = write(name, content)
    return [run(*(a.format(bank=bank) for a in args)) for args in READERS]


@pytest.mark.parametrize("volume", ["1e309", "inf", "nan", "-5", "9" * 400, "lots"])
def test_a_bad_search_volume_is_one_line(run, write, volume: str) -> None:  # type: ignore[no-untyped-def]
    text = f"Keyword Phrase,Search Volume\nsteel bottle,10\nwater bottle,{volume}\n"
    for result in _each_reader(run, write, "cerebro.csv", text):
        assert result.exit_code == 2, result.output
        assert result.stderr == (f"Error: {Path('cerebro.csv').resolve()}:3: field "
                                 f"'Search Volume': not a search volume: {volume!r}\n")


def test_good_volumes_still_read(run, write) -> None:  # type: ignore[no-untyped-def]
    write("c.csv", 'Keyword Phrase,Search Volume\nwater bottle,"1,200"\nsteel,1.5e3\n'
                   "flask,12345678901234567890123\nmug,-\n")
    result = run("keywords", "clean", "c.csv", "--format", "json")
    assert result.exit_code == 0, result.output
    volumes = {k["keyword"]: k["volume"] for k in json.loads(result.stdout)["keywords"]}
    assert volumes == {"water bottle": 1200, "steel": 1500,
                       "flask": 12345678901234567890123, "mug": None}


@pytest.mark.parametrize("name,content,message", [
    ("b.json", '{"keywords": [{"keyword": "water bottle", "volume": 1e309}]}',
     "b.json: keyword 1: 'volume': not a search volume: inf"),
    ("b.json", '[{"term": "water bottle", "score": NaN}]',
     "b.json: keyword 1: 'score': not a score: nan"),
    ("b.json", '{"keywords": [{"keyword": "water bottle", "volume": 1' + "0" * 400 + "}]}",
     "b.json: keyword 1: 'volume': not a search volume: 1" + "0" * 400),
    ("r.csv", "term,score\nwater bottle,1e309\n", "r.csv:2: field 'score': not a score: '1e309'"),
])
def test_listingkit_banks_with_numbers_a_score_cannot_use(run, write, name: str,  # type: ignore[no-untyped-def]
                                                          content: str, message: str) -> None:
    write("cat.csv", CATALOGUE)
    bank = write(name, content)
    result = run("score", "cat.csv", "-p", "amazon-us", "--keywords", bank)
    assert result.exit_code == 2, result.output  # not a report of "nan" scores
    assert result.stderr == f"Error: {bank.parent / message}\n"


def test_utf16_without_bom_is_refused_like_a_catalogue(run, write) -> None:  # type: ignore[no-untyped-def]
    for result in _each_reader(run, write, "u16.txt",
                               "water bottle\nsteel flask\n".encode("utf-16-le")):
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"Error: {Path('u16.txt').resolve()}:1: contains a NUL")


def test_utf16_with_bom_is_read(run, write) -> None:  # type: ignore[no-untyped-def]
    write("u16.txt", "water bottle\nsteel flask\n".encode("utf-16"))
    result = run("keywords", "clean", "u16.txt", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [k["keyword"] for k in json.loads(result.stdout)["keywords"]] == \
        ["steel flask", "water bottle"]


def test_exclude_is_read_and_needs_a_budget(run, write) -> None:  # type: ignore[no-untyped-def]
    write("ideas.txt", "water bottle\nsteel flask\n")
    write("mine.csv", "sku,title\nM-1,My Water Bottle\n")
    missing = run("keywords", "clean", "ideas.txt", "--budget", "50", "--exclude", "no.csv")
    assert missing.exit_code == 2 and missing.stderr == "Error: no.csv: file not found\n"
    unused = run("keywords", "clean", "ideas.txt", "--exclude", "mine.csv")
    assert unused.exit_code == 2 and "--exclude" in unused.stderr \
        and "--budget" in unused.stderr and len(unused.stderr.splitlines()) == 1
    packed = run("keywords", "clean", "ideas.txt", "--budget", "50", "--exclude", "mine.csv",
                 "--format", "json")
    assert packed.exit_code == 0, packed.output
    assert json.loads(packed.stdout)["search_terms"].split() == ["flask", "steel"]
