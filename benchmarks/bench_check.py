"""Benchmark: `listingkit check` on 100,000 generated rows, against merely reading the file.

    python benchmarks/bench_check.py [--rows 100000] [--platform amazon-us] [--repeat 3]
                                     [--by-rule] [--formats [FORMAT ...]]

Prints wall and CPU time, rows per CPU-second and peak memory (max RSS) of each phase, each
run in its own process, and the ratio check/read in CPU time (goal: at most 3x). The phases run
``--repeat`` rounds in turn and each one's median round is printed: one round swings by a
tenth with the machine. CPU time is the fair measure on a shared machine: wall time swings
with whatever else runs. Each phase
runs in the environment the ``listingkit`` command sets up (``RUNTIME_DEFAULTS``: no BLAS
thread pool, whose start would count 0.045 s of another core's time). Phases: read (iterate
the catalogue), check with the default rules, and check without the catalogue-wide
near-duplicate rule (C006) to show what that one costs.

``--fix`` runs, instead, read, check and fix: the check with the runner of ``check --fix``
(safe fixes, the fixed listings kept as the command keeps them), without writing the fixed
file (that is ``convert``'s writer, timed by ``bench_catalogue.py``); it prints each phase and
the ratios fix/check and fix/read, and how many listings the fixes changed.

``--formats`` (all of check's report formats if none is named) runs, instead, the check phase
alone and then each format's: the check, then its report written to a temporary file as the
command writes it (``report.render_parts`` through ``emit``); it prints each one's CPU time
(and the report's own) and peak RSS, with the ratios to the check phase alone, measured in
the same run: what writing the report adds.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: the report formats of `listingkit check` (``--formats``)
FORMATS = ("text", "json", "junit", "sarif", "github", "csv")
BRANDS = [f"Brand{i:03d}" for i in range(400)]
NOUNS = ["Water Bottle", "Coffee Mug", "Desk Lamp", "Phone Case", "Yoga Mat", "Backpack",
         "Kitchen Knife", "Toy Train", "Garden Hose", "Notebook", "LED Strip", "USB Cable"]
ADJ = ["Stainless Steel", "Ceramic", "Wooden", "Silicone", "Leather", "Cotton", "Bamboo"]
COLOURS = ["Blue", "Red", "Black", "White", "Green", "Grey", "Pink"]
NOISE = ["", "", "", "", " Best Seller!!", " FREE SHIPPING", " 🔥", "  ", " Bottle Bottle"]


#: search terms a seller would write, and the subjective/temporary ones Amazon prohibits
TERMS = ["flask", "thermos", "gift", "travel", "office", "camping", "kids", "hiking", "school",
         "picnic", "lunch", "sport"]
BANNED_TERMS = ["new", "amazing"]
#: the share of typical rows with noise in the title, and with prohibited search terms
TYPICAL_RATE = 0.10
#: the share of rows with a bullet holding punctuation or a symbol outside ASCII ("–", "°"):
#: 18.5 % of the bullet cells of the shared Amazon US file (the one with bullets) are not ASCII
WIDE_RATE = 0.185


def gs1(body: str) -> str:
    """``body`` with its GS1 check digit appended (a valid GTIN-12/13)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def generate(path: Path, rows: int, seed: int = 7, problems: str = "typical") -> None:
    """A generic CSV of ``rows`` listings, each with bullets and a description of its own,
    and 18.5 % of them with a bullet holding characters outside ASCII (as real bullets).
    ``typical``: the problem rate of real catalogues, about 0.16 findings per row
    (`eval_check_shared.py` found 0.16 the median when it was set; it now finds 0.05 to 0.42
    a row on the shared datasets, 0.13 the median); ``dense``: most rows break several rules (random GTINs, prohibited search terms,
    sales talk in a third of the titles)."""
    rnd = random.Random(seed)
    wide = random.Random(seed + 1)  # (its own stream: the rows are otherwise as they were)
    dense = problems == "dense"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("sku,title,brand,bullet_1,bullet_2,bullet_3,description,search_terms,"
                     "image_1,gtin\n")
        for i in range(rows):
            brand = rnd.choice(BRANDS)
            noise = rnd.choice(NOISE) if dense or rnd.random() < TYPICAL_RATE else ""
            title = (f"{brand} {rnd.choice(ADJ)} {rnd.choice(NOUNS)}, {rnd.randint(1, 999)} ml, "
                     f"{rnd.choice(COLOURS)}{noise}")
            # bullets and descriptions of their own, as real catalogues have them (the
            # shared Amazon US file: 764 distinct bullet cells of 769; Abt-Buy: 1,344
            # distinct descriptions of 1,402): a check that only did well on repeated
            # texts would look faster here than on a real file
            bullets = [f"Made of {rnd.choice(ADJ).lower()} for daily use {j}, model {i}-{j}"
                       for j in range(3)]
            if wide.random() < WIDE_RATE:  # (as real bullets: "–", "°", "’", "™")
                bullets[0] += " – up to 100 °C"
            desc = "A sturdy product for home and travel. " * rnd.randint(1, 6) + \
                f"Item {i} of the {brand} range."
            pool = TERMS + BANNED_TERMS if dense or rnd.random() < TYPICAL_RATE else TERMS
            terms = " ".join(rnd.sample(pool, 5))
            body = f"{rnd.randint(10**10, 10**11 - 1)}"
            if dense:
                gtin = f"{rnd.randint(10**11, 10**12 - 1)}"  # nine in ten check digits wrong
            else:
                gtin = gs1(body) if rnd.random() >= 0.02 else body + "0"
            cells = [f"SKU-{i:06d}", title, brand, *bullets, desc.strip(), terms,
                     f"https://cdn.example.com/{i}.jpg", gtin]
            handle.write(",".join('"' + c.replace('"', '""') + '"' for c in cells) + "\n")


def phase(kind: str, path: str, platform: str) -> None:
    """Run one phase in this process and print 'seconds cpu_seconds maxrss_kib rows findings
    report_cpu_seconds fixed_listings' (report CPU is 0 but in a ``report-FORMAT`` phase,
    fixed listings 0 but in the ``fix`` phase)."""
    from listingkit.catalogue import Catalogue
    from listingkit.commands import RUNTIME_DEFAULTS

    for name, value in RUNTIME_DEFAULTS.items():  # the environment `listingkit` runs in
        os.environ.setdefault(name, value)

    start, cpu = time.perf_counter(), time.process_time()
    findings = fixed = 0
    if kind == "read":
        rows = sum(1 for _ in Catalogue(path))
    else:
        from listingkit.lint import Runner
        from listingkit.marketplace import Registry
        from listingkit.rules.context import Context

        ignore = ["C006"] if kind == "check-no-c006" else []
        runner = Runner(Context(Registry().get(platform)), ignore=ignore, fix=kind == "fix")
        result = runner.run(Catalogue(path), keep_output=False)
        rows, findings, fixed = result.listings, len(result.findings), len(result.fixed)
    writing = 0.0
    if kind.startswith("report-"):
        writing = time.process_time()
        write_report(kind.removeprefix("report-"), runner, result, platform)
        writing = time.process_time() - writing
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{took:.3f} {cpu:.3f} {peak} {rows} {findings} {writing:.3f} {fixed}")


def write_report(fmt: str, runner: object, result: object, platform: str) -> None:
    """The report of ``result`` in ``fmt``, written to a temporary file as `check` writes
    its report (the findings sorted, the summary, SARIF's rule descriptors)."""
    from listingkit import report
    from listingkit.commands.check import rule_meta
    from listingkit.commands.options import emit

    findings = result.findings  # type: ignore[attr-defined]
    info = report.summary(findings, result.listings, platform, "error")  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as tmp:
        emit(report.render_parts(fmt, findings, info, rules=rule_meta(runner)),
             str(Path(tmp) / f"report.{fmt}"))


def by_rule(path: str, platform: str) -> None:
    """The check phase in this process, each rule group's CPU time summed: the memo group of
    each field (its screen and its rules), the other row rules, and each catalogue-wide
    rule's intake (``see``) and result (``finish``). The rest is reading the file and the
    runner's own work."""
    import gc
    from collections import Counter

    from listingkit.catalogue import Catalogue
    from listingkit.lint import Runner
    from listingkit.marketplace import Registry
    from listingkit.rules.context import Context

    spent: Counter[str] = Counter()

    def timed(name: str, call):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = time.process_time()
            try:
                return call(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - start
        return wrapper

    runner = Runner(Context(Registry().get(platform)))
    runner.memo_findings = [timed(f"{m.field} ({', '.join(r.code for r in m.rules)})",
                                  m.findings_of) for m in runner.memos]
    runner.plain = [(rule, timed(rule.code, check), name, wants)
                    for rule, check, name, wants in runner.plain]
    for rule, *_ in runner.plain:
        rule.check_chunk = timed(rule.code, rule.check_chunk)  # type: ignore[method-assign]
    for rule in runner.rules:
        if rule.scope == "catalogue":
            rule.see = timed(rule.code, rule.see)  # type: ignore[method-assign]
            finish = rule.finish
            rule.finish = timed(rule.code, lambda f=finish: list(f()))  # type: ignore
    gc.disable()
    start = time.process_time()
    runner.run(Catalogue(path))
    total = time.process_time() - start
    for name, cpu in spent.most_common():
        print(f"  {name:<48} {cpu:6.3f} s CPU  {100 * cpu / total:5.1f} %")
    rest = total - sum(spent.values())
    print(f"  {'reading and the runner':<48} {rest:6.3f} s CPU  {100 * rest / total:5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--platform", default="amazon-us")
    parser.add_argument("--problems", nargs="+", choices=["typical", "dense"],
                        default=["typical", "dense"],
                        help="problem rate of the generated rows (default: both, one after the "
                             "other)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of the three phases, taken in turn (default 3): the "
                             "median of each is printed")
    parser.add_argument("--by-rule", action="store_true",
                        help="also print the CPU time of each rule group of the check phase "
                             "(timed in this process; the wrappers add their own cost)")
    parser.add_argument("--formats", nargs="*", metavar="FORMAT", default=None,
                        choices=FORMATS,
                        help="instead: the check phase alone, then with each report format "
                             "written to a file (default: all formats): CPU time and peak "
                             "RSS against the check alone")
    parser.add_argument("--fix", action="store_true",
                        help="instead: read, check and check --fix's run (safe fixes) in "
                             "turn, with the ratios fix/check and fix/read")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phase(args.phase, args.file, args.platform)
        return
    if args.by_rule:
        for problems in args.problems:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "catalogue.csv"
                generate(path, args.rows, problems=problems)
                print(f"{args.rows} rows ({problems} problems), CPU by rule group:")
                by_rule(str(path), args.platform)
        return
    from bytecode import compiled

    compiled()  # (each phase runs listingkit as installed)
    for problems in args.problems:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "catalogue.csv"
            generate(path, args.rows, problems=problems)
            if args.formats is not None:
                run_formats(path, args, problems, args.formats or list(FORMATS))
            elif args.fix:
                run_fix(path, args, problems)
            else:
                run(path, args, problems)


def run(path: Path, args: argparse.Namespace, problems: str) -> None:
    """The three phases, ``--repeat`` rounds of each in turn (drift of the machine's speed
    then touches all three alike); each phase's median round is printed, and the ratio of the
    medians with the range of the rounds' own ratios."""
    size = path.stat().st_size / 1e6
    print(f"{args.rows} rows ({problems} problems), {size:.1f} MB CSV, platform {args.platform}"
          f", {args.repeat} round(s)")
    kinds = ("read", "check", "check-no-c006")
    rounds = rounds_of(path, args, kinds)
    times = {}
    for kind in kinds:
        cpu, took, peak, rows, findings, *_ = statistics.median_low(rounds[kind])
        times[kind] = cpu
        spread = f" (rounds {min(r[0] for r in rounds[kind]):.2f}-" \
                 f"{max(r[0] for r in rounds[kind]):.2f})" if args.repeat > 1 else ""
        print(f"  {kind:<14} {took:7.2f} s wall {cpu:7.2f} s CPU{spread}  {rows / cpu:9.0f} "
              f"rows/CPU-s  peak RSS {peak / 1024:6.0f} MiB  findings {findings} "
              f"({findings / rows:.2f}/row)")
    ratios = [c[0] / r[0] for c, r in zip(rounds["check"], rounds["read"], strict=True)]
    spread = f"; rounds {min(ratios):.2f}-{max(ratios):.2f}x" if args.repeat > 1 else ""
    print(f"  ratio check/read (CPU time, medians): {times['check'] / times['read']:.2f}x "
          f"(without C006: {times['check-no-c006'] / times['read']:.2f}x{spread}; "
          f"goal <= 3x)")


def run_fix(path: Path, args: argparse.Namespace, problems: str) -> None:
    """Read, check and fix, ``--repeat`` rounds in turn; each one's median round, and the
    ratios of the medians."""
    print(f"{args.rows} rows ({problems} problems), platform {args.platform}, "
          f"{args.repeat} round(s): read, check, check --fix (safe fixes, nothing written)")
    rounds = rounds_of(path, args, ("read", "check", "fix"))
    cpu = {}
    for kind, label in (("read", "read"), ("check", "check"), ("fix", "check --fix")):
        cpu[kind], took, peak, rows, findings, _, *fixed = statistics.median_low(rounds[kind])
        print(f"  {label:<12} {took:7.2f} s wall {cpu[kind]:7.2f} s CPU  {rows / cpu[kind]:9.0f} "
              f"rows/CPU-s  peak RSS {peak / 1024:6.0f} MiB  findings {findings}"
              + (f", {fixed[0]} listings fixed" if kind == "fix" else ""))
    print(f"  ratio fix/check {cpu['fix'] / cpu['check']:.2f}x, fix/read "
          f"{cpu['fix'] / cpu['read']:.2f}x (CPU time, medians)")


def rounds_of(path: Path, args: argparse.Namespace, kinds: tuple[str, ...]
              ) -> dict[str, list[tuple[float, ...]]]:
    """``--repeat`` rounds of each phase, taken in turn: (cpu, wall, peak KiB, rows,
    findings, report cpu[, fixed listings]) per round."""
    rounds: dict[str, list[tuple[float, ...]]] = {k: [] for k in kinds}
    for _ in range(args.repeat):
        for kind in kinds:
            out = subprocess.run([sys.executable, __file__, "--phase", kind, "--file",
                                  str(path), "--platform", args.platform], check=True,
                                 capture_output=True, text=True).stdout.split()
            rounds[kind].append((float(out[1]), float(out[0]), int(out[2]), int(out[3]),
                                 int(out[4]), float(out[5]), *map(int, out[6:7])))
    return rounds


def run_formats(path: Path, args: argparse.Namespace, problems: str, formats: list[str]
                ) -> None:
    """The check phase alone, then with each format's report written; each one's median
    round (by CPU time), and its peak RSS and CPU time as ratios to the check alone."""
    print(f"{args.rows} rows ({problems} problems), platform {args.platform}, "
          f"{args.repeat} round(s): check, then each report written to a file")
    kinds = ("check", *(f"report-{fmt}" for fmt in formats))
    rounds = rounds_of(path, args, kinds)
    base_cpu, _, base_peak, *_ = statistics.median_low(rounds["check"])
    print(f"  {'check alone':<12} {base_cpu:7.2f} s CPU{'':17}  peak RSS "
          f"{base_peak / 1024:6.0f} MiB  (the baseline)")
    for fmt in formats:
        cpu, _, peak, _, findings, writing, *_ = statistics.median_low(rounds[f"report-{fmt}"])
        print(f"  {fmt:<12} {cpu:7.2f} s CPU (report {writing:5.2f} s)  peak RSS "
              f"{peak / 1024:6.0f} MiB  ({peak / base_peak:.2f}x the check's; CPU "
              f"{cpu / base_cpu:.2f}x)  findings {findings}")


if __name__ == "__main__":
    main()
