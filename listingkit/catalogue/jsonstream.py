"""Decode a JSON array of listings, or ``{"listings": [...]}``, one item at a time.

The stdlib's C scanner decodes each item (``raw_decode``) from a text buffer fed with the
decoded file; the text between items (whitespace, commas, brackets, the object's other keys)
is read here. Text already decoded is dropped, so memory is the largest item plus a read
block, not the file. Errors are the ones ``json.loads`` of the whole text gives, at the line
and column of the whole file: where this reader finds the text between items wrong, the
scanner itself decodes a stand-in for that stretch and says what is wrong with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any, NoReturn

from listingkit.errors import InputError

#: characters of text read at a time (more, doubling, while one item does not fit)
BLOCK = 1 << 16
#: what the scanner decides this far before the end of the text read, the text after cannot
#: change: a number ends at most 3 characters before what it looked at ("1e+" may be "1e+5"),
#: a literal cut short ("-Infinit") fails at most 9 back. (A string cut short fails at its
#: start: "Unterminated string".)
_MARGIN = 16
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_SPACE = re.compile(r"\s*")  # (what str.strip() strips)


class _Refused(ValueError):
    """A value the JSON holds that no listing may: a duplicate key, NaN or Infinity."""


def reject_constant(name: str) -> Any:
    raise _Refused(f"{name} is not valid JSON")


def _duplicate(key: str) -> _Refused:
    return _Refused(f"duplicate key {key!r}")


def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _duplicate(key)
        out[key] = value
    return out


_DECODER = json.JSONDecoder(object_pairs_hook=no_duplicates, parse_constant=reject_constant)


def invalid(path: Path, line: int, error: str | Exception, column: int | None = None
            ) -> InputError:
    """The one-line error for JSON that does not decode: json's message for a syntax error
    at ``column``, or the value refused (a duplicate key, NaN) or the nesting too deep."""
    if column is not None:
        why = f"{error} (column {column})"
    elif isinstance(error, RecursionError):
        why = "nested too deeply"
    else:
        why = str(error)
    return InputError(f"{path}:{line}: invalid JSON: {why}")


class NotListings(Exception):
    """The text holds no array of listings: ``found`` names the type of what it holds
    ("" when it holds nothing but whitespace)."""

    def __init__(self, found: str) -> None:
        super().__init__(found)
        self.found = found


def listing_items(path: Path, text: Iterator[str]) -> Iterator[Any]:
    """The items of the array that ``text`` (the decoded file, in pieces) holds, or of its
    ``"listings"`` array, decoded as they are read. Raises :class:`NotListings` when it holds
    neither, after reading it whole (a syntax error in it comes first, as json.loads says)."""
    stream = _Stream(path, text)
    stream.more(BLOCK)
    if stream.text.startswith("\ufeff"):  # (json.loads refuses it before anything else)
        stream.replay("")
    first = stream.char()
    if first == "[":
        yield from stream.array()
        stream.end()
        return
    if first == "{":
        listed = yield from stream.object()
        stream.end()
        if listed:
            return
        raise NotListings("dict")
    if first.isspace():  # whitespace json does not skip: all of the file, or an error here
        stream.mark = stream.at
        if not stream.char(_SPACE):
            raise NotListings("")
        stream.at = stream.mark
    elif not first:
        raise NotListings("")
    value = stream.value()
    stream.end()
    raise NotListings(type(value).__name__)


class _Stream:
    """The decoded text from ``mark`` on (text before it is dropped when more is read), and
    where ``text[0]`` is in the whole file: json's line (it counts "\\n") and column."""

    def __init__(self, path: Path, pieces: Iterator[str]) -> None:
        self.path = path
        self.pieces = pieces
        self.text = ""
        self.at = 0  # the next character to decode
        self.mark = 0  # the first character still needed
        self.eof = False
        self.line = 1
        self.column = 1

    def more(self, least: int) -> bool:
        """Read at least ``least`` more characters (the rest of the file, near its end),
        dropping the text before ``mark``. False when there was nothing more."""
        if self.eof:
            return False
        drop, text = self.mark, self.text
        breaks = text.count("\n", 0, drop)
        if breaks:
            self.line += breaks
            self.column = drop - text.rfind("\n", 0, drop)
        else:
            self.column += drop
        parts, got = [text[drop:]], 0
        for piece in self.pieces:
            parts.append(piece)
            got += len(piece)
            if got >= least:
                break
        else:
            self.eof = True
        self.text = "".join(parts)
        self.at -= drop
        self.mark = 0
        return got > 0

    def char(self, space: re.Pattern[str] = _JSON_SPACE) -> str:
        """The character at ``at`` once ``space`` is skipped ("" at the end of the file)."""
        while True:
            self.at = space.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text):
                return self.text[self.at]
            if not self.more(BLOCK):
                return ""

    def value(self) -> Any:
        """Decode the JSON value at ``at``, reading more until it is whole."""
        self.mark = self.at
        while True:
            settled = len(self.text) - _MARGIN
            try:
                value, end = _DECODER.raw_decode(self.text, self.at)
            except json.JSONDecodeError as exc:
                if self.eof or (exc.pos < settled
                                and not exc.msg.startswith("Unterminated string")):
                    raise self.located(exc.msg, exc.pos) from None
            except (_Refused, RecursionError) as exc:
                raise invalid(self.path, 1, exc) from None
            except ValueError as exc:  # an integer too long: how long, once it is all read
                if self.eof:
                    raise invalid(self.path, 1, exc) from None
            else:
                if end < settled or self.eof:  # (a number may go on in the next block)
                    self.at = end
                    return value
            self.more(max(BLOCK, len(self.text) - self.mark))  # doubling: linear in all

    def array(self) -> Iterator[Any]:
        """The items of the array whose ``[`` is at ``at``; ``at`` ends after its ``]``."""
        self.at += 1
        self.mark = self.at
        after = self.char()
        if after == "]":
            self.at += 1
            return
        if not after:
            self.replay("[")
        while True:
            yield self.value()
            self.mark = self.at
            after = self.char()
            if after == ",":
                self.at += 1
                if self.char() not in ("]", ""):
                    continue
            elif after == "]":
                self.at += 1
                return
            self.replay("[0")

    def object(self) -> Generator[Any, None, bool]:
        """The items of the ``"listings"`` array of the object whose ``{`` is at ``at``;
        returns whether it had one. Its other values are decoded whole and dropped."""
        self.at += 1
        self.mark = self.at
        keys: set[str] = set()
        duplicate, listed, stand_in = None, False, "{"
        after = self.char()
        while after != "}":
            if after != '"':
                self.replay(stand_in)
            key = self.value()
            self.mark = self.at
            if self.char() != ":":
                self.replay('{""')
            self.at += 1
            if self.char() == "[" and key == "listings" and key not in keys:
                listed = True
                yield from self.array()
            else:
                self.value()
            if key in keys and duplicate is None:
                duplicate = key
            keys.add(key)
            self.mark, stand_in = self.at, '{"":0'
            after = self.char()
            if after == ",":
                self.at += 1
                after = self.char()
                if after == "}":
                    self.replay(stand_in)
            elif after != "}":
                self.replay(stand_in)
        self.at += 1
        if duplicate is not None:  # (json's object_pairs_hook sees the keys at the "}")
            raise invalid(self.path, 1, _duplicate(duplicate))
        return listed

    def end(self) -> None:
        """Refuse anything but whitespace after the top-level value."""
        self.mark = self.at
        if self.char():
            raise self.located("Extra data", self.at)

    def replay(self, stand_in: str) -> NoReturn:
        """Raise json's own error for the text from ``mark`` to the character at ``at``,
        which ``stand_in`` (a start of JSON) comes before in place of the text before it."""
        doc = stand_in + self.text[self.mark:self.at + 1]
        try:
            json.loads(doc)
        except json.JSONDecodeError as exc:
            raise self.located(exc.msg, self.mark + max(0, exc.pos - len(stand_in))) from None
        raise self.located("Expecting value", self.at)  # (not reached: doc is not JSON)

    def located(self, msg: str, pos: int) -> InputError:
        """The error at ``pos`` in ``text``, at its line and column in the whole file."""
        breaks = self.text.count("\n", 0, pos)
        if breaks:
            line, column = self.line + breaks, pos - self.text.rfind("\n", 0, pos)
        else:
            line, column = self.line, self.column + pos
        return invalid(self.path, line, msg, column)
