"""``listingkit images`` on hostile input: tiny images, format-spec name patterns, bad source
patterns, symlinks and files in the way inside the output folder, blank catalogue SKUs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from listingkit import imaging
from listingkit.images import presets
from listingkit.images.geometry import plan
from listingkit.images.pipeline import Job, Output, run_job
from listingkit.marketplace import Registry

TINY = [(1, 1), (1, 2), (2, 1), (2, 2), (3, 3), (1, 700), (700, 1), (2, 1500), (1500, 2)]


def _all_presets() -> list[presets.Preset]:
    registry = Registry()
    found = []
    for ident in registry.ids():
        for preset in presets.from_marketplace(registry.get(ident)).values():
            found += [presets.with_options(preset, fit=fit) for fit in presets.FITS]
    return found


@pytest.mark.parametrize("size", TINY)
def test_measure_never_fails_on_a_tiny_image(size: tuple[int, int]) -> None:
    assert imaging.measure(Image.new("RGB", size, "white"))["border_white"] == 1.0
    assert imaging.measure(Image.new("RGB", size, "black"))["border_white"] == 0.0


@pytest.mark.parametrize("size", TINY)
def test_tiny_image_gets_findings_not_an_internal_error(tmp_path: Path,
                                                        size: tuple[int, int]) -> None:
    src = tmp_path / "TINY.png"
    Image.new("RGB", size, "white").save(src)
    for upscale in (False, True):
        outputs = tuple(Output(p, f"{p.name}.{p.fit}.{p.ext}") for p in _all_presets())
        result = run_job(Job(str(src), "TINY", 1, outputs, str(tmp_path / "out"), upscale))
        assert result["error"] is None, result["error"]
        assert len(result["outputs"]) == len(outputs)
        for out in result["outputs"]:
            codes = [f["code"] for f in out["findings"]]
            assert not any("internal" in f["message"] for f in out["findings"]), out
            preset = next(o.preset for o in outputs if o.rel == out["rel"])
            canvas = plan(size, preset.target, preset.fit, upscale).canvas
            if preset.min_px and max(canvas) < preset.min_px:  # the proper finding: too small
                assert out["status"] == "failed" and codes == ["IMG001"], out
            elif canvas[0] * canvas[1] > 64_000_000:  # 'cover' upscaling a sliver: refused
                assert out["status"] == "failed" and codes == ["IMG012"], out
                assert "over the 64 MP limit" in out["findings"][0]["message"]
            else:
                assert out["status"] == "written" and "IMG012" not in codes, out


def test_one_pixel_image_for_etsy_is_written_with_the_size_warning(run: Any,
                                                                   tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    Image.new("RGB", (1, 1), "white").save(tmp_path / "src" / "ONE.jpg")
    result = run("images", tmp_path / "src", "-p", "etsy,amazon-us", "-o", tmp_path / "out",
                 "-j", "1")
    assert "internal error" not in result.output and "IMG012" not in result.output
    assert "etsy.main: IMG002" in result.output and "amazon-us.main: IMG001" in result.output
    assert result.exit_code == 1  # amazon-us rejects it
    assert Image.open(tmp_path / "out" / "ONE" / "etsy" / "ONE_1.jpg").size == (1, 1)
