"""Language processing for listing text: the only module that imports spaCy.

One pipeline per language, built once per process and cached. The embedded default is a blank
spaCy pipeline (its rule-based tokenizer and stop words) plus the lookup lemmatizer tables of
spacy-lookups-data; a trained pipeline (``en_core_web_sm`` ...) is used instead when the user
has one installed and names it (config ``keywords.models``). Japanese is segmented by
SudachiPy and Chinese by jieba, both optional extras.

The unit everything else works on is a :class:`Word`: surface text, lemma, a lower-case key,
and whether it is a stop word, a number or a break (punctuation that ends a phrase). Words are
made from the tokenizer alone, with the lemma looked up in a per-language cache, so analysing
thousands of listings costs little more than tokenising them.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from listingkit.errors import ConfigError

#: Languages with an embedded pipeline.
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "ja", "zh")
#: Languages whose words are not separated by spaces (terms are joined without one).
UNSPACED = frozenset({"ja", "zh"})
#: Languages where case carries meaning for the lemmatizer (German nouns are capitalised).
CASED = frozenset({"de"})
#: The optional extra that provides a segmenter: language -> (module, extra name).
EXTRAS = {"ja": (("sudachipy", "sudachidict_core"), "ja"), "zh": (("jieba",), "zh")}

_NUMBER = re.compile(r"^\d+(?:[.,:/x×]\d+)*$")
_GLUED_UNIT = re.compile(r"^(\d+(?:[.,]\d+)?)([^\W\d_]{1,5})$")
_EDGE = "-‐‑'’"
_MARKS = frozenset("®™©℠")
_JA_FUNCTION_TAGS = ("助詞", "助動詞", "補助記号", "記号", "空白")
#: infixes that split two measures written with a slash ("15"/38cm", "30cm/12"",
#: "12V/24V") into a measure, the slash and a measure: the slash after an inch mark, or after
#: a number's unit of one to four letters. A fraction ("1/2", "1/24") stays one number, and
#: a model code ("Club/3", "BID/32625") one word.
_MEASURE_SLASH = (r'(?<=[0-9])["″”](?=/[0-9])', r'(?<=["″”])/(?=[0-9])',
                  *(rf"(?<=[0-9][^\W\d_]{{{n}}})/(?=[0-9])" for n in range(1, 5)))
_BREAK_CHARS = set(".,;:!?|/\\()[]{}<>\"“”„«»—–·•…、。，；：！？（）【】「」『』・")


@dataclass(frozen=True, slots=True)
class Word:
    """One word of analysed text.

    ``key`` is the lower-cased lemma that variants are grouped on; ``space`` is True when
    whitespace followed the word in the text; ``brk`` marks punctuation that ends a phrase.
    """

    text: str
    lemma: str
    key: str
    stop: bool = False
    number: bool = False
    brk: bool = False
    space: bool = True


_NEWLINE = Word(text="\n", lemma="\n", key="", brk=True)
#: Token analyses kept per analyser before the memo starts again (bounded memory).
_MEMO_LIMIT = 500_000


_UNSPACED = ("ja", "zh")
_LONG_RUN_MIN = 100
_LONG_RUN = re.compile(r"\S{100,}")


class Analyzer:
    """Tokenise, lemmatise and flag stop words for one language."""

    def __init__(self, lang: str, nlp: Any, lemmas: Mapping[str, str] | None,
                 trained: bool = False) -> None:
        self.lang = lang
        self.nlp = nlp
        self.trained = trained
        self.lemmas = lemmas
        self.stop_words = frozenset(w.lower() for w in nlp.Defaults.stop_words) | _extra_stops(
            lang)
        self._cache: dict[str, str] = {}
        self._memo: dict[tuple[str, bool], tuple[Word, ...]] = {}

    @property
    def has_lemmas(self) -> bool:
        """False when the language has no lemma table: keys are lower-case forms."""
        return self.trained or self.lemmas is not None or self.lang == "ja"

    def lemma(self, text: str) -> str:
        """The lemma of one word from the lookup table (the word itself when unknown)."""
        found = self._cache.get(text)
        if found is None:
            found = text
            if self.lemmas is not None:
                if self.lang in CASED:
                    found = self.lemmas.get(text) or self.lemmas.get(text.lower()) or text
                else:
                    found = self.lemmas.get(text.lower()) or self.lemmas.get(text) or text
            if isinstance(found, list):  # some tables (fr) list several lemmas
                found = found[0] if found else text
            self._cache[text] = found
        return found

    def is_stop(self, text: str) -> bool:
        return text.lower() in self.stop_words

    def _tame(self, text: str) -> str:
        """Blank runs of 100+ non-space characters in spaced languages: no keyword is that
        long, and spaCy's tokenizer is quadratic on them (a 6 MB cell took 20 s)."""
        if self.lang in _UNSPACED or len(text) < _LONG_RUN_MIN:
            return text
        return _LONG_RUN.sub(" ", text)

    def words(self, text: str) -> list[Word]:
        """Analyse one text."""
        text = self._tame(text)
        return self._words(self.nlp(text) if self.trained else self.nlp.tokenizer(text))

    def pipe(self, texts: Iterable[str], batch_size: int = 256) -> Iterator[list[Word]]:
        """Analyse many texts, streaming; one list of words per text."""
        texts = (self._tame(t) for t in texts)
        if self.trained:
            docs = self.nlp.pipe(texts, batch_size=batch_size)
        else:
            docs = self.nlp.tokenizer.pipe(texts, batch_size=batch_size)
        for doc in docs:
            yield self._words(doc)

    def _words(self, doc: Any) -> list[Word]:
        out: list[Word] = []
        memo = None if self.trained else self._memo
        for tok in doc:
            text = tok.text
            space = bool(tok.whitespace_)
            if memo is not None:
                known = memo.get((text, space))
                if known is not None:
                    out.extend(known)
                    continue
            if tok.is_space:
                if out and ("\n" in text) and not out[-1].brk:
                    out.append(_NEWLINE)
                continue
            made = self._analyse(tok, text, space)
            if memo is not None:
                if len(memo) > _MEMO_LIMIT:
                    memo.clear()
                memo[(text, space)] = made
            out.extend(made)
        return out

    def _analyse(self, tok: Any, text: str, space: bool) -> tuple[Word, ...]:
        """The words of one token (a glued "500ml" gives two); no context is used, so blank
        pipelines cache the answer per token text."""
        if not any(c.isalnum() for c in text):
            if text in _MARKS:  # "Sand® Purple": trademark signs are dropped
                return ()
            return (Word(text, text, "", brk=text not in "-‐‑'’&", space=space),)
        if text[:1] in _EDGE or text[-1:] in _EDGE:  # "dominoes-", "'Classic"
            text = text.strip(_EDGE) or text
        if tok.is_punct or all(c in _BREAK_CHARS for c in text):
            return (Word(text, text, "", brk=text not in "-‐'’&+", space=space),)
        made: list[Word] = []
        glued = _GLUED_UNIT.match(text) if self.lang not in UNSPACED else None
        if glued:  # "500ml" -> "500" "ml": numbers and units are compared apart
            num, unit = glued.groups()
            made.append(Word(num, num, num.replace(",", "."), number=True, space=False))
            text = unit
        if self.trained or self.lang == "ja":
            lemma = tok.lemma_ or text
        else:
            lemma = self.lemma(text)
        stop = self.is_stop(text) or (self.lang == "ja" and tok.tag_.startswith(
            _JA_FUNCTION_TAGS))
        number = bool(_NUMBER.match(text))
        made.append(Word(text, lemma, unicodedata.normalize("NFKC", lemma).lower(),
                         stop=stop and not number, number=number, space=space))
        return tuple(made)


@cache
def analyzer(lang: str, model: str | None = None) -> Analyzer:
    """The cached analyser for ``lang``; ``model`` names an installed trained pipeline."""
    if lang not in LANGUAGES and not model:
        raise ConfigError(f"language {lang!r} is not supported; supported: "
                          f"{', '.join(LANGUAGES)}")
    _require_extra(lang)
    import spacy

    if model:
        try:
            nlp = spacy.load(model, exclude=["parser", "ner", "textcat"])
        except OSError:
            raise ConfigError(f"spaCy pipeline {model!r} for {lang!r} is not installed "
                              f"(python -m spacy download {model}, or remove it from "
                              "keywords.models)") from None
        return Analyzer(lang, nlp, None, trained=True)
    config: dict[str, Any] = {}
    if lang == "zh":
        import jieba

        jieba.setLogLevel(logging.WARNING)
        config = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}
    nlp = spacy.blank(lang, config=config)
    if lang not in UNSPACED:  # "15"/38cm", "30cm/12"": a slash between two measures
        from spacy.util import compile_infix_regex

        tokenizer: Any = nlp.tokenizer
        tokenizer.infix_finditer = compile_infix_regex(
            [*(nlp.Defaults.infixes or ()), *_MEASURE_SLASH]).finditer
    return Analyzer(lang, nlp, _lemma_table(lang))


def _require_extra(lang: str) -> None:
    if lang not in EXTRAS:
        return
    import importlib.util

    modules, extra = EXTRAS[lang]
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise ConfigError(f"language {lang!r} needs word segmentation ({', '.join(missing)} "
                          f"is not installed): pip install 'listingkit[{extra}]'")


def _lemma_table(lang: str) -> Mapping[str, str] | None:
    """The lookup lemma table of spacy-lookups-data, or None where it has none."""
    try:
        from spacy.lookups import load_lookups

        lookups = load_lookups(lang, ["lemma_lookup"], strict=True)
    except (ValueError, ImportError, OSError):
        return None
    return lookups.get_table("lemma_lookup")  # type: ignore[no-any-return]


def _extra_stops(lang: str) -> frozenset[str]:
    """``lexicons/<lang>/stopwords_extra.txt``: listing filler spaCy does not know."""
    from listingkit import lexicons

    try:
        return frozenset(w.lower() for w in lexicons.word_list("stopwords_extra", lang))
    except (ConfigError, FileNotFoundError):
        return frozenset()


def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words for ``lang`` (lower-case)."""
    return analyzer(lang).stop_words


def unaccented(text: str) -> str:
    """``text`` without accents ("Pokémon" is "Pokemon"): titles and brand fields often
    drop them."""
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def join(parts: Iterable[str], lang: str) -> str:
    """Join words into a phrase the way the language writes them."""
    return ("" if lang in UNSPACED else " ").join(parts)
