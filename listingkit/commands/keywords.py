"""``listingkit keywords``: rank competitor keywords, find my gaps, clean keyword lists.

``keywords COMPETITORS ...`` ranks; ``keywords clean LIST ...`` processes keyword lists. Both
live in one group whose default subcommand is ``rank``: any first argument that is not a
subcommand name is taken as the COMPETITORS file (a file literally called ``clean`` is
``keywords rank clean``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from listingkit.commands.options import OutputFile, catalogue_options, emit, platform_option
from listingkit.errors import EXIT_FINDINGS, ConfigError

FORMAT_CHOICE = click.Choice(["table", "csv", "json"])


class DefaultGroup(click.Group):
    """A group that runs ``rank`` unless the first argument names a subcommand."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["rank", *args]
        return super().parse_args(ctx, args)

    def get_help(self, ctx: click.Context) -> str:
        rank_ctx = click.Context(self.commands["rank"], info_name=ctx.info_name, parent=ctx.parent)
        own = self.commands["rank"].get_help(rank_ctx)
        return own + ("\n\nOther commands:\n  clean  Clean keyword lists and tool exports "
                      "(listingkit keywords clean --help).")


#: fewer competitor listings than this in a group get a note: their keywords' shares rest on
#: a handful of titles (the evaluation's sets have 20 or more)
FEW_COMPETITORS = 5


@click.group(cls=DefaultGroup)
def command() -> None:
    """Rank the words competitors use; clean keyword lists."""


@command.command("rank")
@click.argument("competitors", type=click.Path(dir_okay=False))
@click.option("--lang", default=None, metavar="auto|en|de|...",
              help="Language of the listings (default: config keywords.lang, else auto: "
                   "detected once over the whole input).")
@click.option("--top", type=click.IntRange(min=1), default=None,
              help="How many keywords to recommend (default 20).")
@click.option("--group-by", "group_by", default=None, metavar="COLUMN",
              help="Rank each group of competitors (e.g. a category column) separately.")
@click.option("--against", "mine", default=None, type=click.Path(dir_okay=False),
              metavar="MINE", help="My listing(s): report which top keywords each one lacks.")
@click.option("--min-share", type=click.FloatRange(0, 1), default=None,
              help="Only keywords used by at least this share of competitors.")
@click.option("--fields", default=None, metavar="LIST",
              help="Competitor fields to read, comma-separated (default "
                   "title,bullets,description).")
@click.option("--brands", "brand_files", multiple=True, type=click.Path(dir_okay=False),
              metavar="FILE",
              help="Brand names, one a line (# starts a comment): tagged brand, listed apart "
                   "and never recommended, besides the brands found in the competitors' own "
                   "data. May repeat; adds to config keywords.brands.")
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="table", show_default=True)
@click.option("-o", "--output", default=None, type=OutputFile(),
              help="Write the report to a file (atomically) instead of stdout.")
@catalogue_options
@platform_option
@click.pass_obj
def rank(state: Any, competitors: str, lang: str | None, top: int | None,
         group_by: str | None, mine: str | None, min_share: float | None, fields: str | None,
         brand_files: tuple[str, ...], fmt: str, output: str | None,
         input_format: str | None, encoding: str | None, platform: str | None) -> None:
    """Rank the words a seller should use, from competitor listings.

    COMPETITORS is any catalogue (CSV, TSV, XLSX, JSON, JSONL, Amazon/Shopify/eBay/Google
    exports) or plain text with one listing per line (--input-format text, or a .txt file
    without tabs). A competitor file needs a title column (title, product_name, name, ...),
    not a SKU. Competitor brands are listed apart and never recommended; so is wording the
    marketplace (-p, or config platform) prohibits in titles ("premium quality"). With
    --against, exits 1 when a listing lacks any top keyword.

    \b
    Examples:
      listingkit keywords competitors.csv --top 15 -p amazon-us
      listingkit keywords titles.txt --lang de --format json
      listingkit keywords market.csv --group-by category --format csv -o keywords.csv
      listingkit keywords competitors.csv --against my_listing.json
    """
    from listingkit.keywords import detect_lang, extract
    from listingkit.keywords.candidates import FIELD_WEIGHTS
    from listingkit.keywords.report import gap_report, rankings
    from listingkit.keywords.sources import brand_list, grouped, open_listings

    cfg = state.config
    lang = cfg.pick(lang, "keywords.lang", "auto")
    top = cfg.pick(top, "keywords.top", 20)
    min_share = cfg.pick(min_share, "keywords.min_share", 0.0)
    models = cfg.get("keywords.models", {}) or {}
    chosen = fields.split(",") if fields else cfg.get("keywords.fields",
                                                       ["title", "bullets", "description"])
    chosen = [f.strip() for f in chosen if f.strip()]
    for name in chosen:
        if name not in FIELD_WEIGHTS:
            from listingkit.errors import suggest

            raise ConfigError(f"--fields: unknown field {name!r}{suggest(name, FIELD_WEIGHTS)}; "
                              f"known: {', '.join(FIELD_WEIGHTS)}")
    known = [*(cfg.get("keywords.brands", []) or []),
             *(name for file in brand_files for name in brand_list(Path(file), encoding))]
    source = open_listings(competitors, input_format, encoding, state.competitors)
    listings = list(source())
    if not listings:
        raise ConfigError(f"{competitors}: no competitor listings found")
    groups: dict[str | None, list[Any]] = {None: listings}
    if group_by:
        groups = {name: members for name, members in grouped(listings, group_by).items()}
    few = [name for name, members in groups.items() if len(members) < FEW_COMPETITORS]
    if few:  # a keyword "used by every competitor" of two says little
        which = f"{len(few)} of {len(groups)} groups have" if group_by else "the input has"
        click.echo(f"note: {which} fewer than {FEW_COMPETITORS} competitor listings; their "
                   "keywords rest on too few listings to rank reliably" +
                   (f" (e.g. {', '.join(repr(n) for n in few[:3])})" if group_by else ""),
                   err=True)
    # one language for the whole input: a set of titles is too little text to judge alone
    code = detect_lang(listings) if lang == "auto" else lang
    prohibited = None
    market = state.marketplace_if_any(platform)
    if market is not None:
        from listingkit.keywords.prohibited import prohibited_lexicons, prohibited_test

        prohibited = prohibited_test(prohibited_lexicons(market), code)
    book = None
    if group_by:  # brand evidence from every group, once
        from listingkit.keywords.brands import BrandBook

        book = BrandBook.learn(listings, code, models.get(code))
    results = {name: extract(members, lang=code, top=top, min_share=min_share,
                             model=models.get(code), fields=chosen, brands=book,
                             prohibited=prohibited, known_brands=known)
               for name, members in groups.items()}
    if not mine:
        emit(rankings(results, fmt), output)
        return
    from listingkit.keywords.gap import gaps
    from listingkit.keywords.sources import own_group
    from listingkit.nlp import analyzer

    mine_source = open_listings(mine, None, encoding, state.catalogue)
    my_listings = list(mine_source())
    if not my_listings:
        raise ConfigError(f"{mine}: no listings found")
    nlp = analyzer(code, models.get(code))
    report = {name: found for name, r in results.items()
              if (found := gaps(nlp, r.keywords, own_group(my_listings, group_by, name,
                                                           set(results))))}
    emit(gap_report(report, fmt), output)
    if any(row.missing for by_sku in report.values() for rows in by_sku.values()
           for row in rows):
        click.get_current_context().exit(EXIT_FINDINGS)


@command.command("clean")
@click.argument("lists", nargs=-1, required=True, type=click.Path(dir_okay=False),
                metavar="LIST...")
@click.option("--lang", default=None, metavar="en|de|...",
              help="Language for stop words (default: config keywords.lang, else the "
                   "marketplace's language, else en).")
@click.option("--budget", type=click.IntRange(min=1), default=None,
              help="Search-terms byte budget (default: the marketplace's "
                   "fields.search_terms.max_bytes).")
@click.option("--exclude", default=None, type=click.Path(dir_okay=False), metavar="MINE",
              help="Leave out words my listing's title and bullets already use.")
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="table", show_default=True)
@click.option("-o", "--output", default=None, type=OutputFile(),
              help="Write the report to a file (atomically) instead of stdout.")
@click.option("--encoding", default=None, metavar="CODEC", help="Text encoding (default UTF-8).")
@platform_option
@click.pass_obj
def clean(state: Any, lists: tuple[str, ...], lang: str | None, budget: int | None,
          exclude: str | None, fmt: str, output: str | None, encoding: str | None,
          platform: str | None) -> None:
    """Clean keyword lists and tool exports into one keyword bank, and pack search terms.

    Reads plain lists (one keyword per line) and the CSV exports of Helium 10 (Cerebro,
    Magnet), Jungle Scout and Data Dive, keeping search volume. Dedupes, lower-cases, strips
    symbols and stop words, counts word frequency and packs a search-terms string within the
    marketplace's byte budget.

    \b
    Examples:
      listingkit keywords clean cerebro.csv magnet.csv -p amazon-us
      listingkit keywords clean ideas.txt --budget 249 --format json
    """
    from listingkit.keywords.bank import Bank, load, pack
    from listingkit.keywords.report import bank_report
    from listingkit.nlp import stop_words

    market = state.marketplace_if_any(platform)
    code = lang or state.config.get("keywords.lang") or (market.language if market else "en")
    if code == "auto":
        code = market.language if market else "en"
    separator = " "
    if budget is None and market is not None:
        budget = market.value("fields.search_terms.max_bytes", None)
        separator = market.value("fields.search_terms.separator", " ")
    if exclude and budget is None:
        raise ConfigError("--exclude leaves words out of the packed search terms, and there "
                          "is no byte budget to pack: give --budget BYTES (or -p PLATFORM "
                          "with a search-terms budget)")
    stops = stop_words(code)
    bank = Bank()
    for path in lists:
        load(Path(path), bank, stops, encoding)
    packed = None
    if budget is not None:
        used: set[str] = set()
        if exclude:
            from listingkit.keywords.bank import clean as clean_text
            from listingkit.keywords.sources import open_listings

            for listing in open_listings(exclude, None, encoding, state.catalogue)():
                text = " ".join([listing.title, *listing.bullets, listing.brand])
                used.update(clean_text(text, stops).split())
        packed = pack(bank, budget, separator, used)
    emit(bank_report(bank, packed, budget, fmt), output)
