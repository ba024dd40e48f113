"""Wording a marketplace prohibits in titles, kept out of the recommendations.

With a marketplace (``keywords -p amazon-us``, or ``platform`` in config), a keyword that holds
a phrase of a lexicon the marketplace's spec prohibits in titles ("premium quality", "best
seller", "amazing" on Amazon) is not recommended: ``check`` would report it in a title. It is
listed apart, as competitor brands are, so a name that holds such a word ("Ben 10 Ultimate
Alien") is still in sight. The lexicons are ``fields.title.prohibited_lexicons`` of the spec,
read in the language of the ranking and matched as ``check`` matches them (whole words, any
case). Titles are where keywords go first; wording only other fields prohibit ("new" in
Amazon's search terms) stays a keyword.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

#: lexicons whose entries count only as a whole field's value ("n/a", "test"), not as words
WHOLE_FIELD = frozenset({"placeholder"})


def prohibited_lexicons(market: Any) -> tuple[str, ...]:
    """The lexicons ``market`` prohibits in titles, but whole-field ones."""
    names = market.value("fields.title.prohibited_lexicons", None) or []
    return tuple(n for n in dict.fromkeys(names) if n not in WHOLE_FIELD)


def prohibited_test(lexicons: Iterable[str], lang: str) -> Callable[[str], list[str]] | None:
    """A function giving the phrases of ``lexicons`` (in ``lang``) a term holds, lower case;
    None when the lexicons have no entry in that language."""
    from listingkit.lexicons import exceptions, word_list
    from listingkit.rules.matching import PhraseMatcher

    phrases = [w for name in lexicons for w in word_list(name, lang)]
    if not phrases:
        return None
    matcher = PhraseMatcher(phrases, spaced=lang not in ("ja", "zh"),
                            exempt=[e for name in lexicons for e in exceptions(name, lang)])
    return lambda term: [found.lower() for found in matcher.find(term)]


def set_apart(keywords: list[Any], test: Callable[[str], list[str]], share: float = 0.8
              ) -> tuple[list[Any], set[int]]:
    """The keywords that hold a prohibited phrase, and the ids of those and of the parts of
    such a phrase used mostly inside them ("premium" when nearly every "premium" is in
    "premium quality"; not listed, as the parts of a brand name are not)."""
    by_text: dict[str, Any] = {}
    for keyword in keywords:
        by_text.setdefault(keyword.lemma, keyword)
        by_text.setdefault(keyword.term.lower(), keyword)
    listed, out = [], set()
    for keyword in keywords:
        found = test(keyword.term)
        if not found:
            continue
        listed.append(keyword)
        out.add(id(keyword))
        for phrase in found:
            words = phrase.split()
            for n in range(1, len(words)):
                for i in range(len(words) - n + 1):
                    part = by_text.get(" ".join(words[i:i + n]))
                    if part is not None and keyword.competitors >= share * part.competitors:
                        out.add(id(part))
    return listed, out
