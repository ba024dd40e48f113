"""Benchmark ``listingkit images`` against naive Pillow and pyvips, measured in the same run.

    python benchmarks/bench_images.py [--rounds 3]

Inputs: ``../shared/images/photos`` (skipped cleanly when absent) plus one 24 MP JPEG made
from the largest photo in a temporary folder (for the memory figure; nothing is copied into
the project). Outputs per image: amazon-us main, etsy and shopify (the registry's specs when
they exist, else stand-in presets printed below). Every method writes real files.

- listingkit: ``pipeline.run_job`` (one draft decode, derived resizes, shared encodes)
- naive Pillow: full decode once, then one LANCZOS resize from full size per output
- pyvips: ``thumbnail`` (shrink-on-load) per output, if pyvips is installed

Quality: PSNR of listingkit's pixels against the naive pixels (full decode + LANCZOS), and
the "quality cost": how much lower the PSNR of listingkit's JPEG is than the naive JPEG's,
both measured against the naive pixels. Memory: peak RSS of one worker process per method.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = ROOT.parent / "shared" / "images" / "photos"
sys.path.insert(0, str(ROOT))

from listingkit import imaging
from listingkit.images.geometry import plan
from listingkit.images.pipeline import Job, Output, run_job
from listingkit.images.presets import Preset, from_marketplace
from listingkit.marketplace import Registry

STAND_INS = {"etsy": Preset("etsy", "main", (2700, 2025), "contain", quality=85),
             "shopify": Preset("shopify", "main", (2048, 2048), "pad", quality=85)}


def presets() -> list[Preset]:
    registry = Registry()
    out = [from_marketplace(registry.get("amazon-us"))["main"]]
    for ident in ("etsy", "shopify"):
        out.append(from_marketplace(registry.get(ident))["main"] if ident in registry.ids()
                   else STAND_INS[ident])
    return out


def ours(path: Path, outs: list[Preset], folder: Path) -> None:
    job = Job(str(path), "B", 1, tuple(Output(p, f"{path.stem}_{p.platform}.{p.ext}")
                                       for p in outs), str(folder))
    result = run_job(job)
    if result["error"] or any(o["status"] == "failed" for o in result["outputs"]):
        raise SystemExit(f"listingkit failed on {path}: {result}")


def naive_pixels(path: Path, outs: list[Preset]) -> list[Any]:
    from PIL import Image, ImageOps

    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im)
        im = im.convert("RGBA")
        flat = Image.new("RGB", im.size, "white")
        flat.paste(im, (0, 0), im.getchannel("A"))
    pixels = []
    for p in outs:
        pl = plan(flat.size, p.target, p.fit)
        w, h = flat.size
        box = (pl.box[0] * w, pl.box[1] * h, pl.box[2] * w, pl.box[3] * h)
        small = flat.resize(pl.resize, Image.Resampling.LANCZOS, box=box)
        canvas = Image.new("RGB", pl.canvas, p.background)
        canvas.paste(small, pl.offset)
        pixels.append(canvas)
    return pixels


def naive(path: Path, outs: list[Preset], folder: Path) -> None:
    for p, canvas in zip(outs, naive_pixels(path, outs), strict=True):
        canvas.save(folder / f"{path.stem}_{p.platform}.jpg", "JPEG", quality=p.quality,
                    optimize=True, icc_profile=imaging.srgb_icc())


def vips(path: Path, outs: list[Preset], folder: Path) -> None:
    import pyvips

    for p in outs:
        w, h = p.target
        crop = "centre" if p.fit == "fit" else "none"
        size = "down"
        im = pyvips.Image.thumbnail(str(path), w, height=h, crop=crop, size=size)
        if im.hasalpha():
            im = im.flatten(background=[255, 255, 255])
        if p.fit == "pad":
            side = (w if im.width >= w or im.height >= h else max(im.width, im.height))
            im = im.gravity("centre", side, side, extend="background", background=[255] * 3)
        im.jpegsave(str(folder / f"{path.stem}_{p.platform}.jpg"), Q=p.quality,
                    optimize_coding=True, keep="icc")


METHODS = {"listingkit": ours, "naive-pillow": naive, "pyvips": vips}


def psnr(a: Any, b: Any) -> float:
    import numpy as np

    x = np.asarray(a, dtype=np.float64)
    y = np.asarray(b, dtype=np.float64)
    mse = float(((x - y) ** 2).mean())
    return 99.0 if mse == 0 else 10 * math.log10(255 ** 2 / mse)


def reference_pixels(path: Path, outs: list[Preset]) -> list[Any]:
    """Full decode (same colour handling as listingkit, no draft) + one LANCZOS per output."""
    from PIL import Image

    dec = imaging.decode(path, draft=False)
    flat = imaging.compose(dec.image, imaging.size(dec.image), (0, 0), "#FFFFFF")
    pixels = []
    for p in outs:
        pl = plan(flat.size, p.target, p.fit)
        w, h = flat.size
        box = (pl.box[0] * w, pl.box[1] * h, pl.box[2] * w, pl.box[3] * h)
        small = flat.resize(pl.resize, Image.Resampling.LANCZOS, box=box)
        pixels.append(imaging.compose(small, pl.canvas, pl.offset, p.background))
    return pixels


def quality(files: list[Path], outs: list[Preset]) -> tuple[float, float, float]:
    """(worst PSNR of our pixels vs the reference, worst and mean JPEG-level loss in dB)."""
    from PIL import Image

    worst_px, losses = 99.0, []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for path in files:
            refs = reference_pixels(path, outs)
            ours(path, outs, folder)
            for p, ref in zip(outs, refs, strict=True):
                mine = Image.open(folder / f"{path.stem}_{p.platform}.{p.ext}").convert("RGB")
                buf = folder / "ref.jpg"
                ref.save(buf, "JPEG", quality=p.quality, optimize=True)
                theirs = Image.open(buf).convert("RGB")
                if mine.size != ref.size:
                    raise SystemExit(f"size mismatch on {path.name} {p.platform}")
                losses.append(psnr(theirs, ref) - psnr(mine, ref))
                worst_px = min(worst_px, psnr(_pixels_of(path, p), ref))
    return worst_px, max(losses), sum(losses) / len(losses)


def _pixels_of(path: Path, p: Preset) -> Any:
    """listingkit's pre-encode pixels for one output (the pipeline's own steps)."""
    from listingkit.images import pipeline

    full = imaging.header(path)
    pl = plan(full, p.target, p.fit)
    dec = imaging.decode(path, pl.scale * pipeline.DRAFT_GAP)
    img = imaging.compose(dec.image, imaging.size(dec.image), (0, 0), p.background)
    sw, sh = imaging.size(img)
    box = (pl.box[0] * sw, pl.box[1] * sh, pl.box[2] * sw, pl.box[3] * sh)
    return imaging.compose(imaging.resize(img, pl.resize, box), pl.canvas, pl.offset,
                           p.background)


def throughput(methods: list[str], files: list[Path], outs: list[Preset],
               rounds: int) -> dict[str, float]:
    """Images/s per method: rounds interleaved (A B C A B C ...), best round kept, so a
    change in machine load hits every method alike."""
    best = dict.fromkeys(methods, math.inf)
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(rounds):
            for method in methods:
                start = time.perf_counter()
                for path in files:
                    METHODS[method](path, outs, Path(tmp))
                best[method] = min(best[method], time.perf_counter() - start)
    return {m: len(files) / t for m, t in best.items()}


def worker_peak(method: str, path: Path) -> float:
    """Peak RSS (MiB) of a fresh process running one method on one file."""
    code = subprocess.run([sys.executable, __file__, "--worker", method, str(path)],
                          capture_output=True, text=True, check=True)
    return float(json.loads(code.stdout)["peak_mib"])


def big_jpeg(folder: Path, files: list[Path]) -> Path:
    from PIL import Image

    source = max((f for f in files if f.suffix.lower() == ".jpg"),
                 key=lambda f: f.stat().st_size)
    with Image.open(source) as im:
        im.convert("RGB").resize((6000, 4000), Image.Resampling.BICUBIC).save(
            folder / "big24mp.jpg", quality=92)
    return folder / "big24mp.jpg"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", nargs=2, metavar=("METHOD", "PATH"))
    args = parser.parse_args()
    outs = presets()
    if args.worker:
        with tempfile.TemporaryDirectory() as tmp:
            METHODS[args.worker[0]](Path(args.worker[1]), outs, Path(tmp))
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent
        status = Path("/proc/self/status").read_text()
        peak = int(next(line.split()[1] for line in status.splitlines()
                        if line.startswith("VmHWM:"))) / 1024
        print(json.dumps({"peak_mib": round(peak, 1)}))
        return
    if not PHOTOS.is_dir():
        print(f"skipped: {PHOTOS} is absent")
        return
    files = sorted(p for p in PHOTOS.iterdir() if p.is_file())
    try:
        import pyvips  # noqa: F401
        methods = list(METHODS)
    except (ImportError, OSError):
        methods = ["listingkit", "naive-pillow"]
        print("pyvips not installed: compared with naive Pillow only")
    print(f"{len(files)} photos from {PHOTOS}; outputs per image: "
          + ", ".join(f"{p.platform} {p.target[0]}x{p.target[1]} {p.fit}" for p in outs))
    print(f"cpu: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; one process, "
          f"methods interleaved, best of {args.rounds} rounds")
    rates = throughput(methods, files, outs, args.rounds)
    for m, rate in rates.items():
        print(f"  {m:<14} {rate:6.2f} images/s  ({rate / rates['naive-pillow']:.2f}x naive Pillow)")
    if "pyvips" in rates:
        print(f"  listingkit / pyvips: {rates['listingkit'] / rates['pyvips']:.2f}x")
    with tempfile.TemporaryDirectory() as tmp:
        big = big_jpeg(Path(tmp), files)
        worst_px, worst_loss, mean_loss = quality([*files, big], outs)
        print("quality vs full decode + LANCZOS (photos and the 24 MP JPEG): worst pixel PSNR "
              f"{worst_px:.1f} dB; cost after JPEG encode: worst {worst_loss:.3f} dB, mean "
              f"{mean_loss:.3f} dB (goal < 0.5 dB)")
        big_rates = throughput(methods, [big], outs, args.rounds)
        print("  24 MP JPEG: " + ", ".join(f"{m} {r:.2f} images/s" for m, r in big_rates.items())
              + f" ({big_rates['listingkit'] / big_rates['naive-pillow']:.2f}x naive Pillow)")
        for m in methods:
            print(f"peak memory per worker on a 24 MP JPEG, {m}: {worker_peak(m, big):.0f} MiB")


if __name__ == "__main__":
    main()
