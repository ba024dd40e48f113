"""``listingkit images`` on hostile input: tiny images, format-spec name patterns, bad source
patterns, symlinks and files in the way inside the output folder, blank catalogue SKUs."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Self

import pytest
from PIL import Image

from listingkit import imaging
from listingkit.errors import ConfigError
from listingkit.images import batch, naming, presets, sources
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


@pytest.mark.parametrize(("pattern", "field", "problem"), [
    ("{sku:>99999999}{platform}{n}.{ext}", "{sku:>99999999}", "format spec"),
    ("{sku}/{platform}/{n}.{ext:.0}", "{ext:.0}", "format spec"),
    ("{sku}/{platform}/{n!r}.{ext}", "{n!r}", "conversion"),
    ("{sku}/{platform}/{n:{n}}.{ext}", "{n:{n}}", "format spec"),
    ("{sku}/{platform}/{n}.{ext}{colour}", "{colour}", "unknown field"),
    ("{sku.upper}/{platform}/{n}.{ext}", "{sku.upper}", "unknown field"),
    ("{sku[0]}/{platform}/{n}.{ext}", "{sku[0]}", "unknown field"),
    ("{0}/{sku}/{platform}/{n}.{ext}", "{0}", "unknown field"),
])
def test_name_pattern_with_a_format_spec_is_refused_before_any_work(
        run: Any, tmp_path: Path, pattern: str, field: str, problem: str) -> None:
    (tmp_path / "src").mkdir()
    Image.new("RGB", (1200, 1200), "white").save(tmp_path / "src" / "A.jpg")
    result = run("images", tmp_path / "src", "-p", "amazon-us", "-o", tmp_path / "out",
                 "--name-pattern", pattern, "-j", "1")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: --name-pattern ")
    assert repr(field) in result.output and problem in result.output
    assert not (tmp_path / "out").exists()


def test_name_pattern_from_the_config_names_the_file_and_key(run: Any, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "listingkit.toml").write_text(
        '[images]\nname_pattern = "{sku}/{platform}/{n:03}.{ext}"\n', encoding="utf-8")
    result = run("images", tmp_path / "src", "-p", "amazon-us", "-o", tmp_path / "out")
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "listingkit.toml: images.name_pattern" in result.output
    assert "'{n:03}' has a format spec" in result.output


def test_long_pattern_is_cut_in_the_error() -> None:
    with pytest.raises(ConfigError) as err:
        naming.check_pattern("x" * 10_000 + "{sku:>9}{platform}{n}.{ext}", "--name-pattern")
    assert len(str(err.value)) < 300


@pytest.mark.parametrize(("pattern", "problem"), [
    ("{sku}{sku}", "field {sku} is used 2 times"),
    ("{sku}_{n}-{n}", "field {n} is used 2 times"),
    ("{n}", "must contain {sku}"),
    ("{sku}_{colour}", "unknown field '{colour}'"),
    ("{sku:>3}", "'{sku:>3}' has a format spec"),
    ("{sku!s}", "'{sku!s}' has a conversion"),
    ("{sku}_{", "Single '{' encountered"),
])
def test_bad_source_pattern_is_a_one_line_error(run: Any, tmp_path: Path, pattern: str,
                                                 problem: str) -> None:
    (tmp_path / "src").mkdir()
    Image.new("RGB", (1200, 1200), "white").save(tmp_path / "src" / "A.jpg")
    result = run("images", tmp_path / "src", "-p", "amazon-us", "-o", tmp_path / "out",
                 "--source-pattern", "{sku}_{n}", "--source-pattern", pattern)
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert result.output.startswith(f"Error: --source-pattern {pattern!r}: ")
    assert problem in result.output and "internal error" not in result.output
    assert not (tmp_path / "out").exists()


def test_source_pattern_braces_are_escaped_like_format_strings(tmp_path: Path) -> None:
    files = [tmp_path / "{A}_1.jpg", tmp_path / "B.jpg"]
    for path in files:
        path.touch()
    found = sources.by_pattern(files, tmp_path, ["{{{sku}}}_{n}"])
    assert [(img.sku, img.n) for img in found] == [("A", 1)]


class _FakePool:
    """Runs jobs at once in-process; a ``CRASH`` job breaks it like a dying worker does."""

    def __init__(self, workers: int) -> None:
        self.broken = False
        self.futures: list[Future[Any]] = []

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass

    def submit(self, fn: Any, job: Job) -> Future[Any]:
        if self.broken:
            raise BrokenProcessPool("a child process terminated abruptly")
        future: Future[Any] = Future()
        self.futures.append(future)
        if "CRASH" in job.source:
            self.broken = True
            for f in self.futures:
                if not f.done():
                    f.set_exception(BrokenProcessPool("a child process terminated abruptly"))
        else:
            future.set_result(fn(job))
        return future


def test_pool_broken_between_wait_and_submit_is_one_images_failure(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "ProcessPoolExecutor", _FakePool)
    jobs = [Job(name, name, 1, (), "out") for name in ("A", "CRASH", "B", "C", "D", "E")]
    results: list[dict[str, Any]] = []
    batch.run(jobs, 2, results.append, fn=lambda job: {"source": job.source, "error": None})
    assert sorted(r["source"] for r in results) == ["A", "B", "C", "CRASH", "D", "E"]
    assert [r["source"] for r in results if r["error"]] == ["CRASH"]
