"""Do-not-translate protection and the checks applied to every machine translation."""

from __future__ import annotations

import pytest

from listingkit.translate.glossary import Glossary, GlossaryViolation, check_numbers


def test_terms_and_model_numbers_become_placeholders() -> None:
    g = Glossary(["Acme", "USB-C"])
    p = g.protect("Acme XR-200 charger with USB-C port, 65W, 18cm, 2 pack")
    assert p.text == "⟦0⟧ ⟦1⟧ charger with ⟦2⟧ port, 65W, 18cm, 2 pack"
    assert p.tokens == ("Acme", "XR-200", "USB-C")


def test_longest_term_wins_and_case_is_kept() -> None:
    g = Glossary(["Acme", "Acme Pro"], protect_models=False)
    p = g.protect("the acme pro and the ACME")
    assert p.tokens == ("acme pro", "ACME")


def test_terms_inside_words_are_not_protected() -> None:
    assert Glossary(["Ace"], protect_models=False).protect("Aces and Ace").tokens == ("Ace",)


def test_restore_tolerates_spacing_inside_placeholders() -> None:
    g = Glossary(["Acme"])
    p = g.protect("Acme mug")
    assert g.restore("⟦ 0 ⟧ Becher", p) == "Acme Becher"


@pytest.mark.parametrize("translated, message", [
    ("Becher", "'Acme' dropped"),
    ("⟦0⟧ ⟦0⟧ Becher", "'Acme' repeated 2 times"),
    ("⟦0⟧ ⟦1⟧ Becher", "unknown placeholder ⟦1⟧"),
])
def test_restore_rejects_lost_or_extra_placeholders(translated: str, message: str) -> None:
    g = Glossary(["Acme"])
    with pytest.raises(GlossaryViolation, match=message):
        g.restore(translated, g.protect("Acme mug"))


def test_numbers_may_change_separators_but_not_value_or_unit() -> None:
    check_numbers("1.5 l bottle, 1,000 pcs", "1,5 l Flasche, 1.000 Stk.")
    check_numbers("10 inch tablet", "10 Zoll Tablet")
    with pytest.raises(GlossaryViolation, match="number '15'"):
        check_numbers("1.5 l bottle", "1 l Flasche")
    with pytest.raises(GlossaryViolation, match="unit volume-liter"):
        check_numbers("1.5 l bottle", "1,5 kg Flasche")


def test_html_tags_and_entities_are_protected() -> None:
    g = Glossary()
    p = g.protect('<p class="x">Red &amp; blue mug</p>')
    assert p.text == "⟦0⟧Red ⟦1⟧ blue mug⟦2⟧"
    assert g.restore("⟦0⟧Rot ⟦1⟧ blauer Becher⟦2⟧", p) == '<p class="x">Rot &amp; blauer Becher</p>'
    with pytest.raises(GlossaryViolation, match="'</p>' dropped"):
        g.restore("⟦0⟧Rot ⟦1⟧ blauer Becher", p)
