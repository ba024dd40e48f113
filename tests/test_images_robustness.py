"""``listingkit images`` on hostile input: tiny images, format-spec name patterns, bad source
patterns, symlinks and files in the way inside the output folder, blank catalogue SKUs."""

from __future__ import annotations

import json
import os
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

    def __init__(self, workers: int, **options: Any) -> None:
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


@pytest.fixture
def one(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    Image.new("RGB", (1200, 1200), "white").save(tmp_path / "src" / "B.jpg")
    (tmp_path / "out").mkdir()
    (tmp_path / "outside").mkdir()
    return tmp_path / "src"


def _errors(output: str) -> int:
    assert "Traceback" not in output
    return sum(line.startswith("Error:") for line in output.splitlines())


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("link", ["B", "B/amazon-us"])
def test_a_link_inside_the_output_folder_is_refused_not_followed(
        run: Any, tmp_path: Path, one: Path, link: str) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside"
    (out / link).parent.mkdir(parents=True, exist_ok=True)
    (out / link).symlink_to(outside, target_is_directory=True)
    result = run("images", one, "-p", "amazon-us", "-o", out, "-j", "1")
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert result.output.startswith(f"Error: {out / link}: is a link (to {outside}) inside "
                                    "the output folder")
    assert _files(outside) == []
    again = run("images", one, "-p", "amazon-us", "-o", out, "-j", "1")  # lock was released
    assert "another listingkit run" not in again.output and again.exit_code == 2


def test_a_link_made_during_the_run_is_refused_at_write_time(tmp_path: Path) -> None:
    from listingkit.errors import OutputError
    from listingkit.images import outdir

    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    outdir.check(out, ["B/amazon-us/B_1.jpg"])  # nothing there yet
    (out / "B").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="is a link"):
        outdir.ensure_parent(out, "B/amazon-us/B_1.jpg")
    assert list(outside.iterdir()) == []
    assert outdir.ensure_parent(out, "C/amazon-us/C_1.jpg") == out / "C/amazon-us/C_1.jpg"
    assert (out / "C" / "amazon-us").is_dir()


def test_a_link_where_an_image_goes_is_replaced_not_written_through(
        run: Any, tmp_path: Path, one: Path) -> None:
    out, victim = tmp_path / "out", tmp_path / "outside" / "keep.jpg"
    victim.write_bytes(b"precious")
    (out / "B" / "amazon-us").mkdir(parents=True)
    (out / "B" / "amazon-us" / "B_1.jpg").symlink_to(victim)
    result = run("images", one, "-p", "amazon-us", "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert victim.read_bytes() == b"precious"
    written = out / "B" / "amazon-us" / "B_1.jpg"
    assert not written.is_symlink() and Image.open(written).size == (1200, 1200)


@pytest.mark.parametrize(("make", "problem"), [
    ("B", "out/B: is a file where the folder for B/amazon-us/B_1.jpg must go"),
    ("B/amazon-us", "out/B/amazon-us: is a file where the folder for B/amazon-us/B_1.jpg"),
    ("B/amazon-us/B_1.jpg/", "out/B/amazon-us/B_1.jpg: is a folder where an output image"),
])
def test_something_in_the_way_is_named_without_the_disk_space_hint(
        run: Any, tmp_path: Path, one: Path, make: str, problem: str) -> None:
    path = tmp_path / "out" / make
    path.parent.mkdir(parents=True, exist_ok=True)
    if make.endswith("/"):
        path.mkdir()
    else:
        path.write_text("in the way")
    result = run("images", one, "-p", "amazon-us", "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
    assert problem in result.output
    assert "free space" not in result.output and "Errno" not in result.output


@pytest.mark.parametrize(("code", "hint"), [(28, "free space"), (122, "free space"),
                                            (13, "fix that"), (27, "fix that")])
def test_write_failure_hints_at_disk_space_only_when_space_ran_out(
        run: Any, tmp_path: Path, one: Path, monkeypatch: pytest.MonkeyPatch, code: int,
        hint: str) -> None:
    import errno
    import tempfile

    def in_process(jobs: Any, workers: int, on_result: Any, fn: Any = run_job) -> None:
        for job in jobs:
            on_result(fn(job))

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    assert errno.errorcode[code] in ("ENOSPC", "EDQUOT", "EACCES", "EFBIG")
    monkeypatch.setattr(batch, "run", in_process)
    monkeypatch.setattr(tempfile, "mkstemp", failing)
    result = run("images", one, "-p", "amazon-us", "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 2 and _errors(result.output) == 1, result.output
    assert f"B_1.jpg: cannot write: {os.strerror(code)}" in result.output
    assert f"{hint} and rerun to finish" in result.output
    if hint != "free space":
        assert "free space" not in result.output


def test_blank_skus_in_the_catalogue_are_one_failure_per_row(run: Any, tmp_path: Path,
                                                             one: Path) -> None:
    Image.new("RGB", (1200, 1200), "white").save(one / "C.jpg")
    Image.new("RGB", (1200, 1200), "white").save(one / "D.jpg")
    (tmp_path / "cat.csv").write_text("sku,title,image_1\n,Mug,B.jpg\n  ,Cup,C.jpg\n"
                                      "D,Dish,D.jpg\n", encoding="utf-8")
    result = run("images", one, "-p", "amazon-us", "-o", tmp_path / "out", "-j", "1",
                 "--catalogue", tmp_path / "cat.csv")
    assert result.exit_code == 1
    assert "would both be written" not in result.output
    fails = [line for line in result.output.splitlines() if line.startswith("FAIL")]
    why = "C005 SKU is empty; the row's images are not written"
    assert fails == [f"FAIL {tmp_path / 'cat.csv'}:{row}: {why}" for row in (2, 3)]
    assert _files(tmp_path / "out" / "D") == ["amazon-us/D_1.jpg"]
    assert not (tmp_path / "out" / "_").exists()


def test_hostile_skus_stay_inside_the_output_folder(run: Any, tmp_path: Path, one: Path) -> None:
    skus = ["../../up", "/etc/passwd", "..", ".", "CON", "con.txt", "COM\u00b9",
           "C:\\Windows\\x", "x" * 500, "\u202eevil"]
    rows = [{"sku": sku, "title": "T", "images": ["B.jpg"]} for sku in skus]
    (tmp_path / "cat.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows),
                                        encoding="utf-8")
    out = tmp_path / "out"
    result = run("images", one, "-p", "amazon-us", "-o", out, "-j", "1", "--catalogue",
                 tmp_path / "cat.jsonl")
    assert result.exit_code == 0, result.output
    written = [p for p in _files(out) if p.endswith(".jpg")]
    assert len(written) == len(skus) and _files(tmp_path / "outside") == []
    for rel in written:
        sku_dir, platform, name = rel.split("/")
        assert platform == "amazon-us" and len(name) <= naming.MAX_SKU + 6
        assert sku_dir.split(".")[0].upper() not in {"CON", "COM1", "NUL"}
        assert not sku_dir.startswith(".") and "\\" not in rel and ":" not in rel
    assert naming.sanitise("a\x00b") == "a_b"  # the catalogue reader refuses NUL anyway
