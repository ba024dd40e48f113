"""``listingkit optimize``: a deterministic rewrite of titles and search terms.

The catalogue is streamed, never held: a first read checks it (a catalogue with no listings,
or a row that cannot be read, stops the run before anything is printed or written) and keeps
what the keyword bank is built from when the catalogue is its own competitor set (nothing with
``--keywords`` or ``--competitors``); a second read optimises it a listing at a time, printing
diffs and notes as they come, adding up the summary and keeping each changed listing on disk
(a :class:`~listingkit.spool.Spool`); the output reads the catalogue again with the changed
listings in their places (:mod:`listingkit.catalogue.rewrite`).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from typing import Any

import click

from listingkit.commands.options import OutputFile, catalogue_options, platform_option
from listingkit.commands.score import keyword_options, own_sample, resolve_bank
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
    from listingkit.catalogue.rewrite import stamp
    from listingkit.optimize import Optimizer
    from listingkit.spool import Spool

    if not output and not diff:
        raise ConfigError("nothing to do: pass -o OUT to write the result and/or --diff")
    market = state.marketplace(platform)
    cat = state.catalogue(catalogue, input_format, encoding)
    read_at = stamp(cat.path)  # (the output reads it again: it must not change meanwhile)
    bank = _bank(state, market, cat, catalogue, bank_path, competitors, encoding)
    optimizer = Optimizer(market, state.config, bank, check=run_check)
    with Spool[tuple[int, Any]]("optimised listings", output) as changes:
        tally = _optimise(optimizer, cat, diff, changes if output else None)
        if tally.count:
            other = tally.other
            click.echo(f"optimised {tally.changed} of {tally.count} listings; mean score "
                       f"{tally.before.mean():.1f} -> {tally.after.mean():.1f}; keyword bank: "
                       f"{bank.source if bank else 'none'}"
                       f"{f' (not applied to {other}: another product type)' if other else ''}",
                       err=True)
        if output:
            count = _write(cat, changes, output, state.config.get("escape_formulas", True),
                           read_at)
            click.echo(f"wrote {count} listing{'s' * (count != 1)} to {output}", err=True)


def _bank(state: Any, market: Any, cat: Any, name: str, bank_path: str | None,
          competitors: str | None, encoding: str | None) -> Any:
    """The keyword bank (:func:`~listingkit.commands.score.resolve_bank`), after a first read
    of the whole catalogue, which must hold listings; when the catalogue is its own competitor
    set, that read keeps what the bank is built from (:func:`~listingkit.commands.score.
    own_sample`), and only until it is built."""
    if bank_path or competitors:
        if not sum(1 for _ in cat):  # (read to the end: a bad row stops the run here)
            raise ConfigError(f"{name}: no listings found")
        return resolve_bank(state, market, None, bank_path, competitors, encoding)[0]
    return resolve_bank(state, market, own_sample(state, market, cat, name), bank_path,
                        competitors, encoding)[0]


class Total:
    """A running sum equal to ``sum()`` of the same floats to the last bit, so a mean added
    up as the listings stream prints as it did from a list: ``sum`` adds floats one by one
    before Python 3.12, and with Neumaier's compensation from 3.12 on."""

    COMPENSATED = sys.version_info >= (3, 12)

    def __init__(self) -> None:
        self.total, self.compensation, self.count = 0.0, 0.0, 0

    def add(self, value: float) -> None:
        total = self.total + value
        if self.COMPENSATED:
            if abs(self.total) >= abs(value):
                self.compensation += (self.total - total) + value
            else:
                self.compensation += (value - total) + self.total
        self.total, self.count = total, self.count + 1

    def sum(self) -> float:
        if self.compensation and math.isfinite(self.compensation):
            return self.total + self.compensation
        return self.total

    def mean(self) -> float:
        return self.sum() / self.count


class _Tally:
    """The summary line's numbers, added up as the outcomes come."""

    def __init__(self) -> None:
        self.count = self.changed = self.other = self.notes = 0
        self.before, self.after = Total(), Total()


def _optimise(optimizer: Any, cat: Iterable[Any], diff: bool, changes: Any) -> _Tally:
    """Optimise each listing of ``cat`` as it is read: its diff printed (``diff``), its notes
    (the first :data:`MAX_NOTES`), and the listing kept in ``changes`` (with its index) when
    it changed and there is an output to write."""
    from listingkit.optimize.run import diff as field_diff

    tally = _Tally()
    for index, o in enumerate(optimizer.run(cat)):
        changed = o.changed
        if diff and changed:
            for line in field_diff(o.before, o.after):
                click.echo(line)
        for line in _notes(o, optimizer.policy.search_bytes):
            tally.notes += 1
            if tally.notes <= MAX_NOTES:
                click.echo(line, err=True)
        tally.count += 1
        tally.changed += changed
        tally.other += bool(o.note)
        tally.before.add(o.score_before)
        tally.after.add(o.score_after)
        if changes is not None and changed:
            changes.add((index, o.after))
    if tally.notes > MAX_NOTES:
        click.echo(f"... and {tally.notes - MAX_NOTES} more notes", err=True)
    return tally


def _notes(o: Any, search_bytes: int) -> list[str]:
    """The notes on one outcome: the original kept, search terms that did not fit, phrases
    dropped from the title, keywords not added, and what is left for the seller to fix."""
    where = f"{o.before.source}: SKU {o.before.sku!r}" if o.before.source else o.before.sku
    lines = []
    if o.kept_reason:
        lines.append(f"{where}: kept the original: {o.kept_reason}")
    elif o.unfit:
        lines.append(f"{where}: search terms full ({search_bytes} bytes); "
                     f"did not fit: {' '.join(o.unfit[:12])}"
                     f"{' ...' if len(o.unfit) > 12 else ''}")
    if o.dropped and o.changed:
        lines.append(f"{where}: dropped from the title: "
                     f"{', '.join(repr(p) for p in o.dropped)}")
    if o.note:
        lines.append(f"{where}: {o.note}")
    lines += [f"{where}: still breaks {left}: fix it by hand" for left in o.left]
    return lines


def _write(cat: Any, changes: Any, output: str, escape: bool, read_at: tuple[int, int]) -> int:
    """The catalogue written to ``output`` with its changed listings in their places, read
    again from the file (which must be as it was when the run began)."""
    from listingkit.catalogue import write_catalogue
    from listingkit.catalogue.rewrite import refuse_changed, written_back

    refuse_changed(cat.path, read_at, "optimised")
    hint = getattr(cat, "flavour", None)  # (written back as read: its own header)
    listings, read_as = written_back(cat, changes)
    return write_catalogue(listings, output, flavour_hint=hint, escape_formulas=escape,
                           read_as=read_as)
