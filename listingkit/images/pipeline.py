"""One source image in, every requested output out, from a single decode.

The header gives the upright size; every output's :class:`~listingkit.images.geometry.Plan`
gives the largest scale any output needs; the JPEG is decoded DCT-scaled to no less than
that; outputs are rendered largest first and a smaller one is resized from an earlier,
larger result when that is still at least ``DERIVE_GAP`` times bigger. Identical renders
(same box and size) and identical encodes are shared between marketplaces.

:func:`run_job` is what a worker process runs; it never raises, it returns a result dict.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from listingkit.errors import ListingkitError
from listingkit.images import compliance, outdir
from listingkit.images.geometry import Plan, plan
from listingkit.images.manifest import file_hash, is_current
from listingkit.images.presets import Preset

#: Decode JPEGs to at least DRAFT_GAP x the largest output scale (1.0 = just enough).
DRAFT_GAP = 1.0
#: Derive a smaller output from a larger render when that is at least this many times bigger
#: (1.0: always from the nearest larger one; measured cost 0.18 dB worst, see benchmarks).
DERIVE_GAP = 1.0


@dataclass(frozen=True)
class Output:
    preset: Preset
    rel: str                                   # path relative to the output folder
    known: dict[str, Any] | None = None        # the manifest's record, if any


@dataclass(frozen=True)
class Job:
    source: str
    sku: str
    n: int
    outputs: tuple[Output, ...]
    out_dir: str
    upscale: bool = False
    floor: int = 60
    max_pixels: int = 64_000_000
    formats: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def _render_all(job: Job, todo: list[Output], plans: dict[str, Plan], full: tuple[int, int],
                sha: str) -> list[dict[str, Any]]:
    from listingkit import imaging
    from listingkit.atomic import atomic_write

    need = max(plans[o.rel].scale for o in todo) * DRAFT_GAP
    dec = imaging.decode(job.source, need, max_pixels=job.max_pixels,
                         formats=job.formats or imaging.DEFAULT_FORMATS)
    image = dec.image
    backgrounds = {o.preset.background for o in todo}
    if len(backgrounds) == 1:  # flatten once, before resizing (RGB resizes faster than RGBA)
        image = imaging.compose(image, imaging.size(image), (0, 0), backgrounds.pop())
    width = imaging.size(image)[0]
    renders: list[tuple[float, Any]] = [(width / full[0], image)]
    cache: dict[Any, Any] = {}
    encoded: dict[Any, tuple[bytes, int, dict[str, Any]]] = {}
    results: list[dict[str, Any]] = []
    for out in sorted(todo, key=lambda o: (-plans[o.rel].scale, o.rel)):
        p, preset = plans[out.rel], out.preset
        key = (p.box, p.resize)
        if key not in cache:
            bigger = [r for r in renders if r[0] >= p.scale * DERIVE_GAP]
            _, src = min(bigger, key=lambda r: r[0]) if bigger else renders[0]
            sw, sh = imaging.size(src)
            box = (p.box[0] * sw, p.box[1] * sh, p.box[2] * sw, p.box[3] * sh)
            cache[key] = imaging.resize(src, p.resize, box)
            if p.box == (0.0, 0.0, 1.0, 1.0):
                renders.append((p.resize[0] / full[0], cache[key]))
        try:
            ekey = (key, p.canvas, p.offset, preset.background, preset.format, preset.quality,
                    preset.max_bytes, job.floor)
            if ekey not in encoded:
                canvas = imaging.compose(cache[key], p.canvas, p.offset, preset.background)
                stats: dict[str, Any] = {"width": p.canvas[0], "height": p.canvas[1]}
                if preset.role == "main":
                    stats.update(imaging.measure(canvas))
                encoded[ekey] = (*imaging.encode(canvas, preset.format, preset.quality,
                                                 preset.max_bytes, job.floor), stats)
            data, quality, stats = encoded[ekey]
        except imaging.ImageError as exc:
            results.append({"rel": out.rel, "preset": preset.name, "status": "failed",
                            "findings": [compliance.finding(exc.code, str(exc))]})
            continue
        except (OSError, ValueError) as exc:  # an encoder failure is this image's, not fatal
            results.append({"rel": out.rel, "preset": preset.name, "status": "failed",
                            "findings": [compliance.finding("IMG012", f"{job.source}: cannot "
                                                            f"encode {preset.format} for "
                                                            f"{preset.name}: {exc}")]})
            continue
        findings = compliance.check_pixels(stats, preset)
        try:
            target = outdir.ensure_parent(Path(job.out_dir), out.rel)
            with atomic_write(target, "wb", links=False) as handle:
                handle.write(data)
        except (ListingkitError, OSError) as exc:
            # an output that cannot be written stops the run (exit 2), not just this image
            why = outdir.problem(exc)
            results.append({"rel": out.rel, "preset": preset.name, "status": "failed",
                            "fatal": why, "space": outdir.out_of_space(exc),
                            "findings": [compliance.finding("IMG012", why)]})
            continue
        if p.upscaled:
            findings.append(compliance.finding("IMG017", f"upscaled {p.scale:.2f}x"))
        results.append({"rel": out.rel, "preset": preset.name, "status": "written",
                        "findings": findings, "record": {
                            "source": job.source, "source_sha256": sha,
                            "render_key": preset.render_key(job.upscale, job.floor),
                            "preset": preset.name, "bytes": len(data), "quality": quality,
                            "size": list(p.canvas), "sha256": hashlib.sha256(data).hexdigest(),
                            "findings": findings}})
    notes = [compliance.finding(code, msg) for code, msg in dec.notes]
    for item in results:  # decoding notes belong to every output of this source
        item["findings"][:0] = notes
    return results


def run_job(job: Job) -> dict[str, Any]:
    """Render one source to all its outputs. Never raises: failures are in the result."""
    result: dict[str, Any] = {"source": job.source, "sku": job.sku, "n": job.n,
                              "outputs": [], "error": None}
    try:
        from listingkit import imaging

        sha = file_hash(Path(job.source))
        todo = [o for o in job.outputs if not is_current(
            o.known, sha, o.preset.render_key(job.upscale, job.floor), Path(job.out_dir) / o.rel)]
        result["outputs"] = [{"rel": o.rel, "preset": o.preset.name, "status": "current",
                              "findings": list((o.known or {}).get("findings", [])),
                              "record": o.known}
                             for o in job.outputs if o not in todo]
        if not todo:
            return result
        full = imaging.header(job.source, job.max_pixels, job.formats or imaging.DEFAULT_FORMATS)
        plans, ready = {}, []
        for out in todo:
            p = plans[out.rel] = plan(full, out.preset.target, out.preset.fit, job.upscale)
            if out.preset.min_px and max(p.canvas) < out.preset.min_px:
                result["outputs"].append({"rel": out.rel, "preset": out.preset.name,
                                          "status": "failed", "findings": [compliance.finding(
                                              "IMG001", f"{full[0]}x{full[1]} px is under the "
                                              f"{out.preset.min_px} px minimum of "
                                              f"{out.preset.name}; not upscaled (use "
                                              "--allow-upscale)")]})
            elif p.canvas[0] * p.canvas[1] > job.max_pixels:
                # 'cover' upscaling a sliver (1x700 -> 2000x1400000) must not exhaust memory
                result["outputs"].append({"rel": out.rel, "preset": out.preset.name,
                                          "status": "failed", "findings": [compliance.finding(
                                              "IMG012", f"{full[0]}x{full[1]} px would become "
                                              f"{p.canvas[0]}x{p.canvas[1]} px for "
                                              f"{out.preset.name} ({out.preset.fit}), over the "
                                              f"{job.max_pixels / 1e6:.0f} MP limit "
                                              "(images.max_pixels); not rendered")]})
            else:
                ready.append(out)
        if ready:
            result["outputs"] += _render_all(job, ready, plans, full, sha)
    except ListingkitError as exc:
        result["error"] = compliance.finding(getattr(exc, "code", "IMG012"), str(exc))
    except OSError as exc:
        result["error"] = compliance.finding("IMG012", f"{job.source}: cannot read: {exc}")
    except MemoryError:
        result["error"] = compliance.finding("IMG012", f"{job.source}: out of memory")
    except Exception as exc:  # noqa: BLE001 - one bad image never stops the batch
        result["error"] = compliance.finding("IMG012", f"{job.source}: internal error "
                                             f"{type(exc).__name__}: {exc}")
    return result
