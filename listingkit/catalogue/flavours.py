"""Catalogue flavours as data (``listingkit/formats/*.toml``): header mapping and detection."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from listingkit.errors import ConfigError, suggest
from listingkit.resources import data_dir

FIELD_TARGETS = ("sku", "title", "brand", "description", "search_terms", "bullets", "images")


def normalise(header: str, strip_parameters: bool = False) -> str:
    """Lower-case, trim, drop a leading ``*``; optionally cut eBay's ``(SiteID=...)``."""
    text = header.strip().lstrip("*").strip().lower()
    if strip_parameters and "(" in text:
        text = text.split("(", 1)[0].strip()
    return text


@dataclass(frozen=True)
class Flavour:
    """A catalogue flavour: how headers map to listing fields, and how to write them back."""

    id: str
    name: str
    mapping: Mapping[str, str]
    detect_all: tuple[str, ...] = ()
    detect_any: tuple[str, ...] = ()
    priority: int = 0
    preamble_rows: int = 0
    strip_parameters: bool = False
    group_by: str | None = None
    repeatable: tuple[str, ...] = ()
    split: Mapping[str, str] = field(default_factory=dict)
    write: Mapping[str, Any] = field(default_factory=dict)
    #: field -> other header names that feed it when no header maps to it, in order of
    #: preference ("product_name" is the title of a file without a "title" column)
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def target(self, header: str) -> tuple[str, int]:
        """The target of a header and its ``{n}`` index (0 when none)."""
        key = normalise(header, self.strip_parameters)
        if key in self.mapping:
            return self.mapping[key], 0
        for regex, target in self._patterns:
            match = regex.fullmatch(key)
            if match:
                return target, int(match.group(1))
        if self.id != "generic":  # a field this flavour lacks may travel under its generic name
            target, n = builtin_flavours()["generic"].target(header)
            if target in FIELD_TARGETS and target not in self._targets:
                return target, n
        return "attr:" + header.strip(), 0

    @cached_property
    def _targets(self) -> frozenset[str]:
        return frozenset(self.mapping.values())

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(re.escape(p).replace(r"\{n\}", r"([0-9]{1,2})")), t)
                for p, t in self.mapping.items() if "{n}" in p]

    def aliased(self, headers: Sequence[str | None], have: Collection[str]) -> dict[int, str]:
        """Which of ``headers`` feed a field by an alias: for each field not in ``have``, the
        header of its first alias present (None: a header that is not a candidate)."""
        names = [None if h is None else normalise(h, self.strip_parameters) for h in headers]
        out = {}
        for name, aliases in self.aliases.items():
            if name not in have:
                index = next((names.index(a) for a in aliases if a in names), None)
                if index is not None:
                    out[index] = name
        return out

    def accepted(self, name: str) -> tuple[str, ...]:
        """The header names that feed field ``name``: its own, then its aliases."""
        return (*(h for h, t in self.mapping.items() if t == name and "{n}" not in h),
                *self.aliases.get(name, ()))

    def matches(self, headers: Sequence[str]) -> bool:
        names = {normalise(h, self.strip_parameters) for h in headers}
        if not all(d in names for d in self.detect_all):
            return False
        return not self.detect_any or any(d in names for d in self.detect_any)


@cache
def builtin_flavours() -> dict[str, Flavour]:
    """Every flavour shipped in ``listingkit/formats``, by id."""
    out = {}
    for entry in data_dir("formats").iterdir():
        if entry.name.endswith(".toml"):
            raw = tomllib.loads(entry.read_text(encoding="utf-8"))
            out[raw["id"]] = Flavour(
                id=raw["id"], name=raw["name"], mapping=raw.get("map", {}),
                detect_all=tuple(raw.get("detect_all", ())),
                detect_any=tuple(raw.get("detect_any", ())),
                priority=raw.get("priority", 0), preamble_rows=raw.get("preamble_rows", 0),
                strip_parameters=raw.get("strip_parameters", False),
                group_by=raw.get("group_by"), repeatable=tuple(raw.get("repeatable", ())),
                split=raw.get("split", {}), write=raw.get("write", {}),
                aliases={k: tuple(v) for k, v in raw.get("aliases", {}).items()})
    return out


def get_flavour(ident: str) -> Flavour:
    flavours = builtin_flavours()
    if ident not in flavours:
        raise ConfigError(f"unknown catalogue flavour {ident!r}{suggest(ident, flavours)}; "
                          f"known: {', '.join(sorted(flavours))}")
    return flavours[ident]


def with_columns(flavour: Flavour, columns: Mapping[str, str],
                 split: Mapping[str, str] | None = None) -> Flavour:
    """The flavour with the user's column mapping (``[tool.listingkit.columns]``) on top, and
    the separators the user's bullets or images cells hold (``[tool.listingkit.split]``:
    ``bullets = " | "`` reads "Keeps cold | Leak-proof" as two bullets, and writes them back
    joined the same way)."""
    if split:
        for name, sep in split.items():
            if name not in ("bullets", "images"):
                raise ConfigError(f"split: {name!r} is not a field of several values; "
                                  "only bullets and images are")
            if not isinstance(sep, str) or not sep:
                raise ConfigError(f"split.{name}: the separator must be a non-empty string")
        flavour = dataclasses.replace(flavour, split={**flavour.split, **split})
    if not columns:
        return flavour
    extra = {}
    for header, target in columns.items():
        base = target.split(":", 1)[0]
        if target not in FIELD_TARGETS and base not in ("attr", "variant", "ignore"):
            raise ConfigError(f"columns: {header!r} maps to unknown field {target!r}"
                              f"{suggest(target, FIELD_TARGETS)}")
        extra[normalise(header, flavour.strip_parameters)] = target
    aliases = {name: tuple(a for a in names if a not in extra)  # (the user's word wins)
               for name, names in flavour.aliases.items()}
    return dataclasses.replace(flavour, mapping={**flavour.mapping, **extra}, aliases=aliases)


def as_read(flavour: Flavour, headers: Sequence[str], targets: Sequence[tuple[str, int]],
            dialect: Mapping[str, str] | None = None,
            above: Sequence[Sequence[str]] = ()) -> Flavour:
    """``flavour`` writing back the file it read as it was: the rows ``above`` the header
    (an Amazon template's TemplateType/signature and label rows) as they were, each column
    under its own name and in its place ("Artikelnummer" mapped to the SKU in config stays
    "Artikelnummer"), and, for the same container, its ``dialect`` (delimiter, encoding,
    line ends: see ``rows.delimited_rows``), so a fix written in place changes the fixed
    cells only. Fields the file had no column for still get their generic columns when a
    listing has them. A flavour that regroups rows (Shopify) or writes constant cells (eBay's
    Action) is written back by patching the file's own cells (``write["patch"]``, see
    :mod:`listingkit.catalogue.patch`) when it is delimited text, else from its template."""
    if flavour.group_by or flavour.write.get("constant"):
        if "delimiter" not in (dialect or {}):
            return flavour
        return dataclasses.replace(flavour, write={
            **flavour.write, "patch": {**dict(dialect or {}), "headers": list(headers)}})
    mapping = dict(flavour.mapping)
    columns = []
    for header, (target, _) in zip(headers, targets):
        if target == "ignore":
            continue  # (not read, so not written)
        if not target.startswith("attr:"):
            mapping[normalise(header, flavour.strip_parameters)] = target
        columns.append(header)
    return dataclasses.replace(flavour, mapping=mapping,
                               write={**flavour.write, "columns": columns, "max_n": {},
                                      "template": list(flavour.write.get("columns", [])),
                                      "preamble": [list(r) for r in above],
                                      "dialect": dict(dialect or {})})


def detect(headers: Sequence[str]) -> Flavour | None:
    """The most specific flavour whose signature the header row carries, or None."""
    for flavour in sorted(builtin_flavours().values(), key=lambda f: -f.priority):
        if flavour.id != "generic" and flavour.matches(headers):
            return flavour
    return None
