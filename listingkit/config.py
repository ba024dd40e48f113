"""Project configuration: ``[tool.listingkit]`` in pyproject.toml, or a listingkit.toml.

The file is found by walking up from the working directory; in each folder ``listingkit.toml``
wins over ``pyproject.toml``, and a pyproject.toml without a ``[tool.listingkit]`` table is
passed over. Keys are validated against ``config.schema.json``: an unknown key is an error that
names it and suggests the closest known one. Command-line flags override config values; a flag
that was not given is ``None``, meaning "use config".
"""

from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from listingkit.errors import ConfigError, ListingkitError, suggest

_MISSING = object()


@dataclass(frozen=True)
class Config:
    """The merged project settings and where they came from."""

    values: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def root(self) -> Path:
        """The folder relative paths in the config are resolved against."""
        return self.path.parent if self.path else Path.cwd()

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.values
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def pick(self, flag: Any, dotted: str, default: Any = None) -> Any:
        """The flag when given, else the config value, else ``default``."""
        return flag if flag is not None else self.get(dotted, default)

    def resolve(self, value: str | Path) -> Path:
        """A path from the config, relative to the config file's folder."""
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.root / path

    def registry(self, extra_specs: tuple[str, ...] = ()) -> Any:
        """The marketplace registry with the user's spec files and overrides."""
        from listingkit.marketplace import Registry

        files = [self.resolve(p) for p in self.get("specs", [])] + [Path(p) for p in extra_specs]
        return Registry(files, overrides=self.get("marketplaces", {}),
                        config_label=str(self.path) if self.path else "config")


@cache
def _schema() -> dict[str, Any]:
    text = resources.files("listingkit").joinpath("config.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """Return the nearest config file at or above ``start`` and its listingkit table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "listingkit.toml"
        if own.is_file():
            return own, read_toml(own)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = read_toml(pyproject).get("tool", {}).get("listingkit")
            if table is not None:
                return pyproject, table
    return None


def read_toml(path: Any, label: object = None, what: str = "config",
              error: type[ListingkitError] = ConfigError) -> dict[str, Any]:
    """Parse a TOML file; any problem is one ``error`` naming the file (or ``label``)."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{label or path}: cannot read {what}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{label or path}: invalid TOML: {exc}") from None


#: how a schema's ``type`` reads in a message
_TYPES = {"string": "a string", "array": "a list", "object": "a table", "integer": "a whole number",
          "number": "a number", "boolean": "true or false", "null": "empty"}


def key_path(parts: Any) -> str:
    """A schema error's location as the user writes it: ``check.rules[2].fields``.

    List items count from 1, as a reader counts the ``[[check.rules]]`` tables in a file."""
    out = ""
    for part in parts:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def schema_problem(err: Any) -> str:
    """One line for a jsonschema error: ``key: what is wrong, got value``."""
    where = key_path(err.absolute_path)
    kind, got = err.validator, f"got {err.instance!r}"
    if kind == "additionalProperties":
        known = err.schema.get("properties", {})
        extra = sorted(set(err.instance) - set(known))
        key = extra[0] if extra else "?"
        full = f"{where}.{key}" if where else key
        return f"unknown key {full!r}{suggest(key, known)}"
    if kind == "type":
        wanted = err.validator_value if isinstance(err.validator_value, list) \
            else [err.validator_value]
        said = f"must be {' or '.join(str(_TYPES.get(t, t)) for t in wanted)}, {got}"
    elif kind == "enum":
        choices = [str(c) for c in err.validator_value]
        hint = suggest(err.instance, choices) if isinstance(err.instance, str) else ""
        said = f"must be one of {', '.join(choices)}, {got}{hint}"
    elif kind == "required":
        missing = [k for k in err.validator_value if k not in err.instance]
        said = f"missing required key {(missing or ['?'])[0]!r}"
    elif kind == "pattern" and err.schema.get("examples"):
        said = f"must look like {err.schema['examples'][0]}, {got}"
    elif kind in ("minItems", "minProperties", "minLength") and err.validator_value == 1:
        said = "must not be empty"
    else:
        said = err.message
    if "propertyNames" in err.schema_path:  # the error is about a key of the table
        said = f"key {err.instance!r} {said}"
    return f"{where or '(top level)'}: {said}"


def check_finite(values: Any, label: str, error: type[ListingkitError] = ConfigError,
                 path: tuple[Any, ...] = ()) -> None:
    """Raise ``error`` for an ``inf`` or ``nan`` anywhere in ``values`` (TOML has both; no
    setting means them, and the schema's bounds let ``nan`` through)."""
    if isinstance(values, float) and not math.isfinite(values):
        raise error(f"{label}: {key_path(path)}: must be a finite number, got {values!r}")
    items = values.items() if isinstance(values, dict) else \
        enumerate(values) if isinstance(values, list) else ()
    for key, value in items:
        check_finite(value, label, error, (*path, key))


def validate(values: dict[str, Any], label: str) -> None:
    """Raise ConfigError for the first unknown key or wrong type, with a suggestion."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    for err in sorted(validator.iter_errors(values), key=lambda e: list(e.absolute_path)):
        raise ConfigError(f"{label}: {schema_problem(err)}")
    check_finite(values, label)


def load_config(explicit: str | Path | None = None, start: Path | None = None) -> Config:
    """Load the config named by ``--config``, or the nearest one, or an empty one."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        data = read_toml(path)
        values = data.get("tool", {}).get("listingkit", {}) if path.name == "pyproject.toml" \
            else data
    else:
        found = find_config(start)
        if found is None:
            return Config()
        path, values = found
    label = f"{path} [tool.listingkit]" if path.name == "pyproject.toml" else str(path)
    validate(values, label)
    return Config(values=values, path=path)
