"""``listingkit score``: a 0-100 score per listing, its breakdown, and what to do about it."""

from __future__ import annotations

from typing import Any

import click

from listingkit.commands.options import OutputFile, catalogue_options, emit, platform_option
from listingkit.errors import ConfigError


def keyword_options(func: Any) -> Any:
    """``--keywords BANK`` and ``--competitors FILE``, shared with ``optimize``."""
    func = click.option("--competitors", default=None, type=click.Path(dir_okay=False),
                        metavar="FILE", help="Competitor listings (any catalogue, or plain "
                        "text, one title per line): their keywords become the bank.")(func)
    return click.option("--keywords", "bank_path", default=None,
                        type=click.Path(dir_okay=False), metavar="BANK",
                        help="Keyword bank: `listingkit keywords` CSV/JSON, `keywords clean` "
                        "output, or a Helium 10 / Jungle Scout / Data Dive export.")(func)


def resolve_bank(state: Any, market: Any, listings: list[Any], bank_path: str | None,
                 competitors: str | None, encoding: str | None) -> tuple[Any, list[Any]]:
    """The keyword bank and the competitor listings (empty without --competitors).

    Without either option, the catalogue itself is the competitor set when it has at least
    ``score.self_bank_min`` listings; otherwise there is no bank and the keyword criteria do
    not apply.
    """
    from listingkit.scoring import bank_from_listings, build_policy, load_bank

    if bank_path and competitors:
        raise ConfigError("give --keywords BANK or --competitors FILE, not both")
    lang = market.language
    if bank_path:
        return load_bank(bank_path, lang, encoding), []
    if competitors:
        from listingkit.keywords.sources import open_listings

        theirs = list(open_listings(competitors, None, encoding, state.competitors)())
        if not theirs:
            raise ConfigError(f"{competitors}: no competitor listings found")
        top = build_policy(market, state.config).p("top_keywords")
        return bank_from_listings(theirs, lang, f"competitors {competitors}", top), theirs
    minimum = build_policy(market, state.config).p("self_bank_min")
    if len(listings) >= minimum:
        top = build_policy(market, state.config).p("top_keywords")
        bank = bank_from_listings(listings, lang, "the catalogue's own listings", top)
        return (bank if bank else None), []
    return None, []


@click.command()
@click.argument("catalogue", type=click.Path(dir_okay=False))
@platform_option
@keyword_options
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "json"]),
              default=None, help="Output format (default table).")
@click.option("--suggestions", "shown", type=click.IntRange(min=0), default=3,
              show_default=True, help="Suggestions shown per listing in the table.")
@click.option("--check/--no-check", "run_check", default=None,
              help="Run check's rules for the compliance criterion (default on; off is "
                   "about a third faster).")
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Exit 1 when any listing scores below this (for CI).")
@click.option("-o", "--output", default=None, type=OutputFile(),
              help="Write the report to a file (atomically) instead of stdout.")
@catalogue_options
@click.pass_obj
def command(state, catalogue, platform, bank_path, competitors, fmt, shown, run_check,  # type: ignore[no-untyped-def]
            min_score, output, input_format, encoding) -> None:
    """Score each listing 0-100 with a per-criterion breakdown and suggestions.

    Criteria and weights come from the marketplace spec's [score] table and the config's
    [score] section, and are printed with the scores. Without --keywords or --competitors the
    catalogue itself is the competitor set (when it has at least 5 listings).

    \b
    Examples:
      listingkit score listings.csv -p amazon-us
      listingkit score listings.csv -p amazon-us --keywords keywords.csv --format json
      listingkit score listings.csv -p amazon-us --competitors market.csv
    """
    from listingkit.scoring import Scorer, rank_among
    from listingkit.scoring.report import render_parts

    market = state.marketplace(platform)
    listings = list(state.catalogue(catalogue, input_format, encoding))
    if not listings:
        raise ConfigError(f"{catalogue}: no listings found")
    bank, theirs = resolve_bank(state, market, listings, bank_path, competitors, encoding)
    scorer = Scorer(market, state.config, bank, check=run_check)
    results = scorer.score_all(listings)
    if theirs:  # ranked only where the competitors sell the same product type
        same = [r for r, x in zip(results, listings) if scorer.fit(x).bank is not None]
        rank_among(same, [r.score for r in scorer.score_all(theirs, suggestions=False)])
    fmt = fmt or state.config.get("score.format", "table")
    emit(render_parts(results, fmt, scorer.policy, bank.source if bank else "", shown), output)
    floor = state.config.pick(min_score, "score.min_score")
    if floor is not None and any(r.score < floor for r in results):
        from listingkit.errors import EXIT_FINDINGS

        click.get_current_context().exit(EXIT_FINDINGS)
