"""The README's keywords, score and optimize examples are the commands' real output on the
files in ``examples/``: each block is re-run and compared."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from listingkit.commands import cli

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ["listingkit keywords clean examples/cerebro.csv",
            "listingkit score examples/bottles.csv",
            "listingkit optimize examples/bottles.csv",
            "listingkit keywords examples/competitors.csv --top 8",
            "listingkit keywords examples/competitors.csv --top 6 --against"]


def blocks() -> dict[str, tuple[str, list[str]]]:
    """Each example's command line and the output lines the README shows after it."""
    text = (ROOT / "README.md").read_text("utf-8")
    out = {}
    for start in COMMANDS:
        at = text.index("$ " + start)
        end = text.index("```", at)
        lines = text[at:end].rstrip("\n").split("\n")
        stop = next((i for i in range(1, len(lines)) if lines[i].startswith("$ ")), len(lines))
        shown = lines[1:stop]
        while shown and not shown[-1]:
            shown.pop()
        out[start] = (lines[0][2:], shown)
    return out


@pytest.mark.parametrize("start", COMMANDS)
def test_readme_example_is_the_real_output(start: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    command, shown = blocks()[start]
    (tmp_path / "examples").mkdir()
    for name in ("bottles.csv", "cerebro.csv", "competitors.csv", "my_bottle.csv"):
        shutil.copy(ROOT / "examples" / name, tmp_path / "examples" / name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, shlex.split(command)[1:])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.rstrip("\n").split("\n") == shown, \
        f"update README.md's example: {command}"


def test_keyword_clean_output_does_not_depend_on_string_hashing(tmp_path: Path) -> None:
    """Words tied in count kept the order of a set, which changes with PYTHONHASHSEED."""
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outputs.add(subprocess.run(
            [sys.executable, "-m", "listingkit", "keywords", "clean",
             str(ROOT / "examples" / "cerebro.csv"), "-p", "amazon-us"],
            capture_output=True, text=True, env=env, check=True).stdout)
    assert len(outputs) == 1
