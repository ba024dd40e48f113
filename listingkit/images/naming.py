"""Safe, predictable output names: ``{sku}/{platform}/{sku}_{n}.{ext}`` by default.

SKUs are untrusted: they are NFKC-normalised, every character outside ``A-Z a-z 0-9 . _ -``
becomes ``_``, leading dots and Windows device names are defused, and long SKUs are cut with a
hash suffix. Two SKUs that sanitise to the same name are told apart deterministically: the one
that needed no change (or sorts first) keeps the name, the others get ``_<hash8>``. A rendered
path that would leave the output folder is refused.
"""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections.abc import Iterable
from pathlib import PurePosixPath

from listingkit.errors import ConfigError, OutputError, shown

DEFAULT_PATTERN = "{sku}/{platform}/{sku}_{n}.{ext}"
FIELDS = ("sku", "platform", "role", "n", "ext", "stem")
MAX_SKU = 80
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
            *(f"LPT{i}" for i in range(10))}


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def sanitise(sku: str, limit: int = MAX_SKU) -> str:
    """A file-name-safe form of ``sku`` (never empty, never ``.``/``..``)."""
    text = unicodedata.normalize("NFKC", sku).strip()
    # no leading dot (hidden), no trailing dot (Windows drops it: "A." would be "A")
    safe = _UNSAFE.sub("_", text).strip(".") or "_"
    if safe.split(".")[0].upper() in _DEVICES:
        safe = "_" + safe
    if len(safe) > limit:
        safe = f"{safe[:limit - 9]}_{_digest(sku)}"
    return safe


def safe_names(skus: Iterable[str]) -> dict[str, str]:
    """Map each SKU to a unique safe name (case-insensitively unique, for macOS/Windows)."""
    unique = sorted(set(skus))
    taken: dict[str, str] = {}
    out: dict[str, str] = {}
    # SKUs that are already safe claim their names first, then the rest in sorted order
    for sku in sorted(unique, key=lambda s: (sanitise(s) != s, s)):
        name = sanitise(sku)
        if name.lower() in taken:
            name = f"{sanitise(sku, MAX_SKU - 9)}_{_digest(sku)}"
        taken[name.lower()] = sku
        out[sku] = name
    return out


def fields(pattern: str, allowed: Iterable[str], label: str) -> list[str]:
    """The field names of a ``{field}`` pattern, in order; ConfigError (naming ``label``, the
    pattern and the field) for a malformed pattern, an unknown field, or a field with a format
    spec or conversion (``{sku:>9}``, ``{n!r}``: widths could make names of any size)."""
    known = tuple(allowed)
    where = f"{label} {shown(pattern)}"
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc} (write {{{{ or }}}} for a literal brace)") from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        field = "{" + name + (f"!{conversion}" if conversion else "") + (
            f":{spec}" if spec else "") + "}"
        if name not in known:
            raise ConfigError(f"{where}: unknown field {shown(field, 30)}; use "
                              f"{', '.join('{' + f + '}' for f in known)}")
        if spec or conversion:
            raise ConfigError(f"{where}: field {shown(field, 30)} has a "
                              f"{'format spec' if spec else 'conversion'}; write plain "
                              f"{{{name}}}")
        names.append(name)
    return names


def check_pattern(pattern: str, label: str = "images.name_pattern") -> str:
    """Validate a name pattern: plain known fields only, relative, and unique per output."""
    used = set(fields(pattern, FIELDS, label))
    where = f"{label} {shown(pattern)}"
    missing = {"sku", "platform", "n", "ext"} - used
    if missing:
        raise ConfigError(f"{where}: must contain "
                          f"{', '.join('{' + f + '}' for f in sorted(missing))} so names are "
                          "unique")
    if "\0" in pattern or "\\" in pattern:
        raise ConfigError(f"{where}: must not contain a NUL or a backslash (use / between "
                          "folders)")
    if pattern.startswith("/") or ".." in PurePosixPath(pattern).parts:
        raise ConfigError(f"{where}: must be a relative path")
    return pattern


def render(pattern: str, *, sku: str, platform: str, role: str, n: int, ext: str,
           stem: str = "") -> str:
    """The relative output path for one image; refuses anything that escapes the folder."""
    rel = pattern.format(sku=sku, platform=platform, role=role, n=n, ext=ext,
                         stem=sanitise(stem) if stem else sku)
    parts = PurePosixPath(rel).parts
    if rel.startswith("/") or any(p in ("..", ".", "") for p in parts) or "\\" in rel:
        raise OutputError(f"output name {rel!r} would leave the output folder")
    return rel
