"""Rule kind: words in ALL CAPS, where the marketplace asks for title case (T006, B008).

A word in capitals is shouting when it is a word of the language. Names and codes written in
capitals (BRAVIA, PIXMA, LCSTWAB) are not: capitalising them would misspell them. Which words
are words of the language comes from wordfreq (:mod:`listingkit.frequency`), loaded the first
time a title holds a candidate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import compress, repeat
from operator import and_

from listingkit.frequency import known, zipf
from listingkit.listing import Listing
from listingkit.rules import screens
from listingkit.rules.base import Hit
from listingkit.rules.kinds import FieldRule
from listingkit.rules.matching import WORD, mask, words

#: a word in capitals is shouting when it is a common word, of Zipf frequency (wordfreq) at
#: least this in the store's language or in English: once in a million words. Rarer ones are
#: names and codes written in capitals (BRAVIA, PIXMA, LCSTWAB): "Bravia" would misspell them.
#: Config ``check.allcaps_common_zipf`` changes it; 0 reports every word in capitals.
COMMON_ZIPF = 3.0
#: from this threshold on, wordfreq's small lists answer: only words of Zipf 3 or more, in a
#: tenth of the memory and time of the large ones (4 MiB for English, not 37). They differ from
#: the large lists near their edge: 8 % of the English words of Zipf 3.0-3.1 are missing.
SMALL_LIST = 3.0
#: languages that write compounds as one word: a word there is also common when its head (a
#: tail of four letters or more) is ("TRINKFLASCHE" of "Flasche")
COMPOUNDING = frozenset({"de", "nl", "sv", "da", "nb", "no", "fi"})
#: what joins the letters of one word ("MEN'S"); a hyphenated one ("USB-C", "T-SHIRT") is a
#: code or compound, left as it was
_JOINERS = str.maketrans("", "", "'’")


#: a Roman numeral ("Class III", "Part XIV"): written in capitals, never shouting
ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")


class AllCaps(FieldRule):
    """Words in ALL CAPS. Exempt: acronyms (listed, or of four letters or fewer unless the
    title is mostly capitals), units, model numbers, Roman numerals, the brand where it is
    named, and names: words that are not common words of the store's language or of English."""

    facts = ("fields.{field}.allcaps_allowed",)

    fixable = "safe"
    severity = "warning"

    def prepare(self) -> bool:
        allow = [w.lower() for w in self.ctx.option("allcaps_allow", [])]
        self.allow = set(allow) | set(self.ctx.words("acronyms", missing_ok=True))
        self.wants = screens.screen(test=screens.maybe_shouting)
        self.function = frozenset(self.ctx.words("function_words", missing_ok=True))
        self.common_zipf = float(self.ctx.option("allcaps_common_zipf", COMMON_ZIPF))
        self.langs: list[str] | None = None  # (the languages wordfreq knows, when first asked)
        return self.spec("allcaps_allowed", True) is False

    def common(self, word: str) -> bool:
        """Whether ``word`` is a common word of the store's language or of English (so, in
        capitals, shouting), not a name or code written in capitals (BRAVIA, LCSTWAB). In a
        store whose language wordfreq does not know, every word counts as common."""
        if self.common_zipf <= 0:
            return True
        if self.langs is None:
            self.langs = list(dict.fromkeys([self.ctx.lang, "en"])) if known(self.ctx.lang) \
                else []
        if not self.langs:
            return True
        lower, wordlist = word.lower(), "small" if self.common_zipf >= SMALL_LIST else "best"
        least = self.common_zipf
        for lang in self.langs:
            if zipf(lower, lang, wordlist) >= least:
                return True
            # a compound whose head, its last four letters or more, is a common word
            # ("TRINKFLASCHE" of "Flasche": German writes new compounds every day)
            if lang in COMPOUNDING and any(zipf(lower[i:], lang, wordlist) >= least
                                           for i in range(3, len(lower) - 3)):
                return True
        return False

    def shouting(self, text: str, brand: str) -> list[str]:
        """The words of ``text`` in capitals to report, in order (repeats kept).

        Where the brand is named, its words are the brand's business ("TRIPLE YAHTZEE"); a
        word of the brand alone is not the brand ("BEADS" of "Just Say Beads"). A word
        counts when it is a common word (:meth:`common`; names and codes are not shouting):
        of five letters or more, of three or more when the title is mostly capitals, and of
        three or more, or a function word, in the same run of capitals as one that counts
        ("HUGE CHRISTMAS CHARMS SALE" is fixed whole, not as "HUGE Christmas Charms SALE";
        "MADE IN ENGLAND" as "Made In England")."""
        plain = mask(text, brand) if brand else text
        found = words(plain)
        # each word's tests once, in map: a word of letters (apostrophes between them) of two
        # or more, and one of those in capitals
        lettered = list(map(and_, map(str.isalpha, map(str.translate, found, repeat(_JOINERS))),
                            map((1).__lt__, map(len, found))))
        upper = list(map(and_, lettered, map(str.isupper, found)))
        caps = [w for w in compress(found, upper) if w.lower() not in self.allow]
        if not any(len(w) >= 5 for w in caps) and sum(len(w) >= 3 for w in caps) < 3:
            return []  # (nothing could be reported: wordfreq need not be asked)
        common = {w for w in caps if len(w) >= 3 and not ROMAN.match(w) and self.common(w)}
        letters = sum(lettered)
        mostly = len([w for w in caps if w in common]) >= max(3, 0.6 * letters)
        loud = {w for w in common if len(w) >= (3 if mostly else 5)}
        run: list[str] = []
        held: set[str] = set()
        # runs of words in capitals: the words next to a loud one are loud too
        for word, capital in zip([*found, ""], [*upper, False]):
            if capital:
                run.append(word)
                continue
            if not loud.isdisjoint(run):
                if len(run) == 2 and any(len(w) >= 3 and w not in common and not ROMAN.match(w)
                                         for w in run):
                    held.update(run)  # two words, one of them a name ("TAMASHII NATIONS")
                else:  # (with its function words: "MADE IN ENGLAND")
                    loud.update(w for w in run if w in common or w.lower() in self.function)
            run = []
        return [w for w in found if w in loud and w not in held]

    def check(self, listing: Listing) -> Iterable[Hit]:
        for index, text in self.items(listing):
            if not screens.CAPS.search(text):
                continue
            loud = self.shouting(text, listing.brand)
            if loud:
                shown = " ".join(dict.fromkeys(loud))
                yield self.hit(f"{self.label(index)} has ALL-CAPS word(s): {shown}",
                               key=shown, fix=self.lazy_fix(listing, index, True,
                                                            "capitalise only the first letter",
                                                            _capitalise, text, set(loud),
                                                            listing.brand))


def _capitalise(text: str, loud: set[str], brand: str = "") -> str:
    """``text`` with the words of ``loud`` capitalised, except where the brand is named."""
    plain = mask(text, brand) if brand else text  # (the same offsets, the brand blanked)
    out: list[str] = []
    last = 0
    for match in WORD.finditer(plain):  # (the words of words(): "MEN'S" is one)
        if match.group(0) in loud:
            out += (text[last:match.start()], _word_capitalised(match.group(0)))
            last = match.end()
    return "".join(out) + text[last:]


#: an elided one-letter word before an apostrophe, and a name of three letters or more after
#: it ("D'INDIAN", "O'NEIL", "L'OREAL"; not "I'LL" or "KID'S")
_ELIDED = re.compile(r"([^\W\d_])(['’])([^\W\d_]{3,}.*)")


def _word_capitalised(word: str) -> str:
    """``word`` with only its first letter in capitals, and the first letter after an elided
    one-letter word ("D'Indian", "O'Neil"; "Won't" and "Kid's" as ``str.capitalize``)."""
    elided = _ELIDED.fullmatch(word)
    if elided is None:
        return word.capitalize()
    head, mark, rest = elided.groups()
    return head.upper() + mark + rest.capitalize()
