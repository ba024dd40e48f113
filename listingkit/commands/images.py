"""``listingkit images``: resize, convert and check product photos for every marketplace."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from listingkit.commands.options import catalogue_options, spec_option
from listingkit.errors import EXIT_FINDINGS, ConfigError, OutputError


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@click.command()
@click.argument("src", type=click.Path(exists=True))
@click.option("--platform", "-p", "platforms", multiple=True, metavar="ID[,ID...]",
              help="Marketplace ids or config preset names (comma-separated or repeated).")
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False),
              help="Output folder (created; holds the manifest for incremental reruns).")
@click.option("--catalogue", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Map images to SKUs by the catalogue's image columns (else by file name).")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--allow-upscale", is_flag=True, default=None,
              help="Enlarge images smaller than the target (else they stay their size).")
@click.option("--name-pattern", default=None, metavar="PATTERN",
              help="Output names; fields {sku} {platform} {role} {n} {ext} {stem} "
                   "(default {sku}/{platform}/{sku}_{n}.{ext}).")
@click.option("--source-pattern", multiple=True, metavar="PATTERN",
              help="How file names carry SKU and position, e.g. '{sku}_{n}' (repeatable).")
@click.option("--quality-floor", type=click.IntRange(1, 100), default=None,
              help="Lowest JPEG/WebP quality tried to meet a byte limit (default 60).")
@click.option("--max-pixels", type=click.IntRange(min=1), default=None,
              help="Refuse images above this many pixels before decoding (default 64000000).")
@click.option("--force", is_flag=True, help="Render everything again, ignoring the manifest.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Summary format on stdout.")
@catalogue_options
@spec_option
@click.pass_obj
def command(state, src, platforms, out, catalogue, workers,  # type: ignore[no-untyped-def]
            allow_upscale, name_pattern, source_pattern, quality_floor, max_pixels, force, fmt,
            input_format, encoding):
    """Resize and convert product images for each marketplace, and check them.

    Every source is decoded once; all outputs for all platforms come from that decode.
    Reruns skip outputs that are already current. Exit 1 if any image failed or breaks a
    marketplace rule (each one is named with its reason).

    \b
    Examples:
      listingkit images photos/ -p amazon-us,etsy,shopify -o upload/
      listingkit images photos/ -p amazon-us --catalogue listings.csv -o upload/ -j 4
    """
    from listingkit.images import batch, presets, runner, sources

    cfg = state.config
    names = _split(platforms) or _split((cfg.get("platform") or "",))
    if not names:
        raise ConfigError("no marketplace given: pass --platform ID[,ID...]; "
                          "`listingkit platforms` lists them")
    patterns = source_pattern or cfg.get("images.source_pattern") or sources.DEFAULT_PATTERNS
    if isinstance(patterns, str):
        patterns = (patterns,)
    for pattern in patterns:  # checked before any work, naming the option or config key
        sources.compile_pattern(pattern, _label(cfg, source_pattern, "source_pattern"))
    pattern = cfg.pick(name_pattern, "images.name_pattern", runner.naming.DEFAULT_PATTERN)
    runner.naming.check_pattern(pattern, _label(cfg, name_pattern, "name_pattern"))
    preset_sets = presets.resolve(names, state.registry, cfg.get("images.presets", {}) or {})
    settings = runner.Settings(
        out=Path(out), name_pattern=pattern,
        source_patterns=tuple(patterns),
        upscale=bool(cfg.pick(allow_upscale, "images.allow_upscale", False)),
        floor=cfg.pick(quality_floor, "images.quality_floor", 60),
        max_pixels=cfg.pick(max_pixels, "images.max_pixels", 64_000_000),
        formats=tuple(cfg.get("images.input_formats", ())), force=force)
    listings = state.catalogue(catalogue, input_format, encoding) if catalogue else None
    if listings is not None:
        state.require_listings(listings)  # (a header alone maps no image: a wrong file)
    job_batch = runner.Batch(settings)
    job_batch.prepare(Path(src), preset_sets, listings)
    count = cfg.pick(workers, "images.workers", None) or batch.default_workers()
    with click.progressbar(length=len(job_batch.jobs), label="images", file=sys.stderr,
                           show_pos=True, hidden=not sys.stderr.isatty()) as bar:
        def take(result):  # type: ignore[no-untyped-def]
            job_batch.take(result)
            bar.update(1)

        try:
            batch.run(job_batch.jobs, min(count, max(1, len(job_batch.jobs))), take)
        finally:
            job_batch.finish()
    if job_batch.fatal:
        fix = "free space" if job_batch.fatal_space else "fix that"
        raise OutputError(f"{job_batch.fatal} (the images written so far are kept; {fix} "
                          "and rerun to finish)")
    _report(job_batch, fmt)
    if job_batch.failed:
        raise SystemExit(EXIT_FINDINGS)


def _label(cfg, flag: object, key: str) -> str:  # type: ignore[no-untyped-def]
    """``--name-pattern`` when the flag was given, else ``CONFIG: images.name_pattern``."""
    if flag:
        return "--" + key.replace("_", "-")
    return f"{cfg.path}: images.{key}" if cfg.path else f"images.{key}"


def _report(job_batch, fmt: str) -> None:  # type: ignore[no-untyped-def]
    if fmt == "json":
        click.echo(json.dumps({
            "counts": [{"platform": p, "status": s, "count": c}
                       for (p, s), c in sorted(job_batch.counts.items())],
            "failures": job_batch.failures, "warnings": job_batch.warnings,
            "unmatched": [str(p) for p in job_batch.unmatched]}, indent=2, default=str))
        return
    statuses = ("written", "current", "flagged", "failed")
    platforms = sorted({p for p, _ in job_batch.counts})
    click.echo(f"{'platform':<22}" + "".join(f"{s:>9}" for s in statuses))
    for platform in platforms:
        click.echo(f"{platform:<22}" + "".join(f"{job_batch.counts[(platform, s)]:>9}"
                                               for s in statuses))
    for item in job_batch.failures:
        f = item["finding"]
        if item["n"] is None:  # a catalogue row, not an image
            click.echo(f"FAIL {item['source']}: {f['code']} {f['message']}")
            continue
        click.echo(f"FAIL {item['source']}: SKU {item['sku']!r} image {item['n']} "
                   f"{item['preset']}: {f['code']} {f['message']}")
    for item in job_batch.warnings:
        f = item["finding"]
        click.echo(f"warn {item['source']}: SKU {item['sku']!r} image {item['n']} "
                   f"{item['preset']}: {f['code']} {f['message']}")
    if job_batch.unmatched:
        shown = ", ".join(p.name for p in job_batch.unmatched[:5])
        more = f" and {len(job_batch.unmatched) - 5} more" if len(job_batch.unmatched) > 5 else ""
        click.echo(f"note: {len(job_batch.unmatched)} file(s) matched no SKU: {shown}{more}")
