"""Marketplace specs: one TOML file per marketplace, validated when it loads.

A spec holds *facts*: tables ``{value, source, as_of?, uncertain?, note?, unit?}``. ``source``
names an entry of the spec's ``[sources]`` table, whose ``as_of`` the fact inherits. A spec may
``extends = "other-id"``: it is then deep-merged over that spec. Users add or override
marketplaces with their own files (config ``specs = [...]`` or ``--spec PATH``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from listingkit.errors import SpecError, suggest
from listingkit.resources import data_dir

_MISSING = object()


@dataclass(frozen=True)
class Fact:
    """One sourced marketplace fact."""

    path: str
    value: Any
    source: str
    url: str
    as_of: str
    uncertain: bool = False
    note: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Marketplace:
    """A validated marketplace spec. Read facts with :meth:`value` or :meth:`fact`."""

    id: str
    name: str
    origin: str
    data: Mapping[str, Any] = field(repr=False)

    @property
    def language(self) -> str:
        return str(self.value("language"))

    @property
    def languages(self) -> list[str]:
        return list(self.value("languages", [self.language]))

    @property
    def upload_format(self) -> str:
        return str(self.data.get("upload_format", "generic"))

    def fact(self, path: str) -> Fact | None:
        """Return the fact at a dotted path such as ``fields.title.max_chars``, or None."""
        node: Any = self.data
        for part in path.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return None
            node = node[part]
        if not isinstance(node, Mapping) or "value" not in node:
            return None
        src = self.data.get("sources", {}).get(node["source"], {})
        return Fact(path=path, value=node["value"], source=node["source"],
                    url=src.get("url", ""), as_of=node.get("as_of", src.get("as_of", "undated")),
                    uncertain=bool(node.get("uncertain", False)), note=node.get("note", ""),
                    unit=node.get("unit", ""))

    def value(self, path: str, default: Any = _MISSING) -> Any:
        """Return a fact's value; ``default`` (or a SpecError) when the spec has none."""
        found = self.fact(path)
        if found is not None:
            return found.value
        if default is _MISSING:
            raise SpecError(f"marketplace {self.id!r} has no value for {path}")
        return default

    def facts(self) -> list[Fact]:
        """Every fact in the spec, in file order."""
        out: list[Fact] = []

        def walk(node: Mapping[str, Any], prefix: str) -> None:
            for key, sub in node.items():
                if key in ("sources", "score") or not isinstance(sub, Mapping):
                    continue
                path = f"{prefix}{key}"
                if "value" in sub:
                    fact = self.fact(path)
                    if fact:
                        out.append(fact)
                else:
                    walk(sub, path + ".")

        walk(self.data, "")
        return out


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``over`` into a copy of ``base``; a fact table in ``over`` replaces the whole fact."""
    out = dict(base)
    for key, value in over.items():
        old = out.get(key)
        if (isinstance(value, Mapping) and isinstance(old, Mapping)
                and "value" not in value and "value" not in old):
            out[key] = deep_merge(old, value)
        else:
            out[key] = value
    return out


@cache
def _schema() -> dict[str, Any]:
    text = (data_dir("specs") / "spec.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _read_toml(path: Any, label: str) -> dict[str, Any]:
    from listingkit.config import read_toml

    return read_toml(path, label, what="spec", error=SpecError)


def _check_shape(data: Mapping[str, Any], label: str) -> None:
    """Check ``data`` against spec.schema.json: keys, types and values, not yet sources or
    required keys (a user's file may be a partial override)."""
    import jsonschema

    from listingkit.config import check_finite, schema_problem

    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise SpecError(f"{label}: {schema_problem(errors[0])}")
    check_finite(data, label, SpecError)


def _validate(data: Mapping[str, Any], label: str) -> None:
    _check_shape(data, label)
    sources = data.get("sources", {})
    missing = []

    def walk(node: Mapping[str, Any], prefix: str) -> None:
        for key, sub in node.items():
            if key in ("sources", "score") or not isinstance(sub, Mapping):
                continue
            if "value" in sub:
                if sub.get("source") not in sources:
                    missing.append(f"{prefix}{key} (source {sub.get('source')!r})")
            else:
                walk(sub, f"{prefix}{key}.")

    walk(data, "")
    if missing:
        raise SpecError(f"{label}: fact with an unknown source: {missing[0]}")
    for required in ("id", "name", "language"):
        if required not in data:
            raise SpecError(f"{label}: missing required key {required!r}")


class Registry:
    """Every known marketplace: the built-in specs plus the user's files."""

    def __init__(self, extra: Iterable[str | Path] = (),
                 overrides: Mapping[str, Mapping[str, Any]] | None = None,
                 config_label: str = "config") -> None:
        #: id -> (the spec as read, where it comes from); a built-in spec is read when first
        #: needed (its id is its file name: the test suite checks it)
        self._raw: dict[str, tuple[dict[str, Any] | None, str]] = {}
        self._files: dict[str, Traversable] = {}
        for entry in sorted(data_dir("specs").iterdir(), key=lambda p: p.name):
            if entry.name.endswith(".toml"):
                self._raw[entry.name[:-5]] = (None, f"built-in:{entry.name}")
                self._files[entry.name[:-5]] = entry
        mine: list[str] = []  # the ids the user's files and config add or change
        for path in extra:
            path = Path(path)
            if not path.is_file():
                raise SpecError(f"{path}: spec file not found")
            raw = _read_toml(path, str(path))
            _check_shape(raw, str(path))
            if "id" not in raw:
                raise SpecError(f"{path}: missing required key 'id'")
            self._add(raw["id"], raw, str(path))
            mine.append(raw["id"])
        for ident, over in (overrides or {}).items():
            label = f"{config_label} [marketplaces.{ident}]"
            raw = {"id": ident, **over}
            _check_shape(raw, label)
            self._add(ident, raw, label)
            mine.append(ident)
        self._loaded: dict[str, Marketplace] = {}
        for ident in dict.fromkeys(mine):  # checked whatever marketplace the command uses
            self.get(ident)

    def _add(self, ident: str, raw: dict[str, Any], origin: str) -> None:
        """Add a spec, or deep-merge it over the one with the same id (a partial override)."""
        if ident in self._raw:
            raw = deep_merge(self._read(ident), raw)
        self._raw[ident] = (raw, origin)

    def _read(self, ident: str) -> dict[str, Any]:
        """The spec ``ident`` as read (a built-in one read now if not yet)."""
        raw, origin = self._raw[ident]
        if raw is None:
            path = self._files[ident]
            raw = _read_toml(path, f"built-in spec {path.name}")
            self._raw[ident] = (raw, origin)
        return raw

    def ids(self) -> list[str]:
        return sorted(self._raw)

    def get(self, ident: str) -> Marketplace:
        if ident not in self._raw:
            raise SpecError(f"unknown marketplace {ident!r}{suggest(ident, self._raw)}; "
                            "`listingkit platforms` lists them")
        if ident not in self._loaded:
            data = self._resolve(ident, ())
            _, origin = self._raw[ident]
            touched = self._touched(ident)
            if touched:  # (the built-in specs are checked by the test suite)
                _validate(data, touched if touched == origin
                          else f"{touched} (as inherited by {origin})")
            self._loaded[ident] = Marketplace(id=ident, name=data["name"], origin=origin, data=data)
        return self._loaded[ident]

    def validate(self, ident: str) -> None:
        """Check spec ``ident``, as resolved, against spec.schema.json and its sources
        (:meth:`get` does so for every spec a user's file or config touched)."""
        _validate(self._resolve(ident, ()), self._raw[ident][1])

    def _touched(self, ident: str) -> str:
        """Where the first spec in the chain of ``ident`` and the specs it extends comes from
        that is not a built-in one as shipped ("" when there is none). For a chain that
        :meth:`_resolve` has followed already: no loop, no unknown spec."""
        while ident:
            origin = self._raw[ident][1]
            if not origin.startswith("built-in:"):
                return origin
            ident = self._read(ident).get("extends", "")
        return ""

    def _resolve(self, ident: str, chain: tuple[str, ...]) -> dict[str, Any]:
        if ident in chain:
            raise SpecError(f"{self._raw[ident][1]}: marketplace {ident!r}: 'extends' loops "
                            f"through {' -> '.join((*chain, ident))}")
        if ident not in self._raw:
            raise SpecError(f"{self._raw[chain[-1]][1]}: extends unknown marketplace {ident!r}"
                            f"{suggest(ident, self._raw)}")
        raw = self._read(ident)
        parent = raw.get("extends")
        if not parent:
            return dict(raw)
        merged = deep_merge(self._resolve(parent, (*chain, ident)), raw)
        merged.pop("extends", None)
        return merged

    def all(self) -> list[Marketplace]:
        return [self.get(i) for i in self.ids()]
