"""The command line as a whole: entry points, instant help, one error boundary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from listingkit import __version__

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("spacy", "PIL", "deep_translator", "openpyxl", "jsonschema", "langdetect", "rapidfuzz",
         "jinja2", "babel", "wordfreq", "nh3", "thinc", "numpy")


def test_help_and_version_import_no_heavy_library() -> None:
    code = ("import sys\nfrom listingkit.commands import cli\n"
            "for args in (['--help'], ['--version']):\n"
            "    try:\n        cli(args, prog_name='listingkit')\n"
            "    except SystemExit:\n        pass\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert __version__ in out.stdout


def test_every_command_help_is_light() -> None:
    from listingkit.commands import COMMANDS

    for name in COMMANDS:
        code = ("import sys\nfrom listingkit.commands import cli\ntry:\n"
                f"    cli([{name!r}, '--help'], prog_name='listingkit')\n"
                "except SystemExit:\n    pass\n"
                f"print(sorted(m for m in ('spacy', 'PIL', 'deep_translator') "
                "if m in sys.modules))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True)
        assert out.stdout.strip().splitlines()[-1] == "[]", name


def test_python_dash_m_and_checkout_entry(tmp_path: Path) -> None:
    for argv in ([sys.executable, "-m", "listingkit", "--version"],
                 [sys.executable, str(ROOT / "cli.py"), "--version"]):
        out = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, check=True)
        assert out.stdout.strip() == f"listingkit, version {__version__}"


def test_user_error_is_one_line_exit_2_and_traceback_flag(run) -> None:
    result = run("platforms", "amazon-xx")
    assert result.exit_code == 2
    assert result.stderr == ("Error: unknown marketplace 'amazon-xx' (did you mean 'amazon-us'?)"
                             "; `listingkit platforms` lists them\n")
    out = subprocess.run([sys.executable, "-m", "listingkit", "--traceback", "platforms",
                          "amazon-xx"], check=False, capture_output=True, text=True)
    assert out.returncode != 0 and "Traceback" in out.stderr


def test_missing_file_is_one_line(run, tmp_path: Path) -> None:
    result = run("convert", tmp_path / "nope.csv", "-o", tmp_path / "o.csv")
    assert result.exit_code == 2
    assert "nope.csv: file not found" in result.stderr


def test_unknown_command_suggests(run) -> None:
    result = run("platfroms")
    assert result.exit_code == 2 and "platforms" in result.stderr


def test_listed_summaries_match_each_commands_own_help() -> None:
    import click

    from listingkit.commands import COMMANDS, SUMMARIES, cli

    ctx = click.Context(cli)
    assert set(SUMMARIES) == set(COMMANDS)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None
        assert SUMMARIES[name] == command.get_short_help_str(limit=300), name


def test_top_level_help_imports_no_command_module() -> None:
    code = ("import sys\nfrom listingkit.commands import cli\ntry:\n"
            "    cli(['--help'], prog_name='listingkit')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('listingkit.commands.')"
            " and m.rsplit('.', 1)[1] not in ('options', 'state')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert "optimize" in out.stdout and "Check listings" in out.stdout


def test_check_runs_without_a_blas_thread_pool(tmp_path: Path) -> None:
    """C006 imports numpy (through rapidfuzz's cdist) for a block of many titles, and OpenBLAS
    would start a thread per core that only burns CPU time: the command asks for none unless
    the user set its own. A block of two titles is scored pair by pair, without numpy."""
    status = Path("/proc/self/status")
    if not status.exists():
        import pytest

        pytest.skip("thread count read from /proc (Linux)")
    many, two = tmp_path / "many.csv", tmp_path / "two.csv"
    many.write_text("sku,title,brand\n" + "".join(
        f"A{i},Acme Steel Water Bottle 750 ml Blue{'!' * i},Acme\n" for i in range(20)),
        encoding="utf-8")
    two.write_text("sku,title,brand\nA,Acme Steel Water Bottle 750 ml Blue,Acme\n"
                   "B,Acme Steel Water Bottle 750ml Blue,Acme\n", encoding="utf-8")

    def code(catalogue: Path) -> str:
        return ("import atexit, sys\n"
                "def threads():\n"
                "    line = [l for l in open('/proc/self/status') if l.startswith('Threads:')][0]\n"
                "    print('threads', line.split()[1], 'numpy' in sys.modules)\n"
                "atexit.register(threads)\n"
                f"sys.argv = ['listingkit', 'check', {str(catalogue)!r}, '--platform', "
                "'amazon-us']\nfrom listingkit.commands import main\nmain()\n")

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    for catalogue, setting, expected in ((many, None, "threads 1 True"),
                                         (many, "2", "threads 2 True"),
                                         (two, None, "threads 1 False")):
        if setting:
            env["OPENBLAS_NUM_THREADS"] = setting
        out = subprocess.run([sys.executable, "-c", code(catalogue)], check=False,
                             capture_output=True, text=True, env=env)  # (exit 1: findings)
        assert "C006" in out.stdout  # (near-duplicate titles: they were scored)
        assert out.stdout.strip().splitlines()[-1] == expected


def _one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_empty_catalogue_cannot_run_and_outputs_stay(run, write, tmp_path: Path) -> None:
    empty = write("empty.csv", b"")
    blank = write("blank.csv", "\ufeff\n\n")
    out = write("out.csv", "PRECIOUS\n")
    for path in (empty, blank):
        for args in (("convert", path, "-o", out),
                     ("generate", path, "-p", "amazon-us", "-o", out, "--memory", "tm.sqlite"),
                     ("check", path, "-p", "amazon-us"),
                     ("check", path, "-p", "amazon-us", "--fix", "-o", out),
                     ("score", path, "-p", "amazon-us")):
            result = run(*args)
            assert result.exit_code == 2, (args, result.output)
            assert f"{path.name}: empty file" in _one_error_line(result), args
    assert out.read_text() == "PRECIOUS\n" and not (tmp_path / "tm.sqlite").exists()


def test_an_output_folder_that_does_not_exist_stops_the_command_before_any_work(
        run, write, tmp_path: Path) -> None:
    # the catalogue is empty: a command that read it first would say so instead
    empty = write("empty.csv", b"")
    out = tmp_path / "missing" / "out.csv"
    for args in (("convert", empty, "-o", out), ("check", empty, "-p", "amazon-us", "--fix",
                                                 "-o", out),
                 ("generate", empty, "-p", "amazon-us", "-o", out),
                 ("score", empty, "-p", "amazon-us", "-o", out),
                 ("optimize", empty, "-p", "amazon-us", "-o", out),
                 ("keywords", empty, "-o", out)):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        line = _one_error_line(result)
        assert f"{out}: cannot write: output folder {out.parent} does not exist" in line, args
    # a file where the folder should be is named
    result = run("convert", write("c.csv", "sku,title\nA,Mug\n"), "-o", empty / "out.csv")
    assert result.exit_code == 2
    assert f"{empty} is a file, not a folder" in _one_error_line(result)
    assert not (tmp_path / "missing").exists()


def test_header_without_rows_writes_nothing(run, write, tmp_path: Path) -> None:
    header = write("header.csv", "sku,title\n")
    out = write("out.csv", "PRECIOUS\n")
    for args in (("convert", header, "-o", out),
                 ("generate", header, "-p", "amazon-us", "-o", out, "--memory", "tm.sqlite"),
                 ("check", header, "-p", "amazon-us", "--fix", "-o", out)):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "header.csv: no listings found" in _one_error_line(result), args
    assert out.read_text() == "PRECIOUS\n" and not (tmp_path / "tm.sqlite").exists()
    linted = run("check", header, "-p", "amazon-us")  # (a lint of nothing finds nothing)
    assert linted.exit_code == 0 and "in 0 listings" in linted.stdout
