"""T006/B008 tell shouting from names: a word in capitals is shouting when it is a common word
of the store's language or of English (wordfreq); the threshold is configurable."""

from __future__ import annotations

import pytest

from listingkit.config import Config
from listingkit.lint import Runner
from listingkit.listing import Listing
from listingkit.marketplace import Registry
from listingkit.rules.context import Context

TITLE = "Sony BRAVIA Television WIRELESS Speaker Stand"


def loud(title: str, config: Config | None = None, lang: str | None = None) -> list[str]:
    ctx = Context(Registry().get("amazon-us"), config)
    if lang:
        ctx.lang = lang
    findings = Runner(ctx, select=["T006"]).run([Listing(sku="A", title=title,
                                                         brand="Sony")]).findings
    return [f.message.split(": ", 1)[1] for f in findings]


def test_names_in_capitals_are_not_shouting() -> None:
    assert loud(TITLE) == ["WIRELESS"]


@pytest.mark.parametrize(("zipf", "expected"), [(0, ["BRAVIA WIRELESS"]), (3, ["WIRELESS"]),
                                                (7, [])])
def test_the_threshold_comes_from_config(zipf: float, expected: list[str]) -> None:
    """0 reports every word in capitals (as before names were told apart); a threshold above
    every word's frequency reports none."""
    assert loud(TITLE, Config({"check": {"allcaps_common_zipf": zipf}})) == expected


def test_a_store_language_wordfreq_does_not_know_counts_every_word() -> None:
    """Without frequencies for the store's language, a capitalised word cannot be told from a
    name: each is reported, as before."""
    assert loud(TITLE, lang="tlh") == ["BRAVIA WIRELESS"]


def test_the_config_schema_takes_the_threshold() -> None:
    from listingkit.config import validate
    from listingkit.errors import ConfigError

    validate({"check": {"allcaps_common_zipf": 2.5}}, "listingkit.toml")
    with pytest.raises(ConfigError, match="check.allcaps_common_zipf"):
        validate({"check": {"allcaps_common_zipf": -1}}, "listingkit.toml")


def test_wordfreq_is_asked_only_when_a_word_could_be_reported(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Short words in capitals (acronyms) cannot be reported unless three or more of them make
    the title mostly capitals: the rule answers without loading wordfreq."""
    from listingkit.rules import capitals

    asked: list[str] = []

    def zipf(word: str, lang: str, wordlist: str = "best") -> float:
        asked.append(word)
        return 5.0

    monkeypatch.setattr(capitals, "zipf", zipf)
    assert loud("Acme ABC Desk Lamp with XYZ Clip") == []
    assert asked == []
    assert loud("Acme Desk Lamp WIRELESS") == ["WIRELESS"]
    assert asked == ["wireless"]  # (amazon-us: English is the store's language)


@pytest.mark.parametrize(("title", "fixed"), [
    ("D'INDIAN CLUB Men's Solid Formal Shirt", "D'Indian Club Men's Solid Formal Shirt"),
    ("KID'S STOP Solid Girl's Tunic", "Kid's Stop Solid Girl's Tunic"),
    ("Mug you WON'T regret, I'LL ALWAYS SMILE", "Mug you Won't regret, I'll Always Smile"),
])
def test_the_fix_capitalises_after_an_elided_letter_only(title: str, fixed: str) -> None:
    """The fix writes a word in capitals with its first letter in capitals, and the name after
    an elided one-letter word too ("D'Indian", not "D'indian"); contractions stay as they are
    written ("Won't", "I'll", "Kid's")."""
    ctx = Context(Registry().get("amazon-us"))
    runner = Runner(ctx, select=["T006"], fix=True)
    result = runner.run([Listing(sku="A", title=title)])
    assert [after.title for _, after in result.fixed] == [fixed]
