"""Regexes that were quadratic on one long token or run of spaces (keywords): each
new form is checked against the former pattern, kept here as the reference, on random and on
adversarial text, then timed on inputs that took seconds to minutes."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from listingkit.keywords import ranking

ROOT = Path(__file__).resolve().parent.parent

FORMER_NUMBER = re.compile(r"^[\d.,:/x×]*\d[\d.,:/x×]*$")
FORMER_HYPHEN_MEASURE = re.compile(r"^[\d.,:/x×]*\d[\d.,:/x×]*-(?=\D)")
FORMER_FORM_NUMBER = re.compile(r"^[\d.,:/x×]*\d[\d.,:/x×]*[\s\-‐‑]?")


def _texts(parts: list[str], count: int, size: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(parts) for _ in range(rng.randint(0, size)))
            for _ in range(count)]


def _span(match: re.Match[str] | None) -> tuple[int, int] | None:
    return match.span() if match else None


def _cpu(call: Callable[[], Any]) -> float:
    start = time.process_time()
    call()
    return time.process_time() - start


# -- keywords: numbers and measures ------------------------------------------------------------

NUMBER_PARTS = [*"12.,:/x×-‐‑ a\n٣_", "xx", "12", "-inch"]


def test_number_regexes_match_the_former_ones() -> None:
    for text in _texts(NUMBER_PARTS, 30000, 12) + ["1" * 50 + "a", "x" * 9 + "1", "-1", "1-"]:
        assert _span(ranking._NUMBER.match(text)) == _span(FORMER_NUMBER.match(text)), text
        assert _span(ranking._HYPHEN_MEASURE.match(text)) == \
            _span(FORMER_HYPHEN_MEASURE.match(text)), text
        assert _span(ranking._FORM_NUMBER.match(text)) == _span(FORMER_FORM_NUMBER.match(text))


@pytest.mark.parametrize("token", ["1" * 100_000 + "a", "1" * 100_000 + "-", "1." * 50_000 + "a",
                                   "x" * 100_000 + "1-a"])
def test_number_regexes_are_linear(token: str) -> None:
    # "1" x 100,000 + "a": 50 s for _NUMBER (each digit given back, then the rest read again)
    assert _cpu(lambda: (ranking._NUMBER.match(token), ranking._HYPHEN_MEASURE.match(token),
                         ranking._FORM_NUMBER.match(token), ranking.measure_unit(token),
                         ranking._content_words(token))) < 2.0


# -- end to end -------------------------------------------------------------------------------

def _cli(args: list[str], cwd: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "listingkit", *args], check=False, cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=timeout)


def test_keywords_on_a_long_number_in_seconds(tmp_path: Path) -> None:
    # Chinese text keeps long tokens (no spaces to tell words apart): 33 s before
    pytest.importorskip("jieba")
    rows = [f"S{i},Acme Water Bottle 500 ml stainless steel {i} pack" for i in range(6)]
    (tmp_path / "in.csv").write_text("sku,title\n" + "\n".join(rows) + "\nX,Bottle "
                                     + "1" * 100_000 + "a end\n", "utf-8")
    result = _cli(["keywords", "in.csv", "--lang", "zh", "--top", "5"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "7 competitor listings" in result.stdout

