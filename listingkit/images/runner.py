"""A whole batch: sources -> jobs (with names and manifest records) -> results -> summary.

Library code for ``listingkit images``; the command adds only flags, a progress bar and
printing. :class:`Batch` owns the manifest and is the only writer of it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from listingkit.atomic import FolderLock, sweep_temporaries
from listingkit.errors import OutputError
from listingkit.images import naming, outdir, sources
from listingkit.images.compliance import finding
from listingkit.images.manifest import NAME as MANIFEST
from listingkit.images.manifest import Manifest
from listingkit.images.pipeline import Job, Output
from listingkit.images.presets import EXTENSIONS, Preset

#: the extensions of the images a run writes
OUTPUT_EXTENSIONS = frozenset(EXTENSIONS.values())


@dataclass
class Settings:
    out: Path
    name_pattern: str = naming.DEFAULT_PATTERN
    source_patterns: tuple[str, ...] = sources.DEFAULT_PATTERNS
    upscale: bool = False
    floor: int = 60
    max_pixels: int = 64_000_000
    formats: tuple[str, ...] = ()
    force: bool = False


@dataclass
class Batch:
    settings: Settings
    jobs: list[Job] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)   # failures before any work
    unmatched: list[Path] = field(default_factory=list)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (platform, status)
    failures: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    manifest: Manifest | None = None
    lock: FolderLock | None = None
    fatal: str = ""                 # why an output could not be written (the run exits 2)
    fatal_space: bool = False       # ... and it was for want of disk space or quota

    def prepare(self, src: Path, preset_sets: list[dict[str, Preset]],
                listings: Any = None) -> None:
        s = self.settings
        naming.check_pattern(s.name_pattern)
        for pattern in s.source_patterns:
            sources.compile_pattern(pattern)
        if s.out.exists() and not s.out.is_dir():
            raise OutputError(f"{s.out}: exists and is not a folder")
        outdir.make_folder(s.out)
        self.lock = FolderLock(s.out).acquire()
        try:
            self._plan(src, preset_sets, listings)
        except BaseException:  # refused before any work: let the next run have the folder
            self.lock.release()
            self.lock = None
            raise

    def _plan(self, src: Path, preset_sets: list[dict[str, Preset]], listings: Any) -> None:
        s = self.settings
        # what a killed run left behind (we hold the lock): its images and manifest only
        sweep_temporaries(s.out, lambda name: name == MANIFEST or name.rpartition(".")[2]
                          in OUTPUT_EXTENSIONS)
        self.manifest = Manifest(s.out)
        files = sources.scan(src, exclude=s.out)
        if listings is not None:
            images, missing = sources.by_catalogue(self._named(listings), files, src,
                                                   s.source_patterns)
            for m in missing:
                self.problems.append({"source": m.reference, "sku": m.sku, "n": m.n,
                                      "preset": "-", "finding": finding(
                                          "IMG014", f"catalogue image {m.n} of SKU {m.sku!r} "
                                          f"({m.reference}) is not in {src}")})
        else:
            images = sources.by_pattern(files, src, s.source_patterns)
        used = {img.path for img in images}
        self.unmatched = [f for f in files if f not in used]
        safe = naming.safe_names(img.sku for img in images)
        seen: dict[str, str] = {}
        rels: list[str] = []
        for img in images:
            outputs = []
            for presets in preset_sets:
                preset = presets["main" if img.n == 1 else "other"]
                if preset.role == "other" and preset.max_count and img.n - 1 > preset.max_count:
                    self.warnings.append({"source": str(img.path), "sku": img.sku, "n": img.n,
                                          "preset": preset.name, "finding": finding(
                                              "IMG016", f"image {img.n} is over the "
                                              f"{preset.max_count} other images "
                                              f"{preset.platform} accepts; not written")})
                    continue
                rel = naming.render(s.name_pattern, sku=safe[img.sku], platform=preset.platform,
                                    role=preset.role, n=img.n, ext=preset.ext,
                                    stem=img.path.stem)
                if rel.lower() in seen:
                    raise OutputError(f"{img.path} and {seen[rel.lower()]} would both be "
                                      f"written to {rel}; add {{n}} or {{stem}} to the name "
                                      "pattern")
                seen[rel.lower()] = str(img.path)
                rels.append(rel)
                known = None if s.force else self.manifest.known(rel)
                outputs.append(Output(preset, rel, known))
            if outputs:
                self.jobs.append(Job(str(img.path), img.sku, img.n, tuple(outputs), str(s.out),
                                     s.upscale, s.floor, s.max_pixels, s.formats))
        outdir.check(s.out, rels)  # no link or file in the way, before any work

    def _named(self, listings: Any) -> Any:
        """The listings with a SKU; a row without one is a failure of its own (C005, as
        ``check`` reports it): its images could not be named, so none are written."""
        for listing in listings:
            if str(getattr(listing, "sku", "") or "").strip():
                yield listing
                continue
            origin = getattr(listing, "source", None)
            self.problems.append({"source": str(origin) if origin else "catalogue", "sku": "",
                                  "n": None, "preset": "-", "finding": {
                                      "code": "C005", "severity": "error",
                                      "message": "SKU is empty; the row's images are not "
                                                 "written"}})

    def take(self, result: dict[str, Any]) -> None:
        """Record one job's result in the manifest and the summary."""
        where = {"source": result["source"], "sku": result["sku"], "n": result["n"]}
        if result["error"]:
            self.failures.append({**where, "preset": "-", "finding": result["error"]})
            self.counts[("(source)", "failed")] += 1
            return
        assert self.manifest is not None
        for out in result["outputs"]:
            if out.get("fatal") and not self.fatal:
                self.fatal, self.fatal_space = out["fatal"], bool(out.get("space"))
            platform = out["preset"].rsplit(".", 1)[0]
            status = out["status"]
            for item in out["findings"]:
                entry = {**where, "preset": out["preset"], "rel": out["rel"], "finding": item}
                (self.failures if item["severity"] == "error" else self.warnings).append(entry)
            if status in ("written", "current") and any(
                    f["severity"] == "error" for f in out["findings"]):
                status = "flagged"
            self.counts[(platform, status)] += 1
            if out.get("record") and status != "failed":
                self.manifest.record(out["rel"], out["record"])

    def finish(self) -> None:
        if self.manifest is not None:
            self.manifest.save()
        if self.lock is not None:
            self.lock.release()
        for p in self.problems:
            self.failures.append(p)
            self.counts[("(catalogue)", "failed")] += 1

    @property
    def failed(self) -> bool:
        return bool(self.failures)
