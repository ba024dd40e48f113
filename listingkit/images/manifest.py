"""The manifest that makes reruns incremental and resumable.

``OUT/.listingkit-images.json`` records, per output file, the source's SHA-256, the preset's
render key, the tool version and the output's SHA-256. A rerun skips an output whose record
matches and whose file still has that hash. The manifest is written atomically (every few
seconds and at the end); after ``kill -9`` the outputs the lost records covered are simply
rendered again, byte-identically, because rendering is deterministic and every output file is
itself written atomically.
"""

from __future__ import annotations

import hashlib
import json
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from listingkit import __version__
from listingkit.atomic import atomic_write

NAME = ".listingkit-images.json"


def tool_version() -> str:
    try:
        pillow = metadata.version("pillow")
    except metadata.PackageNotFoundError:  # pragma: no cover
        pillow = "?"
    return f"listingkit {__version__}; Pillow {pillow}"


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Manifest:
    """Load, query and (periodically, atomically) save the output records."""

    def __init__(self, folder: Path, interval: float = 2.0) -> None:
        self.path = folder / NAME
        self.interval = interval
        self.version = tool_version()
        self.outputs: dict[str, dict[str, Any]] = {}
        self._saved = time.monotonic()
        self._dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("outputs"), dict):
                self.outputs = data["outputs"]
        except (OSError, ValueError):
            pass  # missing or unreadable: everything is rendered again

    def known(self, rel: str) -> dict[str, Any] | None:
        entry = self.outputs.get(rel)
        return entry if entry and entry.get("version") == self.version else None

    def record(self, rel: str, entry: dict[str, Any]) -> None:
        self.outputs[rel] = {**entry, "version": self.version}
        self._dirty = True
        if time.monotonic() - self._saved >= self.interval:
            self.save()

    def save(self) -> None:
        if not self._dirty:
            return
        with atomic_write(self.path, "w", links=False) as handle:
            json.dump({"tool": self.version, "outputs": dict(sorted(self.outputs.items()))},
                      handle, indent=1, sort_keys=True)
            handle.write("\n")
        self._saved = time.monotonic()
        self._dirty = False


def is_current(entry: dict[str, Any] | None, source_sha: str, render_key: str,
               target: Path) -> bool:
    """True when ``target`` is exactly what this source and preset would produce."""
    if not entry or entry.get("source_sha256") != source_sha \
            or entry.get("render_key") != render_key or not target.is_file():
        return False
    return target.stat().st_size == entry.get("bytes") and file_hash(target) == entry.get("sha256")
