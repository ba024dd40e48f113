"""listingkit.keywords.bank: tool detection, cleaning, packing in bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from listingkit.errors import InputError
from listingkit.keywords.bank import Bank, clean, detect_tool, load, pack

STOPS = frozenset({"for", "the", "und", "für"})


@pytest.mark.parametrize("headers,tool", [
    (["Keyword Phrase", "Magnet IQ Score", "Search Volume"], "helium10-magnet"),
    (["Keyword Phrase", "Cerebro IQ Score", "Search Volume"], "helium10-cerebro"),
    (["Keyword", "Exact Match Search Volume", "Broad Match Search Volume"], "jungle-scout"),
    (["Keyword", "Search Volume", "Relevancy", "Ranking Juice"], "data-dive"),
    (["keyword", "volume"], "csv"),
])
def test_tool_exports_are_recognised_by_their_headers(headers: list[str], tool: str) -> None:
    assert detect_tool(headers) == tool


def test_clean_lowercases_and_strips_symbols_and_stop_words() -> None:
    assert clean("  Water Bottle!! for the GYM™ ", STOPS) == "water bottle gym"
    assert clean("Trinkflasche für Kinder (1 L)", STOPS) == "trinkflasche kinder 1 l"
    assert clean("t-shirt's", STOPS) == "t-shirt's"


def test_pack_counts_utf8_bytes_and_never_repeats_a_word() -> None:
    bank = Bank()
    bank.add("gourde isotherme", 500, "x")
    bank.add("gourde inox", 300, "x")
    bank.add("bouteille réutilisable", 100, "x")
    packed = pack(bank, budget=30)
    assert len(packed.encode("utf-8")) <= 30
    assert packed.split()[0] == "gourde"  # 800 of volume
    assert packed.count("gourde") == 1
    # "réutilisable" is 12 characters but 13 bytes: only what fits is packed
    assert pack(bank, budget=6) == "gourde"


def test_tab_separated_export_and_volume_with_separators(tmp_path: Path) -> None:
    path = tmp_path / "dd.tsv"
    path.write_text("Keyword\tSearch Volume\tRelevancy\nwater bottle\t1,234\t0.9\n"
                    "gym bottle\t-\t0.5\n", encoding="utf-8")
    bank = Bank()
    load(path, bank, STOPS)
    assert bank.tools == {"data-dive"}
    assert bank.entries["water bottle"].volume == 1234
    assert bank.entries["gym bottle"].volume is None


def test_export_without_keyword_column_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Phrase Text,Search Volume\nwater,1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.csv:1: no keyword column"):
        load(path, Bank(), STOPS)
