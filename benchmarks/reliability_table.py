"""Regenerate the README's reliability table by running the adversarial corpus.

    python benchmarks/reliability_table.py            # the whole table (a few minutes)
    python benchmarks/reliability_table.py --quick    # corpus rows only, no fault runs

Every row runs the real command line over hostile inputs (``tests/adversarial/``), each group
in its own child process under a 3 GiB address-space limit, and counts what went wrong:
crashes (a traceback, an internal error, a MemoryError), data lost (a clean read that did not
round-trip, a damaged previous output) and wrong exit codes or messages. Time is the slowest
single run; memory is the child's peak resident set. The fault rows (kill -9, a full disk, two
runs at once) and the property rows (hypothesis) run their pytest modules and count results.
It prints the Markdown table only; nothing here needs ../shared.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADVERSARIAL = ROOT / "tests" / "adversarial"
sys.path.insert(0, str(ADVERSARIAL))

import corpus
import harness

LIMIT = 3 << 30
KINDS = (("catalogue", "Malformed CSV/TSV catalogues"), ("encoding", "Encodings"),
         ("json", "JSON/JSONL"), ("xlsx", "Hostile XLSX"))


def child(jobs: list[dict[str, object]], work: Path) -> dict:  # type: ignore[type-arg]
    work.mkdir(parents=True, exist_ok=True)
    spec = work / "spec.json"
    spec.write_text(json.dumps({"jobs": jobs, "work": str(work)}), encoding="utf-8")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

    proc = subprocess.run([sys.executable, str(ADVERSARIAL / "harness.py"), "--child",
                           str(spec)], capture_output=True, text=True, preexec_fn=limit,
                          cwd=work, timeout=3600, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"child failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


class Row:
    def __init__(self, label: str, inputs: int) -> None:
        self.label, self.inputs = label, inputs
        self.runs = self.crashes = self.lost = self.wrong = 0
        self.seconds = 0.0
        self.rss = 0

    def add(self, report: dict, lost_if_problem: bool = False) -> None:  # type: ignore[type-arg]
        for item in report["outcomes"]:
            self.runs += 1
            self.seconds = max(self.seconds, item["seconds"])
            if item["crash"]:
                self.crashes += 1
            elif item["problems"]:
                if lost_if_problem:
                    self.lost += 1
                else:
                    self.wrong += 1
        self.rss = max(self.rss, report["max_rss"])

    def cells(self) -> list[str]:
        if self.rss < 0:  # a pytest module: its total time, memory not measured per run
            return [self.label, str(self.inputs), str(self.runs), "-", "-", str(self.wrong),
                    f"{self.seconds:.0f} s in all", "-"]
        return [self.label, str(self.inputs), str(self.runs), str(self.crashes), str(self.lost),
                str(self.wrong), f"{self.seconds:.1f} s", f"{self.rss / 2**20:.0f} MiB"]


def corpus_rows(work: Path) -> list[Row]:
    expect = json.loads((corpus.DATA / "expect.json").read_text(encoding="utf-8"))
    commands = [c for c in harness.CATALOGUE_COMMANDS if harness.available(c)]
    rows = []
    for kind, label in KINDS:
        cases = {k: v for k, v in expect.items() if v["kind"] == kind}
        row = Row(label, len(cases))
        for command in commands:
            jobs = [{"kind": kind, "command": command, "name": name,
                     "path": str(corpus.DATA / name), "expect": value}
                    for name, value in cases.items()]
            row.add(child(jobs, work / kind / command))
        clean = [{"kind": "roundtrip", "name": name, "path": str(corpus.DATA / name),
                  "expect": value} for name, value in cases.items() if value["exit"] == 0]
        row.add(child(clean, work / kind / "roundtrip"), lost_if_problem=True)
        rows.append(row)
    big = corpus.big_cases(work / "big")
    tabular = [(c, p) for c, p in big if c.kind != "image"]
    row = Row("Generated giants (6-40 MB cells, 1.5 GiB zip bomb, 100,000-deep JSON)",
              len(tabular))
    for command in commands:
        if command == "images":
            continue
        jobs = [{"kind": c.kind, "command": command, "name": c.name, "path": str(p),
                 "expect": c.expect(), "seconds": harness.BIG_SECONDS} for c, p in tabular]
        row.add(child(jobs, work / "big" / command))
    rows.append(row)
    images = sorted(k for k, v in expect.items() if v["kind"] == "image")
    bombs = [(c, p) for c, p in big if c.kind == "image"]
    row = Row("Image bombs and corrupt images", len(images) + len(bombs))
    row.add(child([{"kind": "image", "name": Path(k).name, "path": str(corpus.DATA / k)}
                   for k in images] + [{"kind": "image", "name": c.name, "path": str(p)}
                                       for c, p in bombs], work / "images"))
    rows.append(row)
    templates = sorted(k for k, v in expect.items() if v["kind"] == "template")
    row = Row("Sandbox-escape and DoS templates (bound 5 s each)", len(templates))
    row.add(child([{"kind": "template", "name": Path(k).name, "path": str(corpus.DATA / k)}
                   for k in templates], work / "templates"))
    rows.append(row)
    return rows


def pytest_rows() -> list[Row]:
    rows = []
    for module, label in (
            ("test_properties.py", ("Hypothesis: 200 SKU lists to file names, 2 x 150 "
                                    "export tables (tests)")),
            ("test_faults.py", "Faults: kill -9 x20, full disk x3, concurrent runs x2 (tests)")):
        start = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "pytest", str(ADVERSARIAL / module), "-q",
                               "-p", "no:cacheprovider"], cwd=ROOT, capture_output=True,
                              text=True, check=False)
        passed = _count(proc.stdout, "passed")
        failed = _count(proc.stdout, "failed") + _count(proc.stdout, "error")
        row = Row(label, passed + failed)
        row.runs = passed + failed
        row.wrong = failed
        row.seconds = time.monotonic() - start
        row.rss = -1
        rows.append(row)
    return rows


def _count(text: str, word: str) -> int:
    found = re.search(rf"(\d+) {word}", text)
    return int(found.group(1)) if found else 0


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="listingkit-reliability-") as folder:
        rows = corpus_rows(Path(folder))
    if "--quick" not in sys.argv:
        rows += pytest_rows()
    header = ["Inputs", "Tried", "Command runs", "Crashes", "Data lost",
              "Wrong exit/message", "Slowest run", "Peak memory"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join(row.cells()) + " |")


if __name__ == "__main__":
    main()
