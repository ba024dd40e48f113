"""Options that several commands share, declared once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

F = Callable[..., Any]


def catalogue_options(func: F) -> F:
    """``--input-format`` and ``--encoding`` for commands that read a catalogue."""
    func = click.option("--encoding", default=None, metavar="CODEC",
                        help="Text encoding of the catalogue (default UTF-8, BOM or not; "
                             "e.g. cp1252, cp932, gb18030).")(func)
    return click.option("--input-format", default=None, metavar="FORMAT",
                        help="Override detection: csv, tsv, xlsx, json, jsonl, or a flavour "
                             "(amazon, shopify, ebay, google-merchant, generic).")(func)


def spec_option(func: F) -> F:
    """``--spec PATH`` (repeatable): extra or overriding marketplace spec files."""
    def remember(ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> Any:
        if value:
            ctx.obj.extra_specs = value
        return value

    return click.option("--spec", "specs", multiple=True, type=click.Path(dir_okay=False),
                        callback=remember, expose_value=False, is_eager=True,
                        help="Extra marketplace spec file (TOML); may repeat.")(func)


def platform_option(func: F) -> F:
    """``--platform ID`` with ``--spec``."""
    func = spec_option(func)
    return click.option("--platform", "-p", default=None, metavar="ID",
                        help="Marketplace id (see `listingkit platforms`).")(func)


def emit(text: str, output: str | None) -> None:
    """A report to ``output`` (atomically) when given, else to stdout."""
    if output:
        from listingkit.atomic import atomic_write

        with atomic_write(output) as handle:
            handle.write(text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
