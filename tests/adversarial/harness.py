"""Run one command over one hostile input and judge the outcome.

Shared by ``test_corpus.py`` and ``benchmarks/reliability_table.py`` so the README table and
CI check the same thing: no traceback, the documented exit code, a one-line error that names
the file (and the row or SKU where the case says so), no output left behind by a refused run,
and a bound on time.
"""

from __future__ import annotations

import json
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from listingkit.commands import COMMANDS, cli

#: commands that read a catalogue, and how to run each over ``path`` writing into ``work``
CATALOGUE_COMMANDS = ("convert", "check", "keywords", "score", "optimize", "generate", "images")
#: commands that read listings without SKUs (competitor listings)
NO_SKU_COMMANDS = ("keywords",)
SECONDS = 30.0          # the bound for one command over one ordinary corpus input
BIG_SECONDS = 60.0      # ... over one generated giant (a 6-40 MB cell, a 1.5 GiB zip bomb)
TEMPLATE_SECONDS = 5.0  # the bound for one hostile template


def available(command: str) -> bool:
    return command in COMMANDS


def catalogue_args(command: str, path: Path, work: Path) -> list[str]:
    out = work / "out"
    return {
        "convert": ["convert", str(path), "-o", str(out / "converted.jsonl")],
        "check": ["check", str(path), "-p", "amazon-us"],
        "keywords": ["keywords", str(path)],
        "score": ["score", str(path), "-p", "amazon-us"],
        "optimize": ["optimize", str(path), "-p", "amazon-us", "-o", str(out / "optimized.csv")],
        "generate": ["generate", str(path), "-p", "amazon-us", "-o", str(out / "generated.txt"),
                     "--memory", str(work / "tm.sqlite")],
        "images": ["images", str(work / "photos"), "-p", "amazon-us", "-o", str(out / "images"),
                   "--catalogue", str(path), "-j", "1"],
    }[command]


@dataclass
class Outcome:
    command: str
    case: str
    exit_code: int
    seconds: float
    stdout: str
    stderr: str
    crash: str = ""                         # a traceback or internal error, if any
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.crash and not self.problems


def invoke(args: list[str]) -> tuple[int, str, str, str, float]:
    """Run the CLI in-process; returns (exit, stdout, stderr, crash, seconds)."""
    runner = CliRunner()
    start = time.perf_counter()
    result = runner.invoke(cli, args, catch_exceptions=True)
    seconds = time.perf_counter() - start
    crash = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = "".join(traceback.format_exception(result.exception)).strip()
    stdout, stderr = result.stdout, result.stderr
    for text in (stdout, stderr):
        if "Traceback (most recent call last)" in text or "internal error" in text:
            crash = crash or text.strip()
    return result.exit_code, stdout, stderr, crash, seconds


def judge_catalogue(command: str, name: str, expect: dict[str, object], path: Path,
                    work: Path, bound: float = SECONDS) -> Outcome:
    """Run ``command`` over a corpus catalogue and list every way it misbehaved."""
    work.mkdir(parents=True, exist_ok=True)
    (work / "out").mkdir(exist_ok=True)
    (work / "photos").mkdir(exist_ok=True)
    args = catalogue_args(command, path, work)
    if expect.get("encoding"):
        args += ["--encoding", str(expect["encoding"])]
    code, stdout, stderr, crash, seconds = invoke(args)
    outcome = Outcome(command, name, code, seconds, stdout, stderr, crash)
    problems = outcome.problems
    refused = int(expect["exit"]) == 2 and not (  # type: ignore[call-overload]
        expect.get("no_sku") and command in NO_SKU_COMMANDS)
    empty = expect.get("rows") == 0
    if refused or code == 2:
        allowed = {2} if refused else ({0, 1, 2} if empty else {0, 1})
        if code not in allowed:
            problems.append(f"exit {code}, expected {sorted(allowed)}")
        errors = [line for line in stderr.splitlines() if line.startswith("Error:")]
        if len(errors) != 1:
            problems.append(f"expected one 'Error:' line, got {len(errors)}: {stderr[-300:]!r}")
        else:
            line = errors[0]
            if path.name not in line and str(expect.get("mention", "")) != "utf-99":
                problems.append(f"error does not name the file: {line!r}")
            if expect.get("mention") and str(expect["mention"]) not in line:
                problems.append(f"error lacks {expect['mention']!r}: {line!r}")
        left = [p for p in (work / "out").rglob("*") if p.is_file()
                and p.name not in (".listingkit.lock",)]
        if code == 2 and left:
            problems.append(f"a refused run left output behind: {[p.name for p in left]}")
    elif code not in {0, 1}:
        problems.append(f"exit {code}, expected 0 or 1")
    if seconds > bound:
        problems.append(f"took {seconds:.1f}s (bound {bound:.0f}s)")
    return outcome


def read_back(path: Path) -> list[dict[str, object]]:
    """The records of a JSONL file ``convert`` wrote (split on LF only: U+2028 is data)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def judge_roundtrip(name: str, expect: dict[str, object], path: Path, work: Path) -> Outcome:
    """A readable catalogue converts to JSONL with every row; JSONL -> CSV -> JSONL and
    JSONL -> XLSX -> JSONL give the same records back, apart from the documented ``'`` escape
    (and XLSX, being XML, storing CR and CRLF in a cell as LF). One with no listings (a header,
    ``[]``) is refused, exit 2, and an existing output is left as it was."""
    work.mkdir(parents=True, exist_ok=True)
    enc = ["--encoding", str(expect["encoding"])] if expect.get("encoding") else []
    first = work / "first.jsonl"
    if expect["rows"] == 0:
        first.write_text("kept\n", encoding="utf-8")
    code, out, err, crash, seconds = invoke(["convert", str(path), "-o", str(first), *enc])
    outcome = Outcome("convert", name, code, seconds, out, err, crash)
    if expect["rows"] == 0:
        if code != 2 or crash or "no listings found" not in err:
            outcome.problems.append(f"convert of no listings: exit {code}: {err[-300:]!r}")
        if first.read_text(encoding="utf-8") != "kept\n":
            outcome.problems.append("convert of no listings replaced the existing output")
        return outcome
    if code != 0 or crash:
        outcome.problems.append(f"convert exit {code}: {err[-300:]!r}")
        return outcome
    records = read_back(first)
    if len(records) != expect["rows"]:
        outcome.problems.append(f"{len(records)} listings read, expected {expect['rows']}")
    if expect.get("title") is not None and (not records or records[0]["title"] != expect["title"]):
        outcome.problems.append(f"title read as {records[0]['title'] if records else None!r}")
    for container in ("csv", "xlsx"):
        middle, last = work / f"middle.{container}", work / f"last.{container}.jsonl"
        for source, target in ((first, middle), (middle, last)):
            code, _, err, crash, _ = invoke(["convert", str(source), "-o", str(target)])
            if code != 0 or crash:
                outcome.crash = outcome.crash or crash
                outcome.problems.append(f"{container} round trip exit {code}: {err[-300:]!r}")
                return outcome
        lf = container == "xlsx"
        again = [comparable(r, lf=lf) for r in read_back(last)]
        if again != [comparable(r, escaped=True, lf=lf) for r in records]:
            outcome.problems.append(f"data changed in the {container} round trip")
    return outcome


def comparable(record: dict[str, object], escaped: bool = False, lf: bool = False
               ) -> dict[str, object]:
    def cell(value: str) -> str:
        if escaped and value.startswith(("=", "+", "-", "@", "\t", "\r")):
            value = "'" + value
        return value.replace("\r\n", "\n").replace("\r", "\n") if lf else value

    out: dict[str, object] = {}
    for key, value in record.items():
        if key in ("source", "variants"):
            continue
        if isinstance(value, str):
            out[key] = cell(value)
        elif isinstance(value, list):
            out[key] = [cell(v) for v in value]
        elif isinstance(value, dict):
            out[key] = {k: cell(v) for k, v in value.items()}
    return out


def judge_image(name: str, source: Path, work: Path) -> Outcome:
    """``images`` over a folder holding only this file (as SKU LK-1): exit 1 with a FAIL line
    naming the file and SKU, and no output image."""
    import shutil

    photos = work / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    target = photos / f"LK-1{Path(name).suffix}"
    shutil.copyfile(source, target)
    code, out, err, crash, seconds = invoke(
        ["images", str(photos), "-p", "amazon-us", "-o", str(work / "out"), "-j", "1"])
    outcome = Outcome("images", name, code, seconds, out, err, crash)
    if code != 1:
        outcome.problems.append(f"exit {code}, expected 1 (image failed)")
    fails = [line for line in out.splitlines() if line.startswith("FAIL")]
    if not fails or target.name not in fails[0] or "LK-1" not in fails[0]:
        outcome.problems.append(f"no FAIL line naming the file and SKU: {out[-400:]!r}")
    written = [p.name for p in (work / "out").rglob("*") if p.is_file()
               and p.suffix.lower() in (".jpg", ".png", ".webp")]
    if written:
        outcome.problems.append(f"a broken image produced output: {written}")
    if seconds > SECONDS:
        outcome.problems.append(f"took {seconds:.1f}s (bound {SECONDS:.0f}s)")
    return outcome


LEAKS = ("<class", "root:", "uid=", "__globals__", "subprocess")


def judge_template(name: str, source: Path, work: Path) -> Outcome:
    """``generate`` with a hostile ``default/title.j2``: exit 1 naming the SKU and template,
    nothing executed or leaked, the SKU not written, within :data:`TEMPLATE_SECONDS`."""
    import os
    import shutil

    folder = work / "templates" / "default"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, folder / "title.j2")
    catalogue = work / "products.csv"
    catalogue.write_text("sku,title,brand\nLK-1,Steel water bottle 750 ml,Acme\n",
                         encoding="utf-8")
    output = work / "out.txt"
    here = Path.cwd()
    os.chdir(work)  # a template that ran a shell command would drop PWNED here
    try:
        code, out, err, crash, seconds = invoke(
            ["generate", str(catalogue), "-p", "amazon-us", "-o", str(output), "--templates",
             str(work / "templates"), "--memory", str(work / "tm.sqlite")])
    finally:
        os.chdir(here)
    outcome = Outcome("generate", name, code, seconds, out, err, crash)
    if code != 1:
        outcome.problems.append(f"exit {code}, expected 1")
    if "LK-1" not in err or "template" not in err:
        outcome.problems.append(f"message does not name the SKU and template: {err[-300:]!r}")
    if (work / "PWNED").exists():
        outcome.problems.append("the template ran a shell command")
    written = output.read_text(encoding="utf-8") if output.exists() else ""
    leaked = [leak for leak in LEAKS if leak in written or leak in out]
    if leaked:
        outcome.problems.append(f"leaked {leaked}")
    if "LK-1" in written:
        outcome.problems.append("a SKU whose template failed was written")
    if seconds > TEMPLATE_SECONDS:
        outcome.problems.append(f"took {seconds:.1f}s (bound {TEMPLATE_SECONDS:.0f}s)")
    return outcome


def judge(job: dict[str, object], work: Path) -> Outcome:
    """Run one job from a child spec: {kind, command, name, path, expect}."""
    kind, path = str(job["kind"]), Path(str(job["path"]))
    if kind == "image":
        return judge_image(str(job["name"]), path, work)
    if kind == "template":
        return judge_template(str(job["name"]), path, work)
    if kind == "roundtrip":
        return judge_roundtrip(str(job["name"]), job["expect"], path, work)  # type: ignore[arg-type]
    return judge_catalogue(str(job["command"]), str(job["name"]), job["expect"],  # type: ignore[arg-type]
                           path, work, float(job.get("seconds", SECONDS)))  # type: ignore[arg-type]


def child(spec_path: Path) -> None:
    """``harness.py --child SPEC``: run the jobs in SPEC (JSON) and print a JSON report with
    this process's peak RSS. The tests and the table script run it under an RLIMIT_AS."""
    import resource

    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    work = Path(spec["work"])
    outcomes = []
    for index, job in enumerate(spec["jobs"]):
        got = judge(job, work / f"job{index}")
        outcomes.append({"case": got.case, "command": got.command, "exit": got.exit_code,
                         "seconds": got.seconds, "crash": got.crash[-2000:],
                         "problems": got.problems})
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"outcomes": outcomes, "max_rss": usage.ru_maxrss * 1024}))


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]))
