"""The built wheel works outside the checkout: data travels inside it, no stray top-level module."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(out), str(ROOT)], check=True, capture_output=True)
    [built] = out.glob("listingkit-*.whl")
    return built


def test_wheel_carries_data_and_no_top_level_cli(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert "cli.py" not in tops and not any(t.startswith("tests") for t in tops)
    assert "listingkit/specs/amazon-us.toml" in names
    assert "listingkit/formats/amazon.toml" in names
    assert "listingkit/config.schema.json" in names
    assert any(n.startswith("listingkit/lexicons/") for n in names)
    assert any(n.startswith("listingkit/templates/") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "listingkit = listingkit.__main__:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_installed_wheel_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True)
    # the dependencies come from the test environment, read-only, after the venv's own site
    purelib = subprocess.run([str(py), "-c", ("import sysconfig;print(sysconfig.get_paths()"
                                              "['purelib'])")],
                             capture_output=True, text=True, check=True)
    deps = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(purelib.stdout.strip(), "zz_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "in.csv").write_text("sku,title,brand\nS-1,Steel Bottle 500 ml,Acme\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    exe = venv / "bin" / "listingkit"
    where = subprocess.run([str(py), "-c", "import listingkit;print(listingkit.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    assert str(venv) in where.stdout, where.stdout
    listing = subprocess.run([str(exe), "platforms"], cwd=work, env=env, capture_output=True,
                             text=True, check=True)
    assert "amazon-de" in listing.stdout and "mercado-libre" in listing.stdout
    subprocess.run([str(exe), "convert", "in.csv", "-o", "out.jsonl"], cwd=work, env=env,
                   check=True, capture_output=True)
    assert '"sku": "S-1"' in (work / "out.jsonl").read_text()
    data = subprocess.run([str(py), "-c", ("from listingkit.resources import data_dir;"
                                           "print(data_dir('lexicons'), data_dir('templates'))")],
                          cwd=work, env=env, capture_output=True, text=True, check=True)
    assert data.stdout.count(str(venv)) == 2
