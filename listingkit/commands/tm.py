"""``listingkit tm``: the translation memory: export for review, import reviewed work, stats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from listingkit.errors import InputError

_memory_option = click.option(
    "--memory", default=None, type=click.Path(dir_okay=False),
    help="Translation memory file (translate.memory, else .listingkit/tm.sqlite).")


def _open(state: Any, memory: str | None, create: bool = False) -> Any:
    """The memory; only ``tm import`` creates one (a mistyped path to read is an error)."""
    from listingkit.translate import Memory, default_path

    return Memory(memory or default_path(state.config), create=create)


@click.group()
def command() -> None:
    """Translation memory: export for review, import reviewed translations, stats.

    \b
    Example:
      listingkit tm export pending-de.csv --target-lang de --pending
      listingkit tm import pending-de.csv
    """


@command.command("export")
@click.argument("output", type=click.Path(dir_okay=False))
@click.option("--source-lang", default=None, metavar="LANG")
@click.option("--target-lang", default=None, metavar="LANG")
@click.option("--pending", is_flag=True, help="Only segments still waiting for a translation.")
@_memory_option
@click.pass_obj
def export(state: Any, output: str, source_lang: str | None, target_lang: str | None,
           pending: bool, memory: str | None) -> None:
    """Export to TMX (.tmx) or CSV (.csv), by the output's extension."""
    from listingkit.translate.exchange import export_csv, export_tmx

    out = Path(output)
    kind = out.suffix.lower()
    if kind not in (".tmx", ".csv"):
        raise InputError(f"{out}: use a .tmx or .csv file name")
    with _open(state, memory) as tm:
        rows = tm.entries(source_lang, target_lang, pending=True if pending else None)
        count = export_tmx(rows, out, source_lang or "*all*") if kind == ".tmx" \
            else export_csv(rows, out)
    click.echo(f"exported {count} segment{'s' * (count != 1)} to {out}", err=True)


@command.command("import")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--as-engine", default="human", show_default=True, metavar="NAME",
              help="Who produced these translations; 'human' ones are never overwritten by "
                   "machine translation.")
@_memory_option
@click.pass_obj
def import_(state: Any, source: str, as_engine: str, memory: str | None) -> None:
    """Import a TMX or CSV file (columns source_lang,target_lang,source,target)."""
    from listingkit.translate.exchange import import_file

    entries = list(import_file(Path(source), as_engine))  # (read before a memory is made)
    with _open(state, memory, create=True) as tm:
        written = tm.put_many(entries)
    click.echo(f"imported {written} of {len(entries)} translations from {source}", err=True)


@command.command("stats")
@_memory_option
@click.pass_obj
def stats(state: Any, memory: str | None) -> None:
    """Segments per language pair: translated by people, by machine, pending."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    with _open(state, memory) as tm:
        for e in tm.entries():
            kind = "pending" if e.target_text is None else \
                "human" if e.engine == "human" else "machine"
            pair = counts.setdefault((e.source_lang, e.target_lang), {})
            pair[kind] = pair.get(kind, 0) + 1
        click.echo(f"{tm.path}")
    for (src, tgt), pair in sorted(counts.items()):
        click.echo(f"{src}->{tgt}: {pair.get('human', 0)} human, {pair.get('machine', 0)} "
                   f"machine, {pair.get('pending', 0)} pending")
