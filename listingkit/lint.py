"""The check runner: which rules run, at what severity, on which rows, and the fixes.

Selection works like ruff: ``select``, ``extend_select`` and ``ignore`` take codes (``T005``),
code prefixes (``T``, ``IMG``), rule names (``title.word-repeat``) or name prefixes
(``title``); ``ALL`` selects everything. The most specific entry wins. Findings are then
suppressed per SKU (config ``per_sku_ignores``, glob patterns) or per row (a
``listingkit-noqa`` column listing codes; empty list or ``ALL`` suppresses all), and by a
baseline file.
"""

from __future__ import annotations

import fnmatch
import gc
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import chain, islice
from operator import attrgetter
from typing import Any

from listingkit.errors import ConfigError, suggest
from listingkit.fixes import fixed_copy, todo
from listingkit.listing import Listing
from listingkit.rules.base import RANK, Finding, Rule, builtin_rules
from listingkit.rules.chunk import Chunk
from listingkit.rules.context import Context
from listingkit.rules.images import image_codes
from listingkit.rules.memo import MEMO_FIELDS, FieldMemo

NOQA_COLUMN = "listingkit-noqa"
#: an empty noqa cell (one object for every row)
_NO_CODES: frozenset[str] = frozenset()
MAX_FIX_PASSES = 6
#: rows checked together (see Runner.check_rows); few enough that the texts of a chunk stay in
#: the rules' text caches (4,096 entries: matching.tokens) from the first rule to the last
CHUNK = 256


def chunks(items: Iterable[Any], size: int | None = None) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (default :data:`CHUNK`, read when called), the last one
    shorter; reads an iterator only as far as each list needs."""
    stream, size = iter(items), size or CHUNK
    while chunk := list(islice(stream, size)):
        yield chunk


def catalogue_codes(extra: Iterable[type[Rule]] = ()) -> dict[str, str]:
    """Every code -> name: built-in rules, image (IMG) rules and the user's own."""
    codes = {code: cls.name for code, cls in builtin_rules().items()}
    codes.update({code: f"images.{code.lower()}" for code in image_codes()})
    codes.update({cls.code: cls.name for cls in extra})
    return codes


def _matches(token: str, code: str, name: str) -> int:
    """How specifically ``token`` selects a rule: 0 no, else the length matched."""
    if token == "ALL":
        return 1
    if code.startswith(token) or name == token or name.startswith(token + "."):
        return len(token) + 1
    if code.startswith("IMG") and token in ("I", "images"):
        return 2
    return 0


def select_codes(codes: dict[str, str], select: Sequence[str] | None,
                 extend: Sequence[str] = (), ignore: Sequence[str] = (),
                 defaults: Iterable[str] = ()) -> set[str]:
    """The codes that run. Unknown selectors are a ConfigError with a suggestion."""
    vocabulary = set(codes) | set(codes.values())
    for token in (*(select or ()), *extend, *ignore):
        if not any(_matches(token, c, n) for c, n in codes.items()):
            raise ConfigError(f"unknown rule selector {token!r}"
                              f"{suggest(token, vocabulary)}; `listingkit rules` lists them")
    chosen = set()
    for code, name in codes.items():
        on = max((_matches(t, code, name) for t in (select or ())), default=0)
        if select is None:
            on = 1 if code in defaults else 0
        on = max(on, max((_matches(t, code, name) for t in extend), default=0))
        off = max((_matches(t, code, name) for t in ignore), default=0)
        if on > off:  # the more specific selector wins; ignore wins a tie
            chosen.add(code)
    return chosen


def parse_noqa(value: str) -> set[str] | None:
    """Codes in a noqa cell; ``{"ALL"}`` for a bare marker; None when the cell is empty."""
    text = value.strip()
    if not text:
        return None
    tokens = {t for t in re.split(r"[\s,;]+", text) if t}
    if tokens & {"ALL", "all", "*", "noqa", "yes", "true", "1"}:
        return {"ALL"}
    return tokens


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    listings: int = 0
    fixed: list[tuple[Listing, Listing]] = field(default_factory=list)  # (before, after)
    changed: int = 0  # listings a fix changed (also when they went to ``on_fix``)
    fixes_applied: int = 0
    output: list[Listing] = field(default_factory=list)  # (every listing: keep_output)


class Runner:
    """Run the selected rules over a catalogue."""

    def __init__(self, ctx: Context, select: Sequence[str] | None = None,
                 extend_select: Sequence[str] = (), ignore: Sequence[str] = (),
                 extra_rules: Iterable[type[Rule]] = (), fix: bool = False,
                 unsafe_fixes: bool = False) -> None:
        self.ctx = ctx
        extra = list(extra_rules)
        classes = {**builtin_rules(), **{cls.code: cls for cls in extra}}
        codes = catalogue_codes(extra)
        defaults = [c for c, cls in classes.items() if cls.default] + list(image_codes())
        self.enabled = select_codes(codes, select, extend_select, ignore, defaults)
        self.names = codes
        overrides = ctx.option("severity", {}) or {}
        for key in overrides:
            if key not in codes:
                raise ConfigError(f"check.severity: unknown rule code {key!r}"
                                  f"{suggest(key, codes)}")
        self.severity = dict(overrides)
        # image sub-codes run through I002
        wanted = {c for c in self.enabled if self.severity.get(c) != "off"}
        if any(c.startswith("IMG") for c in wanted):
            wanted.add("I002")
        self.wanted = wanted
        self.rules = [cls(ctx) for code, cls in classes.items() if code in wanted]
        self.rules = [rule for rule in self.rules if rule.prepare()]
        self.row_rules = [r for r in self.rules if r.scope == "row"]
        self.urls = {rule.code: rule.url() for rule in self.rules}
        self.per_sku = {str(k): set(v) for k, v in (ctx.option("per_sku_ignores", {}) or {})
                        .items()}
        self.fix, self.unsafe = fix or unsafe_fixes, unsafe_fixes
        self.row_noqa: dict[tuple[str, int], set[str]] = {}
        self.kept = {code: self._keep(code, set()) for code in codes}
        self.steps = _steps(self.row_rules, self._compute)
        #: the memos of the text fields, and the other row rules with the field that must not
        #: be empty ("" if none) and their screen
        self.memos = [step for step in self.steps if step.__class__ is FieldMemo]
        self.memo_findings = [memo.findings_of for memo in self.memos]
        self.plain = [(rule, rule.check, rule.field if rule.needs_field else "", rule.wants)
                      for rule in self.steps if rule.__class__ is not FieldMemo]
        self.noqa_keys: dict[str, bool] = {}

    # -- suppression ------------------------------------------------------------------------
    def _suppressions(self, listing: Listing, noqa: AbstractSet[str] | None = None) -> set[str]:
        """Selectors that silence findings on this listing: per-SKU config and noqa cell."""
        tokens: set[str] = set()
        for pattern, codes in self.per_sku.items():
            if fnmatch.fnmatchcase(listing.sku, pattern):
                tokens |= codes
        if noqa is None and listing.attributes:
            noqa = self._noqa(listing)
        if noqa is None and listing.source is not None:  # catalogue rules pass a stub listing
            noqa = self.row_noqa.get((listing.source.file, listing.source.row))
        return tokens | (noqa or set())

    def _row_noqa(self, listing: Listing) -> set[str] | None:
        """The listing's noqa cell, remembered by file and row for the catalogue rules."""
        noqa = self._noqa(listing) if listing.attributes else None
        if noqa and listing.source is not None:
            self.row_noqa[(listing.source.file, listing.source.row)] = noqa
        return noqa

    def _chunk_noqa(self, chunk: Chunk) -> list[AbstractSet[str]]:
        """:meth:`_row_noqa` of each listing (an empty set where it has none); a chunk whose
        rows have no noqa column (the usual case: one look at the chunk's distinct attribute
        names) needs no row looked at, and one with a single noqa column reads it as a column
        (no listing made)."""
        names = [name for name in chunk.attribute_names() if self._is_noqa_column(name)]
        if not names:
            return [_NO_CODES] * len(chunk.listings)
        rows = chunk.source_rows()
        if len(names) > 1 or rows is None:  # (the first of several columns: row by row)
            return [self._row_noqa(listing) or _NO_CODES for listing in chunk.listings]
        out: list[AbstractSet[str]] = []  # (the cells, as _row_noqa reads each listing's)
        for cell, file, row in zip(chunk.attribute(names[0]), chunk.source_files(), rows):
            noqa = parse_noqa(cell) if cell else None
            if noqa:
                self.row_noqa[(file, row)] = noqa
            out.append(noqa or _NO_CODES)
        return out

    def _noqa(self, listing: Listing) -> set[str] | None:
        """The listing's noqa cell."""
        for key in listing.attributes:
            if self._is_noqa_column(key):
                return parse_noqa(listing.attributes[key])
        return None

    def _is_noqa_column(self, key: str) -> bool:
        """Whether an attribute (column) name is the noqa column; each distinct name is
        looked at once per run."""
        hit = self.noqa_keys.get(key)
        if hit is None:
            hit = self.noqa_keys[key] = key.strip().lower() == NOQA_COLUMN
        return hit

    def _keep(self, code: str, silenced: set[str]) -> bool:
        if code not in self.wanted or self.severity.get(code) == "off":
            return False
        name = self.names.get(code, "")
        return not (silenced and any(_matches(t, code, name) for t in silenced))

    def _parts(self, rule: Rule, hit: Any) -> tuple[Any, ...]:
        """A finding's fields after file, row and SKU (they depend on the hit alone)."""
        code = hit.code or rule.code
        severity = self.severity.get(code) or hit.severity or (
            image_codes().get(code, ("", ""))[0] if code.startswith("IMG") else "") \
            or rule.severity
        return (hit.field or rule.field, code, self.names.get(code, rule.name), severity,
                hit.message, hit.fix, hit.key, self.urls.get(rule.code, ""))

    def _finding(self, rule: Rule, listing: Listing, hit: Any) -> Finding:
        source = listing.source
        return Finding(source.file if source else "", source.row if source else 0,
                       listing.sku, *self._parts(rule, hit))

    def _compute(self, rules: list[Rule], work: list[tuple[Listing, str]]
                 ) -> list[list[tuple[Any, ...]]]:
        """The finding parts of ``rules`` on each (listing, the text of the field) of
        ``work``, rule by rule, for codes that are on at all; a rule whose :attr:`Rule.wants`
        says no to a text is not called on it."""
        kept, make = self.kept, self._parts
        out: list[list[tuple[Any, ...]]] = [[] for _ in work]
        for rule in rules:
            wants, check = rule.wants, rule.check
            for found, (listing, text) in zip(out, work):
                if wants is None or wants(text):
                    found += [make(rule, hit) for hit in check(listing)
                              if kept.get(hit.code or rule.code, False)]
        return out

    def check_row(self, listing: Listing, noqa: AbstractSet[str] | None = None) -> list[Finding]:
        """The findings of the row rules on one listing; ``noqa`` is its noqa cell if known."""
        return self.check_rows([listing], [noqa])[0]

    def check_rows(self, listings: Sequence[Listing],
                   noqas: Sequence[AbstractSet[str] | None], chunk: Chunk | None = None
                   ) -> list[list[Finding]]:
        """The findings of the row rules on each listing (``noqas``: their noqa cells, None
        where not known), as :meth:`check_row` gives them one by one. ``chunk``: the
        listings as a :class:`~listingkit.rules.columns.Chunk`, if made already.

        Rule by rule over the listings, not listing by listing: each rule's code, tables and
        caches stay hot in the CPU's caches while it runs over a chunk of rows: about 30 %
        less CPU on 100k rows than every rule on one row before the next row."""
        # the finding parts of each row that has some (most rows have none: no list each)
        parts: dict[int, list[tuple[Any, ...]]] = {}
        chunk = chunk or Chunk(listings)
        for memo_findings in self.memo_findings:
            for i, hits in memo_findings(chunk):
                found = parts.get(i)
                if found is None:
                    parts[i] = list(hits)
                else:
                    found += hits
        kept, make = self.kept, self._parts
        for rule, check, name, wants in self.plain:
            pairs = rule.check_chunk(chunk)
            if pairs is None:  # not worked out over the chunk: row by row
                pairs = enumerate(map(check, listings)) if not name else (
                    (i, check(listing)) for i, listing in enumerate(listings)
                    if getattr(listing, name, True)  # (an empty field: nothing to say)
                    and (wants is None or wants(listing.text(name))))
            for i, hits in pairs:
                if hits:  # (most checks give back an empty tuple or list; generators are true)
                    for hit in hits:
                        if kept.get(hit.code or rule.code, False):
                            parts.setdefault(i, []).append(make(rule, hit))
        out: list[list[Finding]] = [[] for _ in range(len(listings))]
        for i, found in parts.items():
            out[i] = self._located(listings[i], found, noqas[i])
        return out

    def _located(self, listing: Listing, parts: list[tuple[Any, ...]],
                 noqa: AbstractSet[str] | None) -> list[Finding]:
        """The findings of one listing from their parts, suppressed ones left out."""
        silenced = self._suppressions(listing, noqa) \
            if self.per_sku or noqa or (noqa is None and listing.attributes) else None
        source = listing.source
        file, row = (source.file, source.row) if source else ("", 0)
        sku, keep = listing.sku, self._keep
        return [Finding(file, row, sku, *part) for part in parts
                if not silenced or keep(part[1], silenced)]

    def fix_rows(self, listings: Sequence[Listing], founds: list[list[Finding]]
                 ) -> tuple[list[Listing], list[list[Finding]], list[int]]:
        """Fix copies of ``listings``, whose findings are ``founds``, until no fixable finding
        is left or MAX_FIX_PASSES passes have run: each listing with fixes to apply gets them
        (a copy each pass), then those listings are checked again together, as a chunk. The
        listings as fixed (the same object where nothing was), their findings, and how many
        fixes each got: as fixing each listing alone would give them."""
        current, found = list(listings), list(founds)
        counts = [0] * len(current)
        pending: Sequence[int] = range(len(current))
        for _ in range(MAX_FIX_PASSES):
            changed = []
            for i in pending:
                fixes = todo(found[i], self.unsafe)
                if fixes:
                    current[i], applied = fixed_copy(current[i], fixes)
                    counts[i] += applied
                    changed.append(i)
            if not changed:
                break
            again = self.check_rows([current[i] for i in changed], [None] * len(changed))
            for i, hits in zip(changed, again, strict=True):
                found[i] = hits
            pending = changed
        return current, found, counts

    def run(self, listings: Iterable[Listing], keep_output: bool = True,
            on_fix: Callable[[Listing, Listing], None] | None = None) -> Result:
        """Check every listing (and fix it when asked: the catalogue-wide rules then see it as
        fixed), then finish the catalogue-wide rules. A chunk of listings is checked at a time,
        fixed or not (see :meth:`fix_rows`); a :class:`~listingkit.catalogue.Catalogue` gives
        its own chunks, which make the listings of the rows the rules look at closely only
        (see :meth:`Catalogue.chunks`). A fix run without ``keep_output`` keeps only the
        listings it changed (``fixed``), or, with ``on_fix``, keeps none: every listing goes
        to ``on_fix(as read, as fixed)`` once its chunk is fixed, in catalogue order (the same
        object twice when nothing was fixed).

        The cyclic garbage collector is paused meanwhile: a run allocates hundreds of
        thousands of small acyclic objects, and collections that rescan every listing and
        finding kept cost a quarter of the time. Reference counting still frees everything.
        """
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._run(listings, keep_output, on_fix)
        finally:
            if enabled:
                gc.enable()

    def _run(self, listings: Iterable[Listing], keep_output: bool,
             on_fix: Callable[[Listing, Listing], None] | None) -> Result:
        result = Result()
        catalogue_rules = [rule for rule in self.rules if rule.scope == "catalogue"]
        add = result.findings.extend
        # rows are read, checked and fixed a chunk at a time (see check_rows, fix_rows)
        read = getattr(listings, "chunks", None)  # (a Catalogue's own: see run)
        for chunk in read(CHUNK) if read is not None else chunks(listings):
            result.listings += len(chunk)
            columns = Chunk(chunk)
            noqas = self._chunk_noqa(columns)
            founds = self.check_rows(chunk, noqas, columns)
            if self.fix:
                after, founds, counts = self.fix_rows(chunk, founds)
                for before, fixed, count in zip(chunk, after, counts, strict=True):
                    if on_fix is not None:
                        on_fix(before, fixed)
                    if count:
                        if on_fix is None:
                            result.fixed.append((before, fixed))
                        result.fixes_applied += count
                        result.changed += 1
                if keep_output:
                    result.output += after
                if any(counts):  # (the catalogue rules see the listings as fixed)
                    columns = Chunk(after)
            add(chain.from_iterable(founds))
            for rule in catalogue_rules:
                rule.see(columns)
        for rule in catalogue_rules:
            for where, hit in rule.finish():
                if self._keep(hit.code or rule.code, self._suppressions(where)):
                    result.findings.append(self._finding(rule, where, hit))
        result.findings.sort(key=attrgetter("file", "row", "code", "field", "key"))
        return result


def _steps(rules: list[Rule], compute: Any) -> list[Any]:
    """The row rules in order, the memo rules of each text field gathered into one memo (at
    the place of the field's first one): one lookup per field and row, not one per rule.
    Findings are sorted at the end, so the order rules run in does not show."""
    steps: list[Any] = []
    grouped: dict[str, list[Rule]] = {}
    for rule in rules:
        if not (rule.memo and rule.needs_field and rule.field in MEMO_FIELDS):
            steps.append(rule)
        elif rule.field in grouped:
            grouped[rule.field].append(rule)
        else:
            grouped[rule.field] = [rule]
            steps.append(rule.field)
    return [FieldMemo(step, grouped[step], compute) if isinstance(step, str) else step
            for step in steps]


def failing(findings: Sequence[Finding], fail_on: str) -> bool:
    return any(RANK[f.severity] >= RANK[fail_on] for f in findings)
