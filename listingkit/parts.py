"""Reports made in parts: text given out as it is made, to be written as it comes.

A report of a large catalogue (230k findings of 100k listings) built as one string is
several times its own size in memory at its peak: ``json.dumps`` first makes a dict per
item, then a list of every small piece of text, then the string; a writer may then copy it
again to encode it. :func:`gathered` joins small pieces into parts of about :data:`PART`
characters, and :func:`json_parts` writes what ``json.dumps(value, ensure_ascii=False,
indent=2)`` writes, byte for byte, with the items of an :class:`Items` array made and
encoded one at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

#: characters gathered into one part
PART = 1 << 16
INDENT = "  "


def gathered(pieces: Iterable[str], size: int = PART) -> Iterator[str]:
    """``pieces`` joined into parts of about ``size`` characters, in order (the last part
    may be empty)."""
    part: list[str] = []
    held = 0
    for piece in pieces:
        part.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(part)
            part, held = [], 0
    yield "".join(part)


class Items:
    """A JSON array whose items come from an iterable: each item is made, encoded and let go
    in turn (an item is any JSON value, written whole: it holds no :class:`Items`)."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def _dumps(value: Any, level: int) -> str:
    """``value`` as ``json.dumps(indent=2)`` writes it ``level`` containers deep: its lines
    indented by the containers' indent (a JSON string holds no newline of its own: it is
    written ``\\n``, so each newline of the text is one of the indentation's)."""
    text = json.dumps(value, ensure_ascii=False, indent=len(INDENT))
    return text.replace("\n", "\n" + INDENT * level) if level else text


def json_parts(value: Any, level: int = 0) -> Iterator[str]:
    """The pieces of ``json.dumps(value, ensure_ascii=False, indent=2)``, where the dicts
    and lists of ``value`` may hold :class:`Items` (dict keys must then be strings)."""
    inner = "\n" + INDENT * (level + 1)
    if isinstance(value, Items):
        opening = "["
        for item in value.items:
            yield opening + inner + _dumps(item, level + 1)
            opening = ","
        yield "[]" if opening == "[" else "\n" + INDENT * level + "]"
    elif isinstance(value, dict) and value:
        opening = "{"
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"json_parts: keys must be strings, not {key!r}")
            yield opening + inner + json.dumps(key, ensure_ascii=False) + ": "
            yield from json_parts(item, level + 1)
            opening = ","
        yield "\n" + INDENT * level + "}"
    elif isinstance(value, (list, tuple)) and value:
        opening = "["
        for item in value:
            yield opening + inner
            yield from json_parts(item, level + 1)
            opening = ","
        yield "\n" + INDENT * level + "]"
    else:
        yield _dumps(value, level)
