"""Word lists kept as data: ``lexicons/<lang>/<name>.txt`` and ``lexicons/shared/<name>.txt``.

One entry per line, UTF-8, normalised to NFC on load; no comments, so lists can be sorted
mechanically. Provenance lives in ``lexicons/README.md``. Users may add a folder with the same
layout; its entries are added to the built-in ones.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.abc import Traversable
from pathlib import Path

from listingkit.errors import ConfigError, suggest
from listingkit.resources import data_dir


def _read(entry: Traversable | Path) -> tuple[str, ...]:
    text = entry.read_text(encoding="utf-8")
    lines = (unicodedata.normalize("NFC", line.strip()) for line in text.splitlines())
    return tuple(dict.fromkeys(line for line in lines if line))


def available(lang: str | None = None) -> list[str]:
    """Names of the lists for a language (and the shared ones)."""
    root = data_dir("lexicons")
    names: set[str] = set()
    for folder in ("shared", lang) if lang else ("shared",):
        path = root / folder
        if path.is_dir():
            names.update(e.name[:-4] for e in path.iterdir() if e.name.endswith(".txt"))
    return sorted(names)


@cache
def word_list(name: str, lang: str, extra_dir: str | None = None) -> tuple[str, ...]:
    """The entries of list ``name`` for ``lang`` plus the shared list of that name.

    A list that exists in neither place is an error, with a suggestion; a list that exists for
    other languages but not this one is empty (the language simply has no such words yet).
    Lines starting with "!" are not entries but :func:`exceptions`.
    """
    return tuple(e for e in _lines(name, lang, extra_dir) if not e.startswith("!"))


def exceptions(name: str, lang: str, extra_dir: str | None = None) -> tuple[str, ...]:
    """The phrases of list ``name`` written with a leading "!": wording that holds an entry
    but does not mean it ("!new york" in ``temporary.txt``: New York is a place, not a new
    product). A matcher finds them as it finds entries, the longer phrase winning where two
    overlap, and reports nothing for them. Words and spaces only (spaced languages)."""
    return tuple(e[1:].strip() for e in _lines(name, lang, extra_dir)
                 if e.startswith("!") and e[1:].strip())


def _lines(name: str, lang: str, extra_dir: str | None) -> tuple[str, ...]:
    """Every line of list ``name`` (see :func:`word_list`)."""
    root = data_dir("lexicons")
    found = False
    entries: list[str] = []
    roots: list[Traversable | Path] = [root]
    if extra_dir:
        roots.append(Path(extra_dir))
    for base in roots:
        for folder in ("shared", lang):
            entry = base / folder / f"{name}.txt"
            if entry.is_file():
                found = True
                entries.extend(_read(entry))
    if not found and not _exists_anywhere(name):
        known = {n for d in root.iterdir() if d.is_dir() for n in available(d.name)}
        raise ConfigError(f"unknown lexicon {name!r}{suggest(name, known)}")
    return tuple(dict.fromkeys(entries))


def _exists_anywhere(name: str) -> bool:
    root = data_dir("lexicons")
    return any((d / f"{name}.txt").is_file() for d in root.iterdir() if d.is_dir())
