"""What a rule is: a code, a dotted name, a default severity, a docstring, and a check.

A rule's docstring is its documentation, shown by ``listingkit rules CODE`` and in the README's
rule table. Its first line says what it finds; then ``Why:``, ``Fix:``, and at least one
``Fail:`` and one ``Pass:`` example, each a TOML inline table of listing fields (or an array of
tables for catalogue-wide rules). The examples are run by the test suite.

Rules read their numbers from the marketplace spec (``facts``) and their words from lexicons in
:meth:`Rule.prepare`, once per run; :meth:`Rule.check` then runs per listing and must be cheap.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from listingkit.listing import Listing

if TYPE_CHECKING:
    from listingkit.rules.chunk import Chunk

SEVERITIES = ("error", "warning", "info")
RANK = {"info": 1, "warning": 2, "error": 3, "never": 4}


class Fix:
    """A replacement value for one field; ``safe`` fixes keep the meaning.

    The value may be given as a function, ``make``, that builds it the first time it is read: a
    check run without ``--fix`` never pays for replacement texts it will not use. Treat a fix
    as read-only.
    """

    __slots__ = ("_make", "_value", "field", "note", "safe")

    def __init__(self, field: str, value: str | list[str] | None = None, safe: bool = True,
                 note: str = "", make: Callable[[], str | list[str]] | None = None) -> None:
        self.field, self.safe, self.note = field, safe, note
        self._value, self._make = value, make

    @property
    def value(self) -> str | list[str]:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value if self._value is not None else ""

    def _key(self) -> tuple[Any, ...]:
        value = self.value
        return (self.field, tuple(value) if isinstance(value, list) else value, self.safe,
                self.note)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fix) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Fix({self.field!r}, {self.value!r}, safe={self.safe}, note={self.note!r})"


@dataclass(slots=True, unsafe_hash=True)
class Hit:
    """What a rule reports about one listing, before the runner adds the location.

    (Slotted and not frozen: rules make one per finding, and a frozen dataclass costs four
    times as much to build. Treat a hit as read-only.)"""

    message: str
    field: str = ""
    key: str = ""
    fix: Fix | None = None
    severity: str = ""
    #: a sub-code (image findings carry the IMG code of the compliance module)
    code: str = ""


@dataclass(slots=True)
class Finding:
    """One finding, with everything every output format needs."""

    file: str
    row: int
    sku: str
    field: str
    code: str
    name: str
    severity: str
    message: str
    fix: Fix | None = None
    key: str = ""
    url: str = ""

    def fingerprint(self) -> tuple[str, str, str, str]:
        """What a baseline remembers: stable when rows move or messages are reworded."""
        return (self.sku, self.code, self.field, self.key)

    def to_dict(self) -> dict[str, Any]:
        fix = None
        if self.fix is not None:
            fix = {"applicability": "safe" if self.fix.safe else "unsafe",
                   "description": self.fix.note, "field": self.fix.field}
        return {"file": self.file, "row": self.row, "sku": self.sku, "field": self.field,
                "code": self.code, "name": self.name, "severity": self.severity,
                "message": self.message, "fix": fix, "source": self.url or None}


class Rule:
    """Base class. Subclasses set the class attributes and implement :meth:`check`."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[str] = "error"
    field: ClassVar[str] = ""
    #: spec facts the rule reads, for ``listingkit rules CODE``
    facts: ClassVar[tuple[str, ...]] = ()
    #: "safe", "unsafe" or "" (no fix)
    fixable: ClassVar[str] = ""
    #: "row" rules see one listing; "catalogue" rules see all of them, then :meth:`finish`
    scope: ClassVar[str] = "row"
    #: selected unless the user asks otherwise
    default: ClassVar[bool] = True
    #: True when the rule finds nothing in an empty :attr:`field` (the runner skips it then)
    needs_field: ClassVar[bool] = False
    #: True when the hits depend only on :attr:`field` (and the brand): the runner then checks
    #: each distinct text once per run (see :mod:`listingkit.rules.memo`)
    memo: ClassVar[bool] = False
    #: False when a memo rule never reads the brand (its text alone is then the memo key)
    uses_brand: ClassVar[bool] = True
    #: a cheap test of the field's text (bullets joined by newlines), set by :meth:`prepare`:
    #: when it is false the rule has nothing to say about that text, so the runner does not
    #: call :meth:`check`. It may be true where check finds nothing, never the reverse. Most
    #: are built by :func:`listingkit.rules.screens.screen`, whose parts the runner merges
    #: into one test per field (a clean text then skips every rule of the field at once).
    wants: Callable[[str], Any] | None = None

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx

    def prepare(self) -> bool:
        """Read facts and lexicons once. Return False when the rule does not apply here."""
        return True

    def check(self, listing: Listing) -> Iterable[Hit]:
        return ()

    def rows(self, chunk: Chunk) -> Collection[int] | None:
        """Row rules: the rows of ``chunk`` (indices into ``chunk.listings``) that :meth:`check`
        may report on, worked out over the chunk's columns (:mod:`listingkit.rules.columns`)
        in a few passes in C; :meth:`check_chunk` calls :meth:`check` on those rows only. It
        may include rows where check finds nothing, never leave out one where it finds
        something. None (the default): every row, screened by :attr:`wants` one by one."""
        return None

    def check_chunk(self, chunk: Chunk) -> Iterable[tuple[int, Iterable[Hit]]] | None:
        """Row rules: (row, hits) for the rows of ``chunk`` that may have hits, as
        :meth:`check` finds them: by default on the rows :meth:`rows` picks (None when it picks
        none: the runner then goes row by row). A rule whose screen works out what
        :meth:`check` needs anyway may give the hits itself."""
        rows = self.rows(chunk)
        if rows is None:
            return None
        listings, check = chunk.listings, self.check
        return [(i, check(listings[i])) for i in rows]

    def see(self, chunk: Chunk) -> None:
        """Catalogue rules: take in a chunk of listings (by default, :meth:`check` on each)."""
        for listing in chunk.listings:
            self.check(listing)

    def finish(self) -> Iterable[tuple[Listing, Hit]]:
        """Catalogue rules: findings once every listing was seen."""
        return ()

    def url(self) -> str:
        """The source of the first fact this rule reads, for messages and reports."""
        for path in self.fact_paths():
            fact = self.ctx.marketplace.fact(path)
            if fact is not None:
                return fact.url
        return ""

    @classmethod
    def fact_paths(cls) -> list[str]:
        """The spec paths in :attr:`facts`, with ``{field}`` and ``{limit}`` filled in."""
        limit = getattr(cls, "limit", "")
        return [p.format(field=cls.field or "title", limit=limit) for p in cls.facts]

    @classmethod
    def doc(cls) -> RuleDoc:
        return RuleDoc.parse(cls.__doc__ or "")


@dataclass(frozen=True)
class RuleDoc:
    """A rule's docstring, split into its parts."""

    summary: str
    body: str
    why: str
    fix: str
    fail: tuple[str, ...] = field(default=())
    ok: tuple[str, ...] = field(default=())

    _SECTION = re.compile(r"^(Why|Fix|Fail|Pass):\s*", re.MULTILINE)

    @classmethod
    def parse(cls, text: str) -> RuleDoc:
        lines = [line.strip() for line in text.strip().splitlines()]
        summary = lines[0] if lines else ""
        parts: dict[str, list[str]] = {"": [], "Why": [], "Fix": [], "Fail": [], "Pass": []}
        current = ""
        for line in lines[1:]:
            match = re.match(r"^(Why|Fix|Fail|Pass):\s*(.*)$", line)
            if match:
                current = match.group(1)
                parts[current].append(match.group(2))
            elif current in ("Fail", "Pass") and line:
                parts[current][-1] += " " + line
            else:
                parts[current].append(line)
        text_of = lambda key: " ".join(p for p in parts[key] if p).strip()
        return cls(summary=summary, body=text_of(""), why=text_of("Why"), fix=text_of("Fix"),
                   fail=tuple(parts["Fail"]), ok=tuple(parts["Pass"]))

    @staticmethod
    def example(text: str) -> list[dict[str, Any]]:
        """An example as a list of listing records (TOML inline table or array of them)."""
        value = tomllib.loads("v = " + text)["v"]
        return value if isinstance(value, list) else [value]


_RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the catalogue of built-in rules."""
    if cls.code in _RULES:
        raise RuntimeError(f"rule code {cls.code} defined twice")
    _RULES[cls.code] = cls
    return cls


def builtin_rules() -> dict[str, type[Rule]]:
    """Every built-in rule by code, in code order (imports the rule modules once)."""
    from listingkit.rules import (  # noqa: F401
        bullets,
        catalogue,
        description,
        identifiers,
        images,
        language,
        near,
        search_terms,
        title,
    )

    return dict(sorted(_RULES.items(), key=lambda kv: _order(kv[0])))


GROUPS = {"T": "title", "B": "bullets", "D": "description", "S": "search terms",
          "I": "images", "C": "identifiers and catalogue", "L": "language", "X": "your own rules"}


def _order(code: str) -> tuple[int, str]:
    return (list(GROUPS).index(code[0]) if code[:1] in GROUPS else 99, code)


def iter_field_texts(listing: Listing, fields: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(field, text) for each named field; bullets one by one."""
    for name in fields:
        if name == "bullets":
            for bullet in listing.bullets:
                yield name, bullet
        else:
            yield name, listing.text(name)
