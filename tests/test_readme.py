"""README.md stays true: its test command is the one CI runs, its examples exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def sh_blocks() -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL)]


def test_two_fresh_machine_commands_and_ci_runs_the_test_one() -> None:
    demo, tests = sh_blocks()[:2]
    assert "pip install ." in demo and "examples/demo.sh" in demo
    assert "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines(), "README's test command must be the line .ci/run runs"


def test_files_the_readme_names_exist() -> None:
    for name in ("examples/demo.sh", "examples/catalogue.csv", "examples/competitors.csv",
                 "listingkit/specs/spec.schema.json", "listingkit/config.schema.json",
                 "benchmarks/README.md"):
        assert (ROOT / name).exists(), name
    for match in re.findall(r"`(examples/[\w./-]+)`", README):
        assert (ROOT / match).exists(), match


def test_every_command_is_documented() -> None:
    from listingkit.commands import COMMANDS

    for name in COMMANDS:
        assert f"listingkit {name}" in README, name
