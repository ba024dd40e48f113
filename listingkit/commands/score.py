"""``listingkit score``: a 0-100 score per listing, its breakdown, and what to do about it."""

from __future__ import annotations

from collections.abc import Iterator
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


def resolve_bank(state: Any, market: Any, own: Any, bank_path: str | None,
                 competitors: str | None, encoding: str | None) -> tuple[Any, Any]:
    """The keyword bank, and the competitor listings (a callable that reads them anew; None
    without --competitors).

    Without either option, the catalogue itself is the competitor set when it has at least
    ``score.self_bank_min`` listings; ``own`` is then its :func:`own_sample` (None: it was
    not read for one). Otherwise there is no bank and the keyword criteria do not apply. A
    bank is built from at most ``score.bank_sample`` listings, a sample
    (:mod:`listingkit.sampling`) when there are more, and its source says so.
    """
    from listingkit.scoring import bank_from_listings, build_policy, load_bank
    from listingkit.scoring.bank import bank_input

    if bank_path and competitors:
        raise ConfigError("give --keywords BANK or --competitors FILE, not both")
    lang, policy = market.language, build_policy(market, state.config)
    if bank_path:
        return load_bank(bank_path, lang, encoding), None
    if competitors:
        from listingkit.keywords.sources import open_listings
        from listingkit.sampling import sample_of

        theirs = open_listings(competitors, None, encoding, state.competitors)
        sample = sample_of(theirs(), policy.p("bank_sample"), bank_input)
        if not sample.seen:
            raise ConfigError(f"{competitors}: no competitor listings found")
        return bank_from_listings(sample.items(), lang,
                                  sample.describe(f"competitors {competitors}"),
                                  policy.p("top_keywords")), theirs
    if own is not None and own.seen >= policy.p("self_bank_min"):
        bank = bank_from_listings(own.items(), lang,
                                  own.describe("the catalogue's own listings"),
                                  policy.p("top_keywords"))
        return (bank if bank else None), None
    return None, None


def own_sample(state: Any, market: Any, cat: Any, name: str) -> Any:
    """A first read of the whole catalogue, which must hold listings, keeping what the
    keyword bank reads (:func:`~listingkit.scoring.bank.bank_input`) of a sample of at most
    ``score.bank_sample`` of them (:class:`~listingkit.sampling.Sample`): what the bank is
    built from when the catalogue is its own competitor set."""
    from listingkit.sampling import sample_of
    from listingkit.scoring import build_policy
    from listingkit.scoring.bank import bank_input

    sample = sample_of(cat, build_policy(market, state.config).p("bank_sample"), bank_input)
    if not sample.seen:
        raise ConfigError(f"{name}: no listings found")
    return sample


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
    catalogue itself is the competitor set (when it has at least 5 listings). A bank is built
    from at most 10,000 listings (score.bank_sample), a fixed sample of a larger file.

    \b
    Examples:
      listingkit score listings.csv -p amazon-us
      listingkit score listings.csv -p amazon-us --keywords keywords.csv --format json
      listingkit score listings.csv -p amazon-us --competitors market.csv
    """
    from listingkit.catalogue.rewrite import refuse_changed, stamp
    from listingkit.scoring import Scorer
    from listingkit.scoring.report import Shape, render_parts
    from listingkit.spool import Spool

    market = state.marketplace(platform)
    cat = state.catalogue(catalogue, input_format, encoding)
    read_at = stamp(cat.path)  # (read twice for its own bank: it must not change meanwhile)
    own = None if bank_path or competitors else own_sample(state, market, cat, catalogue)
    bank, theirs = resolve_bank(state, market, own, bank_path, competitors, encoding)
    twice, own = own is not None, None  # (the sample: not held while the listings are scored)
    scorer = Scorer(market, state.config, bank, check=run_check)
    ordered = sorted(r.score for _, r in scorer.scores(theirs(), suggestions=False)) \
        if theirs else None
    fmt = fmt or state.config.get("score.format", "table")
    shape = Shape()
    scored = _scored(scorer, cat, ordered, shape)
    source = bank.source if bank else ""
    # nothing is written until every listing is scored (a bad row stops the run with nothing
    # printed): the report waits on disk, as the results for a table (its column widths and
    # summary need them all first), else as its text, made as the results come (a tenth of
    # the cost of keeping the results)
    with Spool[Any]("score report", output) as kept:
        if fmt == "table":
            for result in scored:
                kept.add(result)
            parts = render_parts(kept, fmt, scorer.policy, source, shown, shape)
        else:
            for part in render_parts(scored, fmt, scorer.policy, source, shown, shape):
                kept.add(part)
            parts = iter(kept)
        if not shape.scores:
            raise ConfigError(f"{catalogue}: no listings found")
        if twice:
            refuse_changed(cat.path, read_at, "scored")
        emit(parts, output)
    floor = state.config.pick(min_score, "score.min_score")
    if floor is not None and min(shape.scores) < floor:
        from listingkit.errors import EXIT_FINDINGS

        click.get_current_context().exit(EXIT_FINDINGS)


def _scored(scorer: Any, listings: Any, ordered: list[float] | None, shape: Any
            ) -> Iterator[Any]:
    """The score of each of ``listings`` as it is read, ranked among the competitor scores
    ``ordered`` (where the listing is of the bank's product type) and added to ``shape``."""
    from listingkit.scoring import rank_in

    for listing, result in scorer.scores(listings):
        if ordered is not None and scorer.fit(listing).bank is not None:
            result.rank = rank_in(result.score, ordered)  # (same product type only)
        shape.add(result)
        yield result
