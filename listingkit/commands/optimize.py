"""``listingkit optimize``: a deterministic rewrite of titles and search terms."""

from __future__ import annotations

import click

from listingkit.commands.options import OutputFile, catalogue_options, platform_option
from listingkit.commands.score import keyword_options, resolve_bank
from listingkit.errors import ConfigError

#: per-listing notes printed before "... and N more notes"
MAX_NOTES = 50


@click.command()
@click.argument("catalogue", type=click.Path(dir_okay=False))
@platform_option
@keyword_options
@click.option("-o", "--output", default=None, type=OutputFile(),
              help="Write the optimised catalogue here, in the input's format, atomically.")
@click.option("--diff", is_flag=True, help="Print a unified diff per changed field.")
@click.option("--check/--no-check", "run_check", default=None,
              help="Score with check's rules (default on).")
@catalogue_options
@click.pass_obj
def command(state, catalogue, platform, bank_path, competitors, output, diff, run_check,  # type: ignore[no-untyped-def]
            input_format, encoding) -> None:
    """Rewrite titles and search terms for a marketplace, deterministically.

    Applies check's safe fixes; drops the promotional and subjective phrases check flags in
    the title (T007, T008); puts the brand first, then the model; drops repeated words;
    adds missing key attributes and top keywords while the title stays in the length sweet
    spot; applies the marketplace's capitalisation; packs search terms with keywords the
    title and bullets lack. Keywords go only to listings of the bank's product type (the
    title names it, or the listing uses score.relevance_min_share of the bank's keywords);
    measures, numbers, brands, colours, materials and sizes are never added. Never drops the brand, a model number, a size, a pack count or any
    number, never exceeds a limit, and keeps the original when the rewrite would score lower.
    Optimising twice gives the same result as once.

    \b
    Examples:
      listingkit optimize listings.csv -p amazon-us --keywords keywords.csv --diff
      listingkit optimize upload.txt -p amazon-us --competitors market.csv -o optimised.txt
    """
    from listingkit.optimize import Optimizer

    if not output and not diff:
        raise ConfigError("nothing to do: pass -o OUT to write the result and/or --diff")
    market = state.marketplace(platform)
    cat = state.catalogue(catalogue, input_format, encoding)
    listings = list(cat)
    if not listings:
        raise ConfigError(f"{catalogue}: no listings found")
    bank, _theirs = resolve_bank(state, market, listings, bank_path, competitors, encoding)
    optimizer = Optimizer(market, state.config, bank, check=run_check)
    outcomes = list(optimizer.run(listings))
    if diff:
        from listingkit.optimize.run import diff as field_diff

        for o in outcomes:
            if o.changed:
                for line in field_diff(o.before, o.after):
                    click.echo(line)
    notes = 0
    for o in outcomes:
        where = f"{o.before.source}: SKU {o.before.sku!r}" if o.before.source else o.before.sku
        lines = []
        if o.kept_reason:
            lines.append(f"{where}: kept the original: {o.kept_reason}")
        elif o.unfit:
            lines.append(f"{where}: search terms full ({optimizer.policy.search_bytes} bytes); "
                         f"did not fit: {' '.join(o.unfit[:12])}"
                         f"{' ...' if len(o.unfit) > 12 else ''}")
        if o.dropped and o.changed:
            lines.append(f"{where}: dropped from the title: "
                         f"{', '.join(repr(p) for p in o.dropped)}")
        if o.note:
            lines.append(f"{where}: {o.note}")
        lines += [f"{where}: still breaks {left}: fix it by hand" for left in o.left]
        for line in lines:
            notes += 1
            if notes <= MAX_NOTES:
                click.echo(line, err=True)
    if notes > MAX_NOTES:
        click.echo(f"... and {notes - MAX_NOTES} more notes", err=True)
    changed = [o for o in outcomes if o.changed]
    if outcomes:
        mean_before = sum(o.score_before for o in outcomes) / len(outcomes)
        mean_after = sum(o.score_after for o in outcomes) / len(outcomes)
        other = sum(1 for o in outcomes if o.note)
        click.echo(f"optimised {len(changed)} of {len(outcomes)} listings; mean score "
                   f"{mean_before:.1f} -> {mean_after:.1f}; keyword bank: "
                   f"{bank.source if bank else 'none'}"
                   f"{f' (not applied to {other}: another product type)' if other else ''}",
                   err=True)
    if output:
        from listingkit.catalogue import write_catalogue

        hint = getattr(cat, "flavour", None)  # (written back as read: its own header)
        after = [o.after for o in outcomes]
        read = {id(o.after): o.before for o in outcomes}
        count = write_catalogue(lambda: iter(after), output, flavour_hint=hint,
                                escape_formulas=state.config.get("escape_formulas", True),
                                read_as=lambda listing: read[id(listing)])
        click.echo(f"wrote {count} listing{'s' * (count != 1)} to {output}", err=True)
