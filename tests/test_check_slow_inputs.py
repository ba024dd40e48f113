"""Inputs that made check, score and optimize slow: over-long fields (quadratic paths) and
user regexes that backtrack catastrophically. Each fast path is checked against the plain
algorithm it replaces, on random and on adversarial text."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from listingkit.optimize.title import _SEPARATORS, shorten
from listingkit.rules import symbols
from listingkit.rules.contacts import contacts, emails, links
from listingkit.rules.matching import EMAIL, PHONE, URL, tidy

ROOT = Path(__file__).resolve().parent.parent


def _random_texts(alphabet: list[str], count: int, size: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, size)))
            for _ in range(count)]


# -- contact details (D005, T007, B...) -------------------------------------------------------

def _contacts_reference(text: str) -> list[str]:
    """The former implementation: finditer and sub over the three regexes."""
    out = []
    for regex in (EMAIL, URL, PHONE):
        matches = list(regex.finditer(text))
        for match in matches:
            digits = sum(c.isdigit() for c in match.group(0))
            if regex is PHONE and digits < (8 if match.group(0).startswith("+") else 10):
                continue
            out.append(match.group(0))
        if matches:
            text = regex.sub(lambda m: " " * len(m.group(0)), text)
    return out


CONTACT_PARTS = [*"aw.@-+_/: \n1é", "www.", "http://", "HTTPS://", ".com", ".co.uk", ".de",
                 "WWW.", "x-", "555 123 4567", "+49 30 1234567"]


def test_contacts_match_the_regexes_on_random_text() -> None:
    for text in _random_texts(CONTACT_PARTS, 20000, 30):
        assert [m.span() for m in emails(text)] == [m.span() for m in EMAIL.finditer(text)], text
        assert [m.span() for m in links(text)] == [m.span() for m in URL.finditer(text)], text
        assert contacts(text) == _contacts_reference(text), text


@pytest.mark.parametrize("shape", ["www.", "a-", "a.", "1-", "a.com-", "-a", "x.co"])
def test_contacts_are_linear_on_runs_without_an_end(shape: str) -> None:
    # "www." x 40,000 took 33 s in D005 (EMAIL and URL read each run to its end from every
    # word boundary in it); linear, it takes milliseconds: 2 s of CPU is a generous bound
    text = shape * (160_000 // len(shape)) + " @ end"
    start = time.process_time()
    found = contacts(text)
    assert time.process_time() - start < 2.0
    small = shape * (3000 // len(shape)) + " @ end"  # (the former regexes: 1/300 of the time)
    assert contacts(small) == _contacts_reference(small)
    if shape == "www.":  # one link, the whole run (the scheme's \S+)
        assert found == [text[:-6]]


# -- prohibited characters (T004, B..., S...) -------------------------------------------------

def _near_digit_reference(text: str, at: int) -> bool:
    """The former implementation (a search from the text's start for each character)."""
    if any(0 <= i < len(text) and text[i].isdigit() for i in (at - 1, at + 1)):
        return True
    after = re.compile(r"[A-Za-z0-9]+").match(text, at + 1)
    before = re.compile(r"[A-Za-z0-9]+\Z").search(text, 0, at)
    return any(m is not None and any(c.isdigit() for c in m.group(0)) for m in (after, before))


def test_loose_characters_match_the_former_rule_on_random_text() -> None:
    context = set("<>#~*")
    for text in _random_texts([*"<>#~*aZ1 .-_é٣", "EL012A", "SKU"], 5000, 30):
        expected = {m.group(0) for m in symbols._LOOSE.finditer(text)
                    if m.group(0) in context and not _near_digit_reference(text, m.start())}
        assert symbols.loose_chars(text, context) == expected, text
        codes = symbols._digit_codes(text)
        for m in symbols._LOOSE.finditer(text):
            assert symbols._near_digit(text, m.start(), codes) == \
                _near_digit_reference(text, m.start()), (text, m.start())


def test_loose_characters_read_the_codes_once() -> None:
    # every "<" stands before a code: each needs the digit test, none a search of its own
    text = "x <B2 " * 20_000
    calls = []
    real = symbols._digit_codes
    symbols._digit_codes = lambda t: calls.append(1) or real(t)  # type: ignore[assignment]
    try:
        assert symbols.loose_chars(text + " < ", {"<"}) == {"<"}
        assert symbols.loose_chars(text, {"<"}) == set()
    finally:
        symbols._digit_codes = real
    assert len(calls) == 2


def test_without_keeps_the_brand_and_is_linear() -> None:
    assert symbols.without("Acme<Co> Mug <b>", {"<", ">"}, "acme<co>") == "Acme<Co> Mug b"
    start = time.process_time()
    symbols.without("<" * 100_000 + "Acme<", {"<"}, "Acme<")
    assert time.process_time() - start < 2.0  # (was a search of the text per character)


# -- fixers and optimize ----------------------------------------------------------------------

def test_tidy_unchanged_and_linear() -> None:
    from listingkit.rules import matching

    former = re.compile(r"\s+([,;:.!?)\]}])")
    edges = re.compile(r"^[\s,;:\-|]+|[\s,;:\-|]+$")
    for text in _random_texts([*" \n\t,;.!a)-|", "\u00a0"], 5000, 20):
        assert matching._SPACE_PUNCT.sub(r"\1", text) == former.sub(r"\1", text), repr(text)
        assert matching._EDGES.sub("", text) == edges.sub("", text), repr(text)
    start = time.process_time()
    tidy("a" + " \n" * 50_000 + "b")
    assert time.process_time() - start < 2.0


def _shorten_reference(parts: list[str], title_max: int, max_bytes: int | None) -> str | None:
    while len(parts) > 1:
        parts.pop()
        candidate = ", ".join(parts)
        if len(candidate) <= title_max and (
                max_bytes is None or len(candidate.encode("utf-8")) <= max_bytes):
            return candidate
    return None


@pytest.mark.parametrize("max_bytes", [None, 40])
def test_shorten_drops_the_same_parts(max_bytes: int | None) -> None:
    from listingkit.listing import Listing

    listing = Listing(sku="S", title="", brand="")
    rng = random.Random(3)
    for _ in range(300):
        parts = ["".join(rng.choice("abcé ") for _ in range(rng.randint(1, 9))).strip() or "x"
                 for _ in range(rng.randint(1, 8))]
        title = ", ".join(parts)
        policy = SimpleNamespace(title_max=rng.randint(5, 40), title_max_bytes=max_bytes)
        if len(title) <= policy.title_max and (max_bytes is None or
                                               len(title.encode()) <= max_bytes):
            continue
        expected = _shorten_reference(_SEPARATORS.split(title), policy.title_max, max_bytes)
        assert shorten(title, listing, policy) == expected, (title, policy)


# -- end to end -------------------------------------------------------------------------------

def _cli(args: list[str], cwd: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "listingkit", *args], check=False, cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize(("field", "value", "code"), [
    ("title", "<" * 100_000, "T004"), ("description", "www." * 40_000, "D005")])
def test_long_fields_check_in_seconds(tmp_path: Path, field: str, value: str, code: str) -> None:
    # (each took over 30 s; a subprocess timeout ends the test if that comes back)
    row = {"sku": "P1", "title": "Acme Ceramic Mug", "brand": "Acme", "description": "d",
           field: value}
    (tmp_path / "in.csv").write_text("sku,title,brand,description\n" + ",".join(
        row[k] for k in ("sku", "title", "brand", "description")) + "\n", "utf-8")
    result = _cli(["check", "in.csv", "-p", "amazon-us", "--select", code], tmp_path)
    assert result.returncode == 1, result.stderr
    assert f"P1 {field} {code}" in result.stdout


def test_catastrophic_user_regex_stops_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "listingkit.toml").write_text(
        '[[check.rules]]\ncode = "X001"\nkind = "existence"\ntokens = ["(a|aa)+$"]\n'
        'regex = true\nmessage = "m"\n', "utf-8")
    (tmp_path / "in.csv").write_text("sku,title\nR1," + "a" * 40 + "!\n", "utf-8")
    result = _cli(["check", "in.csv", "-p", "amazon-us"], tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "listingkit.toml: check.rules[1] (X001)" in lines[0] and "'R1'" in lines[0]
    # the sweep's pattern: the regex package runs it in linear time, so no error at all
    (tmp_path / "listingkit.toml").write_text(
        '[[check.rules]]\ncode = "X001"\nkind = "existence"\ntokens = ["(a+)+$"]\n'
        'regex = true\nmessage = "m"\n', "utf-8")
    result = _cli(["check", "in.csv", "-p", "amazon-us", "--select", "X001"], tmp_path)
    assert result.returncode == 0, result.stderr


def test_user_regexes_keep_re_syntax(run, write) -> None:  # type: ignore[no-untyped-def]
    write("listingkit.toml", """
[[check.rules]]
code = "X001"
kind = "substitution"
swap = { '(?<![0-9])(\\d+)\\s*ml\\b' = '\\1 ml' }
regex = true
fields = ["title"]
""")
    path = write("in.csv", "sku,title\nR1,Acme Mug 350ml and 20 ML\n")
    result = run("check", path, "-p", "amazon-us", "--select", "X001", "--unsafe-fixes",
                 "--diff")
    assert "+Acme Mug 350 ml and 20 ml" in result.stdout
