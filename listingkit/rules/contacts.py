"""Contact details in a text (e-mail addresses, links, phone numbers), found in time linear in
the text's length.

``EMAIL.finditer`` and ``URL.finditer`` are quadratic on some texts: each of their matches
starts at a word boundary and runs over a whole run of word characters before it can fail
("www.www.www..." has a boundary every four characters, and each try reads to the end). Where
a match can start inside such a run, it ends at the run's end whatever the start, so it
succeeds from the run's first boundary or from none of them: :func:`run_matches` tries each
run once, and gives the matches ``finditer`` gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from listingkit.rules.matching import EMAIL, PHONE, URL_BARE, URL_SCHEMED

_BOUNDARY = re.compile(r"\b")

#: the characters an e-mail address's local part is made of (EMAIL's ``[\w.+-]+``), and what
#: follows them
_LOCAL = re.compile(r"[\w.+-]+")
#: the host of a bare link ("shop-name.com": URL's second alternative ``[\w-]+``)
_HOST = re.compile(r"[\w-]+")
#: URL's two alternatives on their own. (A schemed link can start inside a host's run,
#: "x-www.example.org", so it is searched for apart, and the two streams merged.)
_SCHEMED = re.compile(URL_SCHEMED, re.IGNORECASE)
_BARE = re.compile(URL_BARE, re.IGNORECASE)


def run_matches(regex: re.Pattern[str], run: re.Pattern[str], follow: str, text: str,
                pos: int = 0) -> Iterator[re.Match[str]]:
    """The matches of ``regex`` in ``text`` from ``pos``, as ``regex.finditer`` gives them, for
    a regex whose every match starts on a word boundary inside a maximal run of ``run``
    characters, spans that run to its end and continues with ``follow`` (a character that
    ``run`` does not hold). Each run is tried once, from its first word boundary; a run that
    ``follow`` does not end is skipped without trying."""
    while True:
        for found in run.finditer(text, pos):
            start, end = found.span()
            if not text.startswith(follow, end):
                continue
            edge = _BOUNDARY.search(text, start, end)
            if edge is None or edge.start() >= end:
                continue
            match = regex.match(text, edge.start())
            if match is not None:
                yield match
                pos = match.end()
                break
        else:
            return


def emails(text: str) -> list[re.Match[str]]:
    """``EMAIL.finditer(text)``, in linear time."""
    if "@" not in text:
        return []
    return list(run_matches(EMAIL, _LOCAL, "@", text))


def links(text: str) -> list[re.Match[str]]:
    """``URL.finditer(text)``, in linear time: the leftmost of the next schemed link and the
    next bare host (the schemed one first where both start), then on after it."""
    out: list[re.Match[str]] = []
    pos = 0
    schemed = _SCHEMED.search(text, pos)
    bare = run_matches(_BARE, _HOST, ".", text) if "." in text else iter(())
    host = next(bare, None)
    while schemed is not None or host is not None:
        match = schemed if host is None or (
            schemed is not None and schemed.start() <= host.start()) else host
        assert match is not None  # (one of the two is, by the loop's test)
        out.append(match)
        pos = match.end()
        if schemed is not None and schemed.start() < pos:
            schemed = _SCHEMED.search(text, pos)
        if host is not None and host.start() < pos:
            bare = run_matches(_BARE, _HOST, ".", text, pos)
            host = next(bare, None)
    return out


def phones(text: str) -> list[re.Match[str]]:
    """``PHONE.finditer(text)`` (its parts have bounded lengths: linear as it is)."""
    return list(PHONE.finditer(text))


def contacts(text: str) -> list[str]:
    """E-mail addresses, then links, then phone numbers, each span reported once: a link
    is not looked for inside an address, nor a phone number inside either."""
    out: list[str] = []
    for find in (emails, links, phones):
        matches = find(text)
        if not matches:
            continue
        for match in matches:
            found = match.group(0)
            digits = sum(c.isdigit() for c in found)
            if find is phones and digits < (8 if found.startswith("+") else 10):
                continue  # model numbers and sizes ("360 010") are not phone numbers
            out.append(found)
        text = _blank(text, matches)
    return out


def _blank(text: str, matches: list[re.Match[str]]) -> str:
    """``text`` with the spans of ``matches`` (in order, not overlapping) made spaces."""
    parts: list[str] = []
    last = 0
    for match in matches:
        start, end = match.span()
        parts += (text[last:start], " " * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)
