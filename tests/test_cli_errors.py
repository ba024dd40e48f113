"""Errors the command line itself meets stay one line: a folder given for a file, click's
usage errors, a file in the way of an output folder, and images' progress label."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def _only_error(result) -> str:  # type: ignore[no-untyped-def]
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


CATALOGUE = "sku,title\nA,Acme Water Bottle 500 ml\n"


@pytest.mark.parametrize("args", [
    ("check", "dir.csv", "-p", "amazon-us"),
    ("convert", "cat.csv", "-o", "dir.csv"),
    ("check", "cat.csv", "-p", "amazon-us", "--baseline", "dir.csv"),
    ("tm", "stats", "--memory", "dir.csv"),
    ("--config", "dir.csv", "platforms"),
])
def test_a_folder_for_a_file_is_one_line(run, write, tmp_path: Path, args) -> None:  # type: ignore[no-untyped-def]
    write("cat.csv", CATALOGUE)
    (tmp_path / "dir.csv").mkdir()
    result = run(*args)
    assert result.exit_code == 2
    assert _only_error(result) == "Error: dir.csv: is a folder, not a file"


def test_usage_errors_are_one_line_and_help_still_prints(run) -> None:
    result = run("check", "x.csv", "--bogus")
    assert result.exit_code == 2
    assert re.fullmatch(r"Error: No such option '--bogus'; see '\S+ check --help'",
                        _only_error(result))
    assert _only_error(run("check")).startswith("Error: Missing argument 'CATALOGUES...'")
    assert run("check", "--fail-on", "x", "a.csv").exit_code == 2
    helped = run("check", "--help")
    assert helped.exit_code == 0 and helped.stdout.startswith("Usage: ")
    assert "--fail-on" in helped.stdout
    bare = run("tm")  # (a group with no subcommand shows its help, as before)
    assert "Commands:" in bare.output and "Error" not in bare.output


def test_a_file_in_the_way_of_an_output_folder_is_named(run, tmp_path: Path) -> None:
    from test_images_fixtures import photo

    photo().save(tmp_path / "A.jpg")
    (tmp_path / "out" / "A").mkdir(parents=True)
    (tmp_path / "out" / "A" / "amazon-us").write_text("in the way")
    result = run("images", tmp_path / "A.jpg", "-p", "amazon-us", "-o", tmp_path / "out")
    assert result.exit_code == 2
    line = _only_error(result)
    assert "amazon-us: is a file where the folder" in line and "Errno" not in line
    assert "free space" not in line


def test_images_error_leaves_no_progress_label(run, tmp_path: Path) -> None:
    from test_images_fixtures import photo

    photo().save(tmp_path / "A.jpg")
    (tmp_path / "out" / ".listingkit-images.json").mkdir(parents=True)
    result = run("images", tmp_path / "A.jpg", "-p", "amazon-us", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "listingkit-images.json: cannot write: it is a folder" in _only_error(result)
