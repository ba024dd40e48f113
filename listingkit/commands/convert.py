"""``listingkit convert``: any supported catalogue format to any other."""

from __future__ import annotations

import click

from listingkit.commands.options import OutputFile, catalogue_options


@click.command()
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=OutputFile(),
              help="Output file; its extension picks the container unless --to does.")
@click.option("--to", default=None, metavar="FORMAT",
              help="csv, tsv, xlsx, json, jsonl, or a flavour: amazon, shopify, ebay, "
                   "google-merchant, generic.")
@click.option("--escape-formulas/--no-escape-formulas", default=None,
              help="Prefix ' to CSV/XLSX cells starting with = + - @ tab CR (default on).")
@catalogue_options
@click.pass_obj
def command(state, source, output, to, escape_formulas, input_format, encoding) -> None:  # type: ignore[no-untyped-def]
    """Convert a catalogue to another format.

    \b
    Example:
      listingkit convert shopify_export.csv -o listings.jsonl
      listingkit convert listings.jsonl -o upload.txt --to amazon
    """
    from listingkit.catalogue import write_catalogue

    catalogue = state.catalogue(source, input_format, encoding)
    escape = state.config.pick(escape_formulas, "escape_formulas", True)
    state.require_listings(catalogue)  # (and the flavour is known once the header is read)
    hint = None
    if to is None:
        hint = catalogue.flavour.id if catalogue.flavour else None
    count = write_catalogue(lambda: iter(catalogue), output, to=to, flavour_hint=hint,
                            escape_formulas=escape)
    click.echo(f"wrote {count} listing{'s' * (count != 1)} to {output}", err=True)
