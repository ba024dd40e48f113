"""Leading phrases: words and two-word phrases that begin most titles using them, as sellers
put their own name first (see :mod:`.brands`, which reads them as brand evidence)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from listingkit.frequency import zipf as _zipf
from listingkit.keywords.kinds import leads_as_product
from listingkit.nlp import Word

#: Leading phrases: share of uses that begin a title, minimum titles, Zipf ceiling.
LEAD_SHARE = 0.8
LEAD_MIN_TITLES = 2
COMMON_ZIPF = 3.5
#: A leading phrase written in capitals (at least CAPITALS_MIN letters) in a title that is
#: not all capitals ("FRICTION Men's Vest") is a name even when it is a word of the language,
#: up to this Zipf frequency.
CAPITALS_MIN = 4
CAPITALS_ZIPF = 5.0
#: A word or two-word phrase that never appears but at the start of a title is a name, up
#: to CAPITALS_ZIPF, from this many titles on.
EXCLUSIVE_MIN_TITLES = 3


class LeadPhrases:
    """Words and two-word phrases by how often they begin a title and how often not."""

    def __init__(self) -> None:
        self.first: Counter[str] = Counter()
        self.later: Counter[str] = Counter()
        self.capitals: Counter[str] = Counter()  # leading uses written in capitals
        self.named: Counter[str] = Counter()  # leading uses capitalised in a mixed-case title

    def add(self, words: list[Word]) -> None:
        grams: set[str] = set()
        for i, word in enumerate(words):
            if word.stop or word.number or word.brk:
                continue
            grams.add(word.key)
            nxt = words[i + 1] if i + 1 < len(words) else None
            if nxt is not None and not (nxt.stop or nxt.number or nxt.brk):
                grams.add(f"{word.key} {nxt.key}")
        if len(words) > 1 and len(words[0].text) == 1 and not words[0].space and \
                words[1].text[:1].isalpha():
            words = words[1:]  # "i-KitPit", "e-Studio": the letter is part of the name
        for i in range(len(words) - 1):  # "My Foot", "The Zelf's": names may begin so
            if words[i].stop and not words[i].brk and plain(words[i + 1]):
                grams.add(f"{words[i].key} {words[i + 1].key}")
        if words and (plain(words[0]) or words[0].stop and not words[0].brk and
                      len(words) > 1 and plain(words[1])):
            lead = {words[0].key} if plain(words[0]) else set()
            if len(words) > 1 and plain(words[1]):
                lead.add(f"{words[0].key} {words[1].key}")
            self.first.update(lead)
            grams -= lead
            if any(c.islower() for w in words for c in w.text):  # not an all-caps title
                if words[0].text[:1].isupper():
                    self.named.update(lead)
                for gram in lead:
                    text = "".join(w.text for w in words[:gram.count(" ") + 1])
                    if text.isupper() and sum(c.isalpha() for c in text) >= CAPITALS_MIN:
                        self.capitals[gram] += 1
        self.later.update(grams)

    def _owns(self, words: list[str]) -> bool:
        """A two-word phrase that writes at least LEAD_SHARE of the uses of its last word:
        "Gift Island", "Lee Cooper" are names even though wordfreq knows both words (its
        estimate for a phrase assumes its words are independent, which names are not)."""
        if len(words) != 2:
            return False
        gram = " ".join(words)
        last = self.first[words[1]] + self.later[words[1]]
        return self.first[gram] >= LEAD_SHARE * last

    def brands(self, lang: str, titles: int) -> Iterable[str]:
        from listingkit.nlp import UNSPACED

        single: set[str] = set()
        for gram, count in sorted(self.first.items(), key=lambda kv: kv[0].count(" ")):
            if count < LEAD_MIN_TITLES:
                continue
            if leads_as_product(gram, count, titles, lang):
                continue
            if count < LEAD_SHARE * (count + self.later[gram]):
                continue
            words = gram.split(" ")
            if len(words) > 1 and words[0] in single and (
                    count < LEAD_SHARE * self.first[words[0]] or lang in UNSPACED or
                    _zipf(words[1], lang) >= COMMON_ZIPF and not self._owns(words)):
                continue  # "Zorvex Steel": the brand is "zorvex" ("Sobre Estilo", "Aurora
                # World": both, the second a common word that other titles do not write)
            if not any(c.isalpha() for c in gram):
                continue
            shouted = self.capitals[gram] >= LEAD_SHARE * count
            exclusive = not self.later[gram] and count >= EXCLUSIVE_MIN_TITLES and \
                self.named[gram] >= LEAD_SHARE * count
            if lang not in UNSPACED and _zipf(gram, lang) >= (
                    CAPITALS_ZIPF if shouted or exclusive else COMMON_ZIPF) and \
                    not self._owns(words):
                continue
            if len(words) == 1:
                single.add(gram)
            yield gram


def plain(word: Word) -> bool:
    """A word a name is made of: not a stop word, a number or punctuation (nor keyless)."""
    return bool(word.key) and not (word.stop or word.number or word.brk)
