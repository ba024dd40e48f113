"""The multilingual example: one catalogue to five stores, from reviewed translations only.

``examples/multilingual/`` holds the catalogue and the reviewed translations (TMX); the
outputs are kept in ``tests/golden/generate/``. After an intended change, regenerate them with
``LISTINGKIT_UPDATE_GOLDEN=1 pytest tests/test_generate_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from listingkit.marketplace import Registry

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "multilingual"
GOLDEN = Path(__file__).resolve().parent / "golden" / "generate"
#: marketplace -> output file name (the upload format picks the columns)
TARGETS = {"amazon-us": "amazon-us.txt", "amazon-de": "amazon-de.txt",
           "amazon-fr": "amazon-fr.txt", "amazon-jp": "amazon-jp.txt",
           "mercado-libre": "mercado-libre.csv"}


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tm") / "tm.sqlite"


def test_import_reviewed_translations(run: Any, memory: Path) -> None:
    result = run("tm", "import", EXAMPLE / "translations.tmx", "--memory", memory)
    assert result.exit_code == 0
    assert "imported 60 of 60" in result.stderr


@pytest.mark.parametrize("platform", sorted(TARGETS))
def test_example_matches_golden(run: Any, memory: Path, tmp_path: Path, platform: str) -> None:
    if platform not in Registry().ids():
        pytest.skip(f"marketplace spec {platform} not available yet")
    if not memory.exists():
        run("tm", "import", EXAMPLE / "translations.tmx", "--memory", memory)
    out = tmp_path / TARGETS[platform]
    result = run("generate", EXAMPLE / "catalogue.csv", "-p", platform, "--memory", memory,
                 "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "wrote 3 of 3 SKUs" in result.stderr and "0 engine calls" in result.stderr
    assert "warning" not in result.stderr, result.stderr
    golden = GOLDEN / TARGETS[platform]
    if os.environ.get("LISTINGKIT_UPDATE_GOLDEN"):
        golden.write_bytes(out.read_bytes())
    assert out.read_bytes() == golden.read_bytes(), f"{platform} differs from {golden}"
