"""A brand as shoppers see it: its trade name, without the legal form of the company behind
it ("Ganz USA LLC" is "Ganz USA", "Hutter Trade GmbH + Co KG" is "Hutter Trade").

Catalogues often hold a company's registered name in the brand or manufacturer column, while
titles name the brand: a title that starts with "Patch Products Inc." reads as a company
register, not a product. The legal forms are data (``lexicons/shared/legal_forms.txt``); only
forms at the end of the name are taken off, so "Limited Too" and "The Puppet Company" stay.
"""

from __future__ import annotations

from functools import cache, lru_cache

#: what may join a legal form to the name before it ("GmbH + Co KG", "Acme, Inc.")
_JOINERS = frozenset({"&", "+", "-", ",", "/"})


@cache
def _forms() -> tuple[tuple[str, ...], ...]:
    """The legal forms, as lower-case words, longest first."""
    from listingkit.lexicons import word_list

    return tuple(sorted({tuple(form.split()) for form in word_list("legal_forms", "en")},
                        key=len, reverse=True))


@lru_cache(maxsize=16384)  # (brands repeat on every row of a catalogue)
def trade_name(brand: str) -> str:
    """``brand`` without the legal forms it ends with; the brand itself when it has none,
    or is nothing but one."""
    tokens = brand.split()
    changed = False
    while True:
        lowered = tuple(token.lower().rstrip(",") for token in tokens)
        form = next((f for f in _forms() if len(f) < len(tokens) and lowered[-len(f):] == f),
                    None)
        if form is None:
            break
        tokens, changed = tokens[:-len(form)], True
        while len(tokens) > 1 and tokens[-1] in _JOINERS:
            tokens.pop()
        tokens[-1] = tokens[-1].rstrip(",")
    return " ".join(tokens) if changed else brand.strip()
