"""``listingkit platforms``: the marketplaces listingkit knows, and one whole spec."""

from __future__ import annotations

import json

import click

from listingkit.commands.options import spec_option


def _limit(market, path: str) -> str:  # type: ignore[no-untyped-def]
    fact = market.fact(path)
    if fact is None:
        return "-"
    unit = {"bytes": " B", "chars": ""}.get(fact.unit, "")
    return f"{fact.value}{unit}{'?' if fact.uncertain else ''}"


@click.command()
@click.argument("ident", required=False, metavar="[ID]")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@spec_option
@click.pass_obj
def command(state, ident, fmt) -> None:  # type: ignore[no-untyped-def]
    """List marketplaces, or show one marketplace's whole spec with sources.

    \b
    Examples:
      listingkit platforms
      listingkit platforms amazon-de --format json
    """
    registry = state.registry
    if ident:
        market = registry.get(ident)
        if fmt == "json":
            click.echo(json.dumps({"id": market.id, "origin": market.origin, **market.data},
                                  indent=2, ensure_ascii=False, default=str))
            return
        click.echo(f"{market.id}: {market.name}  (from {market.origin})")
        for fact in market.facts():
            flag = "  [uncertain]" if fact.uncertain else ""
            click.echo(f"  {fact.path} = {fact.value!r} {fact.unit}".rstrip()
                       + f"  [{fact.source}, {fact.as_of}]{flag}")
        return
    markets = registry.all()
    if fmt == "json":
        click.echo(json.dumps([{"id": m.id, "name": m.name, "language": m.language,
                                "title_max": m.value("fields.title.max_chars", None),
                                "search_terms_max_bytes":
                                    m.value("fields.search_terms.max_bytes", None),
                                "main_image_px": m.value("images.main.target_px", None)}
                               for m in markets], indent=2, ensure_ascii=False))
        return
    rows = [("ID", "NAME", "LANG", "TITLE", "SEARCH TERMS", "MAIN IMAGE")]
    for m in markets:
        target = m.value("images.main.target_px", None)
        rows.append((m.id, m.name, m.language, _limit(m, "fields.title.max_chars"),
                     _limit(m, "fields.search_terms.max_bytes")
                     if m.fact("fields.search_terms.max_bytes")
                     else _limit(m, "fields.search_terms.max_chars"),
                     f"{target[0]}x{target[1]}" if target else "-"))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    click.echo("\n'?' marks an uncertain value; `listingkit platforms ID` shows sources.")
