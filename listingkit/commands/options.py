"""Options that several commands share, declared once."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

import click

F = Callable[..., Any]


class OutputFile(click.Path):
    """A file a command writes (``-o``): its folder must exist, checked when the command line
    is read, before any work (the write itself is atomic: see :mod:`listingkit.atomic`)."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> Any:
        from listingkit.atomic import folder_problem

        path = os.fsdecode(super().convert(value, param, ctx))
        problem = folder_problem(path)
        if problem:
            self.fail(f"{path}: cannot write: {problem}", param, ctx)
        return path


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


def emit(text: str | Iterable[str], output: str | None) -> None:
    """A report to ``output`` (atomically) when given, else to stdout; a report in parts
    (an iterable of strings) is written part by part, as the parts come."""
    parts = [text] if isinstance(text, str) else text
    if output:
        from listingkit.atomic import atomic_write

        with atomic_write(output) as handle:
            handle.writelines(parts)
        click.echo(f"wrote {output}", err=True)
    else:
        for part in parts:
            click.echo(part, nl=False)
