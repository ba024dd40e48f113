"""Which files are which SKU's images, and in what order.

Two ways: the catalogue's image columns (``--catalogue``: each listing's image URLs or paths
are matched by file name in SRC, in catalogue order, first = main), or file-name patterns
(``images.source_pattern``; default: Amazon's ``SKU.MAIN`` / ``SKU.PT01``, then ``SKU_1``,
then a bare ``SKU``; add ``{sku}-{n}`` yourself if your SKUs never end in ``-digits``).
Patterns use ``{sku}`` (once, required) and ``{n}`` (at most once), ``{{``/``}}`` for a literal
brace, and match the file's path relative to SRC, without its extension; images of one SKU
are ordered by ``n`` and renumbered 1, 2, 3 in output names. A listing without image columns falls back to the patterns.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from listingkit.errors import ConfigError, InputError

#: ``{sku}-{n}`` is not a default: hyphen-digit endings are too common inside SKUs (LAMP-7).
DEFAULT_PATTERNS = ("{sku}.MAIN", "{sku}.PT{n}", "{sku}_{n}", "{sku}")
#: Extensions scanned in SRC (content decides the real format later).
EXTENSIONS = {".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif", ".tif", ".tiff", ".avif",
              ".bmp", ".mpo", ".heic", ".psd"}


@dataclass(frozen=True)
class SourceImage:
    sku: str
    n: int                  # 1 = main image
    path: Path


@dataclass(frozen=True)
class Missing:
    sku: str
    n: int
    reference: str          # what the catalogue named


def compile_pattern(pattern: str, label: str = "images.source_pattern") -> re.Pattern[str]:
    """The regular expression for a source pattern; ConfigError naming ``label``, the pattern
    and the problem (unknown field, format spec, a field used twice, no ``{sku}``)."""
    from listingkit.errors import shown
    from listingkit.images.naming import fields

    names = fields(pattern, ("sku", "n"), label)
    for name in ("sku", "n"):
        if names.count(name) > 1:
            raise ConfigError(f"{label} {shown(pattern)}: field {{{name}}} is used "
                              f"{names.count(name)} times; a file name carries it once")
    if "sku" not in names:
        raise ConfigError(f"{label} {shown(pattern)}: must contain {{sku}}")
    out = ""
    for literal, field, _, _ in string.Formatter().parse(pattern):
        out += re.escape(literal)
        if field == "sku":
            out += r"(?P<sku>[^/]+?)"
        elif field == "n":
            out += r"(?P<n>\d{1,4})"
    return re.compile(out + r"\Z", re.IGNORECASE if ".MAIN" in pattern or ".PT" in pattern else 0)


def scan(src: Path, exclude: Path | None = None) -> list[Path]:
    """Image files under ``src`` (recursively, hidden files and ``exclude`` skipped)."""
    if src.is_file():
        return [src]
    if not src.is_dir():
        raise InputError(f"{src}: no such file or folder")
    skip = exclude.resolve() if exclude else None
    found = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if any(p.startswith(".") for p in rel.parts) or not path.is_file():
            continue
        if skip and (path.resolve() == skip or skip in path.resolve().parents):
            continue
        if path.suffix.lower() in EXTENSIONS:
            found.append(path)
    return found


def _match(rel: str, patterns: list[tuple[str, re.Pattern[str]]],
           skus: set[str] | None) -> tuple[str, int] | None:
    for text, rx in patterns:
        m = rx.match(rel) or rx.match(rel.rsplit("/", 1)[-1])
        if not m:
            continue
        sku = m.group("sku")
        if skus is not None and sku not in skus:
            continue
        if text.endswith(".MAIN"):
            return sku, 0
        n = m.groupdict().get("n")
        if n is None:
            return sku, 0
        return sku, int(n) + (1 if ".PT" in text else 0)
    return None


def by_pattern(files: Iterable[Path], src: Path, patterns: Iterable[str] = DEFAULT_PATTERNS,
               skus: set[str] | None = None) -> list[SourceImage]:
    """Group files by SKU with the first matching pattern; ``n`` renumbered from 1."""
    compiled = [(p, compile_pattern(p)) for p in patterns]
    groups: dict[str, list[tuple[int, str, Path]]] = defaultdict(list)
    for path in files:
        rel = PurePosixPath(path.relative_to(src) if src.is_dir() else path.name)
        stem = str(rel.with_suffix(""))
        hit = _match(stem, compiled, skus)
        if hit:
            groups[hit[0]].append((hit[1], stem, path))
    return [SourceImage(sku, i, path) for sku in sorted(groups)
            for i, (_, _, path) in enumerate(sorted(groups[sku]), start=1)]


def by_catalogue(listings: Iterable[object], files: list[Path], src: Path,
                 patterns: Iterable[str] = DEFAULT_PATTERNS
                 ) -> tuple[list[SourceImage], list[Missing]]:
    """Images named in each listing's image columns, matched by file name (case-insensitive)."""
    index: dict[str, Path] = {}
    for path in files:
        index.setdefault(path.name.lower(), path)
    images: list[SourceImage] = []
    missing: list[Missing] = []
    fallback: set[str] = set()
    for listing in listings:
        sku = getattr(listing, "sku", "")
        refs = [r for r in getattr(listing, "images", []) if r.strip()]
        if not refs:
            fallback.add(sku)
            continue
        for n, ref in enumerate(refs, start=1):
            name = PurePosixPath(unquote(urlparse(ref.strip()).path)).name.lower()
            if name in index:
                images.append(SourceImage(sku, n, index[name]))
            else:
                missing.append(Missing(sku, n, ref))
    if fallback:
        images += by_pattern(files, src, patterns, skus=fallback)
    return images, missing
