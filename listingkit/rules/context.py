"""What rules may read during one run: the marketplace, the config, lexicons (compiled once)."""

from __future__ import annotations

from functools import cache
from typing import Any

from listingkit.errors import ConfigError
from listingkit.rules.matching import PhraseMatcher


class Context:
    """One check run against one marketplace."""

    def __init__(self, marketplace: Any, config: Any = None, images_dir: str | None = None
                 ) -> None:
        self.marketplace = marketplace
        self.config = config
        self.images_dir = images_dir
        self.lang = marketplace.language
        self._words: dict[tuple[str, str], tuple[str, ...]] = {}
        self._matchers: dict[tuple[str, frozenset[str]], PhraseMatcher] = {}

    def option(self, key: str, default: Any = None) -> Any:
        """A value from the config's ``[check]`` section."""
        if self.config is None:
            return default
        return self.config.get(f"check.{key}", default)

    def words(self, name: str, lang: str | None = None, missing_ok: bool = False
              ) -> tuple[str, ...]:
        """Lexicon ``name`` (lower-cased) for ``lang``, or by default for the store language
        plus English. (Not all of the spec's ``languages``: "super" is sales talk in German
        and a plain word in English.)"""
        key = (name, lang or "")
        if key not in self._words:
            if lang:
                self._words[key] = _lower_words(name, lang, missing_ok)
            else:  # the store's language, plus English: English sales talk is everywhere
                langs = dict.fromkeys([self.lang, "en"])
                merged: dict[str, None] = {}
                for code in langs:
                    merged.update(dict.fromkeys(_lower_words(name, code, missing_ok or
                                                             code != self.lang)))
                self._words[key] = tuple(merged)
        return self._words[key]

    def matcher(self, name: str, exclude: frozenset[str] = frozenset()) -> PhraseMatcher:
        """A compiled matcher for lexicon ``name`` (minus ``exclude``)."""
        key = (name, exclude)
        if key not in self._matchers:
            entries = [w for w in self.words(name) if w not in exclude]
            exempt = [e for code in dict.fromkeys([self.lang, "en"])
                      for e in _exceptions(name, code)]
            self._matchers[key] = PhraseMatcher(entries, spaced=self.lang not in ("ja", "zh"),
                                                exempt=exempt)
        return self._matchers[key]


@cache
def _lower_words(name: str, lang: str, missing_ok: bool) -> tuple[str, ...]:
    from listingkit.lexicons import word_list

    try:
        return tuple(w.lower() for w in word_list(name, lang))
    except ConfigError:
        if missing_ok:
            return ()
        raise


@cache
def _exceptions(name: str, lang: str) -> tuple[str, ...]:
    from listingkit.lexicons import exceptions

    try:
        return exceptions(name, lang)
    except ConfigError:
        return ()
