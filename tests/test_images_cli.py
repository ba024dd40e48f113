"""``listingkit images`` end to end: outputs, failures, reruns, crashes, kill -9."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from test_images_fixtures import photo

from listingkit.images import batch
from listingkit.images.pipeline import Job, run_job

SHOP = """
id = "shop-test"
name = "Shop (test)"
language = { value = "en", source = "t" }
[sources.t]
url = "https://example.invalid"
kind = "listingkit"
as_of = "2026"
[images.main]
target_px = { value = [800, 600], source = "t" }
fit = { value = "contain", source = "t" }
format = { value = "WEBP", source = "t" }
quality = { value = 80, source = "t" }
"""


def gps_jpeg(path: Path, size: tuple[int, int] = (1200, 900), background: int = 255,
             seed: int = 1) -> Path:
    exif = Image.Exif()
    exif[0x0112] = 1
    exif.get_ifd(0x8825)[2] = (52.0, 30.0, 0.0)  # GPSLatitude
    photo(size, background, 0.9, seed).save(path, "JPEG", quality=92, exif=exif)
    return path


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.toml"
    path.write_text(SHOP, encoding="utf-8")
    return path


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    gps_jpeg(folder / "MUG-1_1.jpg")
    gps_jpeg(folder / "MUG-1_2.jpg", seed=2)
    photo((900, 1200), 255, 0.9, 3).convert("RGBA").save(folder / "TOTE.png")
    return folder


def test_writes_every_platform_from_one_decode(run: Any, tmp_path: Path, src: Path,
                                               shop: Path) -> None:
    out = tmp_path / "out"
    result = run("images", src, "-p", "amazon-us,shop-test", "--spec", shop, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    main = Image.open(out / "MUG-1/amazon-us/MUG-1_1.jpg")
    assert main.format == "JPEG" and main.size == (1200, 1200)  # pad to 1:1, not upscaled
    assert main.getpixel((5, 5)) == (255, 255, 255)
    assert not main.getexif() and "icc_profile" in main.info  # GPS gone, sRGB kept
    other = Image.open(out / "MUG-1/amazon-us/MUG-1_2.jpg")
    assert other.size == (1200, 900)  # contain
    webp = Image.open(out / "TOTE/shop-test/TOTE_1.webp")
    assert webp.format == "WEBP" and webp.size == (450, 600)
    assert "amazon-us" in result.output and "written" in result.output
    manifest = json.loads((out / ".listingkit-images.json").read_text())
    assert len(manifest["outputs"]) == 6


def test_one_bad_image_never_stops_the_batch(run: Any, tmp_path: Path, src: Path) -> None:
    buf = io.BytesIO()
    photo((600, 600)).save(buf, "JPEG")
    (src / "BAD_1.jpg").write_bytes(buf.getvalue()[:3000])
    (src / "NOTIMG_1.jpg").write_bytes(b"hello, not an image")
    out = tmp_path / "out"
    result = run("images", src, "-p", "amazon-us", "-o", out, "-j", "2")
    assert result.exit_code == 1
    assert "BAD_1.jpg: SKU 'BAD' image 1" in result.output and "IMG012" in result.output
    assert "truncated" in result.output and "not a readable image" in result.output
    assert (out / "MUG-1/amazon-us/MUG-1_1.jpg").is_file()
    assert (out / "TOTE/amazon-us/TOTE_1.jpg").is_file()
    assert "Traceback" not in result.output


def test_too_small_needs_allow_upscale(run: Any, tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    photo((400, 300)).save(folder / "TINY.jpg")
    out = tmp_path / "out"
    result = run("images", folder, "-p", "amazon-us", "-o", out, "-j", "1")
    assert result.exit_code == 1 and "IMG001" in result.output
    assert not (out / "TINY/amazon-us/TINY_1.jpg").exists()
    result = run("images", folder, "-p", "amazon-us", "-o", out, "-j", "1", "--allow-upscale")
    assert result.exit_code == 0 and "IMG017" in result.output
    assert Image.open(out / "TINY/amazon-us/TINY_1.jpg").size == (2000, 2000)


def test_rerun_skips_current_outputs_and_redoes_changed_ones(run: Any, tmp_path: Path,
                                                             src: Path) -> None:
    out = tmp_path / "out"
    assert run("images", src, "-p", "amazon-us", "-o", out, "-j", "1",
               "--format", "json").exit_code == 0
    target = out / "MUG-1/amazon-us/MUG-1_2.jpg"
    first = target.stat().st_mtime_ns
    again = json.loads(run("images", src, "-p", "amazon-us", "-o", out, "-j", "1",
                           "--format", "json").stdout)
    assert again["counts"] == [{"platform": "amazon-us", "status": "current", "count": 3}]
    assert target.stat().st_mtime_ns == first
    gps_jpeg(src / "MUG-1_2.jpg", seed=7)
    changed = json.loads(run("images", src, "-p", "amazon-us", "-o", out, "-j", "1",
                             "--format", "json").stdout)
    assert {(c["status"], c["count"]) for c in changed["counts"]} == {("current", 2),
                                                                       ("written", 1)}
    target.write_bytes(b"tampered")
    fixed = json.loads(run("images", src, "-p", "amazon-us", "-o", out, "-j", "1",
                           "--format", "json").stdout)
    assert ("written", 1) in {(c["status"], c["count"]) for c in fixed["counts"]}
    assert Image.open(target).format == "JPEG"


def test_compliance_failures_persist_on_rerun(run: Any, tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    gps_jpeg(folder / "GREY.jpg", background=238)
    out = tmp_path / "out"
    for _ in range(2):
        result = run("images", folder, "-p", "amazon-us", "-o", out, "-j", "1")
        assert result.exit_code == 1 and "IMG004" in result.output
        assert (out / "GREY/amazon-us/GREY_1.jpg").is_file()


def test_byte_limit_that_cannot_be_met_is_named(run: Any, tmp_path: Path, src: Path) -> None:
    (tmp_path / "listingkit.toml").write_text(
        '[images.presets.tight]\ntarget_px = [1000, 1000]\nmax_bytes = 2000\n', "utf-8")
    out = tmp_path / "out"
    result = run("images", src, "-p", "tight", "-o", out, "-j", "1", "--quality-floor", "70")
    assert result.exit_code == 1
    assert "IMG013" in result.output and "quality floor 70" in result.output


def test_bad_config_preset_is_one_line_exit_2(run: Any, tmp_path: Path, src: Path) -> None:
    (tmp_path / "listingkit.toml").write_text(
        '[images.presets.web]\ntarget_px = [1000, 1000]\nfit = "stretch"\n', "utf-8")
    result = run("images", src, "-p", "web", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "images.presets.web.fit" in result.output


def test_catalogue_maps_images_and_names_stay_inside_out(run: Any, tmp_path: Path,
                                                         src: Path) -> None:
    cat = tmp_path / "cat.jsonl"
    rows = [{"sku": "../../evil", "title": "Mug", "images": ["https://x.example/MUG-1_2.jpg",
                                                             "https://x.example/MUG-1_1.jpg"]},
            {"sku": "LOST", "title": "Lost", "images": ["lost.jpg"]}]
    cat.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("images", src, "-p", "amazon-us", "-o", out, "--catalogue", cat, "-j", "1")
    assert result.exit_code == 1 and "IMG014" in result.output and "lost.jpg" in result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.jpg"))
    assert written == ["_.._evil/amazon-us/_.._evil_1.jpg", "_.._evil/amazon-us/_.._evil_2.jpg"]
    assert Image.open(out / written[0]).size == (1200, 1200)  # catalogue image 1 = main, padded


def test_a_catalogue_without_rows_is_refused_before_any_image(run: Any, tmp_path: Path,
                                                              src: Path) -> None:
    cat = tmp_path / "cat.csv"
    cat.write_text("sku,title,image_1\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("images", src, "-p", "amazon-us", "-o", out, "--catalogue", cat)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "cat.csv: no listings found" in result.output
    assert not out.exists()


def test_an_output_folder_that_cannot_be_made_is_one_line(run: Any, tmp_path: Path,
                                                          src: Path) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "file" / "out"  # (under a file: mkdir fails, NotADirectoryError)
    result = run("images", src, "-p", "amazon-us", "-o", out)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert f"{out}: cannot make output folder: Not a directory" in result.output


def test_a_run_sweeps_its_own_leftovers_and_no_one_elses(run: Any, tmp_path: Path,
                                                         src: Path) -> None:
    out = tmp_path / "out"
    (out / "MUG-1" / "amazon-us").mkdir(parents=True)
    stale = out / "MUG-1" / "amazon-us" / ".MUG-1_1.jpg.k3j4h5g6.tmp"  # a killed run's
    stale.write_bytes(b"partial")
    manifest = out / "..listingkit-images.json.a1b2c3d4.tmp"  # (NAME is a dot file)
    manifest.write_text("{", encoding="utf-8")
    # another program writing into the folder now (convert -o OUT/catalogue.csv), and a
    # user's own file named like a temporary one
    theirs = out / ".catalogue.csv.x9y8z7w6.tmp"
    theirs.write_text("sku,title\n", encoding="utf-8")
    mine = out / ".notes.tmp"
    mine.write_text("keep", encoding="utf-8")
    result = run("images", src, "-p", "amazon-us", "-o", out, "-j", "1")
    assert result.exit_code in (0, 1), result.output
    assert not stale.exists() and not manifest.exists()
    assert theirs.read_text(encoding="utf-8") == "sku,title\n"
    assert mine.read_text(encoding="utf-8") == "keep"


def crashy(job: Job) -> dict[str, Any]:
    """A worker function that dies hard on one image (stands in for a decoder segfault)."""
    if "CRASH" in job.source:
        os._exit(70)
    return run_job(job)


def test_worker_crash_is_that_images_failure(tmp_path: Path, src: Path) -> None:
    from listingkit.images.presets import from_marketplace
    from listingkit.images.runner import Batch, Settings
    from listingkit.marketplace import Registry

    gps_jpeg(src / "CRASH_1.jpg")
    job_batch = Batch(Settings(out=tmp_path / "out"))
    job_batch.prepare(src, [from_marketplace(Registry().get("amazon-us"))])
    results: list[dict[str, Any]] = []
    batch.run(job_batch.jobs, 2, results.append, fn=crashy)
    by_sku = {(r["sku"], r["n"]): r for r in results}
    assert len(results) == 4
    assert "crashed" in by_sku[("CRASH", 1)]["error"]["message"]
    assert all(not r["error"] for k, r in by_sku.items() if k[0] != "CRASH")


def test_kill_minus_9_then_rerun_is_byte_identical(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(24):
        photo((1500, 1100), 255, 0.85, i).save(folder / f"SKU{i:02d}.jpg", quality=90)
    exif = Image.Exif()
    exif[0x0112] = 6
    photo((1200, 800)).transpose(Image.Transpose.ROTATE_90).save(folder / "ROT.jpg", exif=exif)
    cmd = [sys.executable, "-m", "listingkit", "images", str(folder), "-p", "amazon-us",
           "-j", "2", "-o"]
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    subprocess.run([*cmd, str(clean)], check=True, capture_output=True, cwd=tmp_path)
    proc = subprocess.Popen([*cmd, str(killed)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=tmp_path, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(list(killed.rglob("*.jpg"))) < 6:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the command and its workers, mid-batch
    proc.wait()
    assert len(list(killed.rglob("*.jpg"))) < 25, "the kill came too late to test anything"
    subprocess.run([*cmd, str(killed)], check=True, capture_output=True, cwd=tmp_path)

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.jpg")}

    assert files(killed) == files(clean) and len(files(clean)) == 25
    assert not [p for p in killed.rglob("*.tmp")]
