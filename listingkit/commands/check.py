"""``listingkit check``: lint listings against a marketplace's rules."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Any

import click

from listingkit.commands.options import OutputFile, catalogue_options, emit, platform_option
from listingkit.errors import EXIT_FINDINGS, EXIT_OK, ConfigError

SEVERITY_CHOICES = ("error", "warning", "info", "never")


def _split(values: tuple[str, ...]) -> list[str]:
    return [t.strip() for v in values for t in v.split(",") if t.strip()]


def _listify(value: Any, key: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return _split((value,))
    if not isinstance(value, list):
        raise ConfigError(f"check.{key} must be a list of rule codes")
    return [str(v) for v in value]


def rule_meta(runner: Any) -> dict[str, dict[str, Any]]:
    """code -> {name, summary, help, severity, url} for the SARIF rule descriptors."""
    out = {}
    for rule in runner.rules:
        doc = rule.doc()
        out[rule.code] = {"name": rule.name, "summary": doc.summary, "severity": rule.severity,
                          "help": " ".join(p for p in (doc.why, "Fix: " + doc.fix if doc.fix
                                                       else "") if p),
                          "url": runner.urls.get(rule.code, "")}
    return out


@click.command()
@click.argument("catalogues", nargs=-1, required=True, type=click.Path(dir_okay=False))
@platform_option
@click.option("--images", "images_dir", type=click.Path(file_okay=False), default=None,
              help="Folder with the image files the catalogue names; checks them too.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these rules (codes, prefixes or names, comma-separated).")
@click.option("--extend-select", multiple=True, metavar="CODES",
              help="Rules to add to the selection (e.g. opt-in rules).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Rules to leave out.")
@click.option("--fail-on", type=click.Choice(SEVERITY_CHOICES), default=None,
              help="Lowest severity that makes the exit code 1 (default error).")
@click.option("--format", "-f", "fmt", default=None,
              type=click.Choice(["text", "json", "junit", "sarif", "github", "csv"]),
              help="Output format (default text).")
@click.option("--fix", is_flag=True, help="Apply safe fixes (write with -o or --in-place).")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning.")
@click.option("--diff", is_flag=True, help="Show what --fix would change; write nothing.")
@click.option("-o", "--output", type=OutputFile(), default=None,
              help="Where --fix writes the fixed catalogue (same format as the input).")
@click.option("--in-place", is_flag=True,
              help="--fix rewrites the catalogue itself, atomically, keeping CATALOGUE~.")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="Known findings: created if missing; later runs report only new ones.")
@click.option("--update-baseline", is_flag=True, help="Rewrite the --baseline file.")
@catalogue_options
@click.pass_obj
def command(state, catalogues, platform, images_dir, select, extend_select, ignore,  # type: ignore[no-untyped-def]
            fail_on, fmt, fix, unsafe_fixes, diff, output, in_place, baseline, update_baseline,
            input_format, encoding) -> None:
    """Check listings against a marketplace's rules, like a linter.

    Exit 0 when clean, 1 when findings reach --fail-on, 2 when it could not run.
    `listingkit rules` lists the rules; `listingkit rules CODE` explains one.

    \b
    Examples:
      listingkit check listings.csv --platform amazon-us
      listingkit check upload.txt -p amazon-de --select T,S --format github
      listingkit check listings.csv -p amazon-us --fix -o fixed.csv
      listingkit check listings.csv -p amazon-us --baseline .listingkit-baseline.json
    """
    from listingkit import baseline as baselines
    from listingkit import lint, report
    from listingkit.rules.context import Context
    from listingkit.rules.custom import build
    from listingkit.spool import Spool

    config = state.config
    fixing = fix or unsafe_fixes or diff
    if (output or in_place) and not (fix or unsafe_fixes):
        raise ConfigError("-o/--in-place write fixes: add --fix (or --unsafe-fixes)")
    if fixing and not diff and not (output or in_place):
        raise ConfigError("--fix needs -o OUT or --in-place (or --diff to only show changes)")
    if output and in_place:
        raise ConfigError("give -o OUT or --in-place, not both")
    if output and len(catalogues) > 1:
        raise ConfigError("-o OUT takes one catalogue; use --in-place for several")
    if images_dir is not None and not Path(images_dir).is_dir():
        raise ConfigError(f"--images {images_dir}: folder not found")
    fmt = fmt or config.get("check.format", "text")
    if fmt not in report.FORMATS:
        raise ConfigError(f"check.format {fmt!r} is not one of {', '.join(report.FORMATS)}")
    fail_on = fail_on or config.get("check.fail_on", "error")
    market = state.marketplace(platform)
    label = str(config.path) if config.path else "config"
    custom = build(config.get("check.rules", []) or [], lint.catalogue_codes(), label)
    chosen = _split(select) if select else _listify(config.get("check.select"), "select")
    extend = _split(extend_select) or _listify(config.get("check.extend_select"),
                                               "extend_select") or []
    ignored = _split(ignore) + (_listify(config.get("check.ignore"), "ignore") or [])

    findings: list[Any] = []
    listings = fixed_count = 0
    meta: dict[str, Any] = {}
    # what a fix run changes waits in temporary files, not in memory: the diff's lines, and
    # each catalogue's fixed listings (the rest is read again from the file to be written)
    with Spool[str]("diff lines") as diffs:
        for path in catalogues:
            ctx = Context(market, config, images_dir)
            runner = lint.Runner(ctx, chosen, extend, ignored, custom, fix=fixing,
                                 unsafe_fixes=unsafe_fixes)
            meta.update(rule_meta(runner))
            catalogue = state.catalogue(path, input_format, encoding)
            stamp = _stamp(catalogue.path)
            with Spool[tuple[int, Any]]("fixed listings", output or path) as fixed:
                kept = _Kept(fixed, diffs if diff else None)
                result = runner.run(catalogue, keep_output=False,
                                    on_fix=kept if fixing else None)
                findings += result.findings
                listings += result.listings
                fixed_count += result.fixes_applied
                if fixing and not diff and (output or result.changed):
                    if not result.listings:
                        state.require_listings(catalogue)  # (no empty copy over an -o)
                    _write_fixed(catalogue, fixed, kept.shape, output or path, in_place,
                                 config.get("escape_formulas", True), stamp)
        if diff:
            for line in diffs:
                click.echo(line)
            click.echo(f"{fixed_count} fix(es) would be applied", err=True)
            click.get_current_context().exit(EXIT_FINDINGS if len(diffs) else EXIT_OK)

    baselined = 0
    if baseline:
        if update_baseline or not Path(baseline).exists():
            baselines.write_baseline(baseline, findings)
            click.echo(f"recorded {len(findings)} finding(s) in baseline {baseline}", err=True)
            findings = []
        else:
            known = baselines.read_baseline(baseline)
            fresh = baselines.new_findings(findings, known)
            baselined, findings = len(findings) - len(fresh), fresh
    elif update_baseline:
        raise ConfigError("--update-baseline needs --baseline FILE")
    info = report.summary(findings, listings, market.id, fail_on, fixed_count, baselined)
    emit(report.render_parts(fmt, findings, info, rules=meta), None)  # (as it is made)
    failed = fail_on != "never" and lint.failing(findings, fail_on)
    click.get_current_context().exit(EXIT_FINDINGS if failed else EXIT_OK)


class _Kept:
    """What a fix run keeps of one catalogue, given each listing in order by the runner (as
    read, as fixed: the same object when unchanged). With ``diffs``, the diff's lines of the
    changed ones; else the output's column shape and, in ``fixed``, each changed listing
    with its index in the catalogue (what :func:`_write_fixed` puts back in its place)."""

    def __init__(self, fixed: Any, diffs: Any | None) -> None:
        from listingkit.catalogue.writer import Shape
        from listingkit.fixes import field_diff

        self.fixed, self.diffs, self.field_diff = fixed, diffs, field_diff
        self.shape = Shape()
        self.index = 0

    def __call__(self, before: Any, after: Any) -> None:
        index, self.index = self.index, self.index + 1
        if self.diffs is not None:
            if after is not before:
                for line in self.field_diff(before, after):
                    self.diffs.add(line)
            return
        self.shape.add(after)
        if after is not before:
            self.fixed.add((index, after))


def _keep_backup(path: Path) -> None:
    """``CATALOGUE~``, written as every output is (a temporary file, then ``os.replace``): a
    copy cut short (Ctrl-C, a full disk) leaves the previous backup whole, never a part."""
    from listingkit.atomic import atomic_write
    from listingkit.errors import OutputError

    backup = path.with_name(path.name + "~")
    try:
        with open(path, "rb") as source, atomic_write(backup, "wb") as handle:
            shutil.copyfileobj(source, handle, 1 << 20)
    except OSError as exc:
        raise OutputError(f"{path}: cannot keep a backup: {exc.strerror}; nothing was "
                          "written") from None
    except OutputError as exc:
        raise OutputError(f"{path}: cannot keep a backup: {exc}") from None
    with contextlib.suppress(OSError):
        shutil.copystat(path, backup)  # (its times and mode, as a copy keeps them)


def _stamp(path: Path) -> tuple[int, int]:
    """The size and modification time of ``path``: whether it changed since it was checked."""
    from listingkit.catalogue.rewrite import stamp

    return stamp(path)


def _write_fixed(catalogue: Any, fixed: Any, shape: Any, out: str, in_place: bool,
                 escape: bool, stamp: tuple[int, int]) -> None:
    """Write the catalogue with its fixed listings: the file is read again, each listing the
    run changed, read back from ``fixed`` ((its index, the listing), in catalogue order), put
    in place of the one read there (:func:`~listingkit.catalogue.rewrite.written_back`, as
    ``optimize -o`` writes); no more than a batch of fixed listings is held at a time.
    ``shape`` (the :class:`~listingkit.catalogue.writer.Shape` of the listings as fixed,
    added up during the run) sizes the output's columns: the writer does not read the file
    for them."""
    from listingkit.catalogue import write_catalogue
    from listingkit.catalogue.rewrite import refuse_changed, written_back

    refuse_changed(catalogue.path, stamp, "checked")
    hint = catalogue.flavour  # (written back as it was read: its own header)
    if in_place:
        _keep_backup(Path(catalogue.path))
    listings, read_as = written_back(catalogue, fixed)
    write_catalogue(listings, out, flavour_hint=hint, escape_formulas=escape, read_as=read_as,
                    shape=shape)
