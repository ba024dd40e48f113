"""``listingkit rules``: list the check rules, or explain one."""

from __future__ import annotations

import json

import click

from listingkit.commands.options import platform_option


@click.command()
@click.argument("rule", required=False, metavar="[CODE|NAME]")
@platform_option
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", help="text (default), json, or markdown (the README's table).")
@click.pass_obj
def command(state, rule, platform, fmt) -> None:  # type: ignore[no-untyped-def]
    """List the rules of `listingkit check`, or explain one.

    With --platform, the explanation shows the marketplace's own numbers and where they come
    from.

    \b
    Examples:
      listingkit rules
      listingkit rules T005 --platform amazon-us
      listingkit rules --format markdown > rules.md
    """
    from listingkit.lint import catalogue_codes
    from listingkit.rules import docs
    from listingkit.rules.custom import build

    config = state.config
    label = str(config.path) if config.path else "config"
    extra = build(config.get("check.rules", []) or [], catalogue_codes(), label)
    if rule is None:
        items = docs.entries(extra)
        if fmt == "json":
            click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        elif fmt == "markdown":
            click.echo(docs.table_markdown(items), nl=False)
        else:
            click.echo(docs.table_text(items), nl=False)
        return
    item = docs.find(rule, extra)
    chosen = platform or config.get("platform")
    market = state.registry.get(chosen) if chosen else None
    if fmt == "json":
        click.echo(json.dumps(item, ensure_ascii=False, indent=2))
    else:
        click.echo(docs.explain(item, market), nl=False)
