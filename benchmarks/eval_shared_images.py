"""Run ``listingkit images`` over every file in ``../shared/images`` and check each one against
the README's "what correct handling looks like" table.

    python benchmarks/eval_shared_images.py

Skips cleanly when ``../shared/images`` is absent. Outputs go to a temporary folder; nothing
is copied into the project. Prints one line per check and a PASS/FAIL count; exit 1 on a FAIL.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "images"
CONFIG = """
[images.presets.eval]
target_px = [1000, 1000]
fit = "pad"
white_background = true
fill_ratio = 0.85
"""


def mean_rgb(im: Any) -> tuple[float, float, float]:
    from PIL import ImageStat

    return tuple(ImageStat.Stat(im.convert("RGB")).mean)  # type: ignore[return-value]


def main() -> int:
    from PIL import Image

    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is absent")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "listingkit.toml").write_text(CONFIG, encoding="utf-8")
        results: dict[str, dict[str, Any]] = {}
        for sub in ("tricky", "photos"):
            start = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "listingkit", "images", str(SHARED / sub), "-p", "eval",
                 "-o", str(work / "out"), "--source-pattern", "{sku}", "--format", "json"],
                capture_output=True, text=True, cwd=work, check=False)
            if proc.returncode not in (0, 1):
                print(proc.stderr)
                return 2
            report = json.loads(proc.stdout)
            print(f"{sub}: exit {proc.returncode} in {time.perf_counter() - start:.1f} s")
            for item in report["failures"] + report["warnings"]:
                entry = results.setdefault(Path(item["source"]).stem, {"codes": []})
                entry["codes"].append(item["finding"]["code"])
                entry.setdefault("messages", []).append(item["finding"]["message"])
        out = work / "out"

        def output(stem: str) -> Any:
            path = out / stem / "eval" / f"{stem}_1.jpg"
            return Image.open(path) if path.is_file() else None

        def codes(stem: str) -> list[str]:
            return results.get(stem, {}).get("codes", [])

        def corner_white(stem: str) -> bool:
            im = output(stem)
            return im is not None and min(im.convert("RGB").getpixel((2, 2))) >= 250

        checks: list[tuple[str, Callable[[], bool]]] = []
        base = output("recurser__Landscape_1")
        for o in range(9):
            stem = f"recurser__Landscape_{o}"

            def upright(stem: str = stem) -> bool:
                im = output(stem)
                if im is None or im.size != base.size:
                    return False
                diff = [abs(a - b) for a, b in zip(mean_rgb(im.crop((0, 0, 1000, 300))),
                                                   mean_rgb(base.crop((0, 0, 1000, 300))),
                                                   strict=True)]
                return max(diff) < 3
            checks.append((f"{stem}: upright like orientation 1", upright))
        checks.append(("libjxl__sideways_bench: BRG profile applied (mean ~133/113/104)",
                       lambda: _near(mean_rgb(_content(output("libjxl__sideways_bench"))),
                                     (133, 113, 104), 8)))
        checks.append(("sharp__fogra-0-100-100-0: FOGRA red ~ (227,6,20)",
                       lambda: _near(output("sharp__fogra-0-100-100-0").convert("RGB")
                                     .getpixel((500, 500)), (227, 6, 20), 10)))
        for stem in ("sharp__Channel_digital_image_CMYK_color", "thumbor__cmyk-icc"):
            checks.append((f"{stem}: CMYK through its SWOP profile, no IMG011",
                           lambda s=stem: output(s) is not None and "IMG011" not in codes(s)))
        for stem in ("pillow__pil_sample_cmyk", "libjxl__flower_small_cmyk",
                     "thumbor__Giunchedi_cmyk_orientation6"):
            checks.append((f"{stem}: profile-less CMYK converted with IMG011",
                           lambda s=stem: output(s) is not None and "IMG011" in codes(s)))
        checks.append(("thumbor__Giunchedi_cmyk_orientation6: portrait after orientation 6",
                       lambda: output("thumbor__Giunchedi_cmyk_orientation6").size == (800, 800)
                       and _content_size("thumbor__Giunchedi_cmyk_orientation6", output)[1] >
                       _content_size("thumbor__Giunchedi_cmyk_orientation6", output)[0]))
        for stem in ("pillow__pil123p", "pillow__pil123rgba", "solidus__solidus_tote",
                     "solidus__solidus_cap_red_1"):
            checks.append((f"{stem}: transparent corners white, not black",
                           lambda s=stem: corner_white(s)))
        for stem in ("pillow__i_trns", "pillow__apng_mode_16bit",
                     "libjxl__Pixel2XL_16bit_acescg_linear", "pillow__uncompressed_la",
                     "pillow__l_trns", "pillow__p_trns_single", "pillow__hopper_Lab",
                     "thumbor__grayscale-icc", "pillow__hopper_gray"):
            checks.append((f"{stem}: converted to an 8-bit RGB JPEG",
                           lambda s=stem: output(s) is not None and output(s).mode == "RGB"))
        checks.append(("pillow__i_trns: 16-bit grey rescaled, not clipped to white",
                       lambda: max(mean_rgb(_content(output("pillow__i_trns")))) < 250))
        for stem in ("pillow__iss634", "pillow__chi", "pillow__multipage", "pillow__sugarshack",
                     "pillow__frame_size", "pillow__apng_mode_16bit"):
            checks.append((f"{stem}: first frame used, IMG010 reported",
                           lambda s=stem: output(s) is not None and "IMG010" in codes(s)))
        for stem in ("pillow__decompression_bomb", "sharp__giant-image", "thumbor__9643x10328",
                     "pillow__png_decompression_dos", "pillow__truncated_jpeg",
                     "pillow__truncated_image", "pillow__broken", "sharp__truncated",
                     "sharp__corrupt-header", "pillow__ultrahdr"):
            checks.append((f"{stem}: refused with IMG012, batch went on",
                           lambda s=stem: output(s) is None and "IMG012" in codes(s)))
        checks.append(("rembg__food-1.out.alpha: PNG content in a .jpg name decoded as PNG",
                       lambda: corner_white("rembg__food-1.out.alpha")))
        for stem in ("wulpus__wulpus_coin", "pillow__xmp_test"):
            checks.append((f"{stem}: non-white background flagged IMG004",
                           lambda s=stem: "IMG004" in codes(s)))
        checks.append(("pillow__xmp_test: Adobe RGB converted (differs from raw pixels)",
                       lambda: _adobe_converted(output("pillow__xmp_test"))))
        every = sorted(p.stem for sub in ("tricky", "photos") for p in (SHARED / sub).iterdir()
                       if p.is_file())
        checks.append((f"all {len(every)} files: an output or a named failure",
                       lambda: all(output(s) is not None or "IMG012" in codes(s)
                                   for s in every)))
        failed = 0
        for label, check in checks:
            try:
                ok = bool(check())
            except Exception as exc:  # noqa: BLE001 - a crashing check is a FAIL
                ok, label = False, f"{label} ({type(exc).__name__}: {exc})"
            failed += not ok
            print(f"{'PASS' if ok else 'FAIL'}  {label}")
        print(f"{len(checks) - failed}/{len(checks)} checks passed")
        return 1 if failed else 0


def _near(got: Any, want: tuple[int, int, int], tol: float) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(got, want, strict=True))


def _content(im: Any) -> Any:
    """The image area inside the white padding."""
    from PIL import ImageChops, ImageOps

    grey = ImageOps.invert(im.convert("L"))
    box = ImageChops.add(grey, grey).point(lambda v: 255 if v > 8 else 0).getbbox()
    return im.crop(box) if box else im


def _content_size(stem: str, output: Callable[[str], Any]) -> tuple[int, int]:
    return _content(output(stem)).size  # type: ignore[no-any-return]


def _adobe_converted(im: Any) -> bool:
    from PIL import Image, ImageOps

    raw = Image.open(SHARED / "photos" / "pillow__xmp_test.jpg").convert("RGB")
    raw = ImageOps.pad(raw, im.size, color="white")
    a, b = mean_rgb(_content(im)), mean_rgb(_content(raw))
    return max(abs(x - y) for x, y in zip(a, b, strict=True)) > 1.0


if __name__ == "__main__":
    sys.exit(main())
