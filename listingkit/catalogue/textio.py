"""Decode a text file as a stream of lines, failing loudly on bytes that do not decode.

Errors name the file, the line and the byte offset, so nobody ships mojibake.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from listingkit.errors import InputError

CHUNK = 1 << 16
_BREAK = re.compile(r"(\r\n|\r|\n)")

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def _display(codec: str) -> str:
    return "UTF-8" if codec in ("utf-8", "utf-8-sig") else codec


def pick_encoding(head: bytes, requested: str | None) -> str:
    """The codec to use: the requested one, else the file's BOM, else UTF-8 (BOM optional)."""
    if requested:
        try:
            name = codecs.lookup(requested).name
        except LookupError:
            raise InputError(f"unknown encoding {requested!r}") from None
        if name == "utf-8":
            return "utf-8-sig"
        return name
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return "utf-8-sig"


def writing_codec(head: bytes, codec: str) -> str:
    """The codec that writes text back as a file read with ``codec`` was: UTF-8 with its BOM
    only when the file had one (reading accepts both)."""
    if codec == "utf-8-sig" and not head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    return codec


def _breaks(text: str) -> int:
    """The line breaks in ``text``, counted as lines are split: CRLF, CR or LF."""
    return sum(1 for _ in _BREAK.finditer(text))


def decoded_lines(path: Path, handle: BinaryIO, encoding: str, chunked: bool = False
                  ) -> Iterator[str]:
    """Yield lines with their line endings, decoding ``handle`` incrementally.

    With ``chunked``, a line with no break in a whole read chunk is yielded as it is read, in
    pieces, not held until it ends: for a reader that needs text, not lines (a JSON array
    written on one line is one line as long as the file).
    """
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    consumed = 0
    line_no = 1
    parts: list[str] = []  # text after the last complete line (a list: a 30 MB cell spans
    while True:            # hundreds of chunks, and joining it once keeps reading linear)
        chunk = handle.read(CHUNK)
        buffered = len(decoder.getstate()[0])
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            offset = consumed - buffered + exc.start
            before = exc.object[:exc.start].decode(encoding, "replace")
            line = line_no + _breaks("".join(parts) + before)
            bad = exc.object[exc.start:exc.end].hex(" ")
            raise InputError(
                f"{path}:{line}: bytes {bad} at byte offset {offset} are not valid {_display(encoding)}; "
                "pass --encoding (for example cp1252, cp932, gb18030) if the file is not UTF-8"
            ) from None
        consumed += len(chunk)
        if "\x00" in text:
            line = line_no + _breaks("".join(parts) + text[: text.index("\x00")])
            raise InputError(f"{path}:{line}: contains a NUL character; is this a binary file "
                             f"or a {_display(encoding)} file read with the wrong --encoding?")
        if chunk and "\n" not in text and "\r" not in text:
            if not chunked:
                parts.append(text)
                continue
            if not (parts and parts[-1].endswith("\r")):  # (a CR held back ends a line)
                piece = "".join(parts) + text
                parts = []
                if piece:
                    yield piece
                continue
        pending = "".join(parts) + text
        if chunk:
            # cut after the last line break; hold back a trailing CR (its LF may come next)
            cut = max(pending.rfind("\n"), pending.rfind("\r", 0, len(pending) - 1)) + 1
            complete, pending = pending[:cut], pending[cut:]
        else:
            complete, pending = pending, ""
        parts = [pending] if pending else []
        pieces = _BREAK.split(complete)  # text, break, text, break, ..., text
        lines = [pieces[i] + pieces[i + 1] for i in range(0, len(pieces) - 1, 2)]
        if pieces[-1]:
            lines.append(pieces[-1])
        for part in lines:
            line_no += 1
            yield part
        if not chunk:
            return


def text_lines(path: Path, encoding: str | None = None) -> Iterator[str]:
    """The lines of a text file (a keyword or brand list, plain-text listings), decoded as
    :func:`decoded_lines` does: a BOM picks the codec, and bytes that do not decode or a NUL
    (UTF-16 without a BOM read as UTF-8) are an InputError naming the file and line."""
    try:
        with path.open("rb") as handle:
            codec = pick_encoding(handle.read(4), encoding)
            handle.seek(0)
            yield from decoded_lines(path, handle, codec)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None


def read_text(path: Path, encoding: str | None = None) -> str:
    """The whole of a small text file, read as :func:`text_lines` reads it."""
    return "".join(text_lines(path, encoding))
