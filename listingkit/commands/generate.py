"""``listingkit generate``: write each SKU's fields for a marketplace and language."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import click

from listingkit.commands.options import OutputFile, catalogue_options, platform_option
from listingkit.errors import EXIT_FINDINGS, EXIT_OK, ConfigError

if TYPE_CHECKING:
    from listingkit.spool import Spool


@click.command()
@click.argument("catalogue", type=click.Path(dir_okay=False))
@platform_option
@click.option("--lang", default=None, metavar="LANG",
              help="Output language (default: the marketplace's language).")
@click.option("--source-lang", default=None, metavar="LANG",
              help="Language of the catalogue text (default translate.source_lang, else en).")
@click.option("--translator", default=None, metavar="ENGINE",
              help="none, google, deepl, microsoft, libre, mymemory, yandex (default "
                   "translate.engine, else none: memory and vocabularies only).")
@click.option("--translator-url", default=None, metavar="URL",
              help="Service URL, e.g. a self-hosted LibreTranslate (translate.url).")
@click.option("--templates", default=None, type=click.Path(file_okay=False),
              help="Folder of templates that take precedence (generate.templates).")
@click.option("--memory", default=None, type=click.Path(dir_okay=False),
              help="Translation memory file (translate.memory, else .listingkit/tm.sqlite).")
@click.option("--glossary", "terms", multiple=True, metavar="TERM",
              help="Extra do-not-translate term; may repeat (translate.glossary).")
@click.option("-o", "--output", required=True, type=OutputFile(),
              help="Output file; written in the marketplace's upload format.")
@click.option("--to", default=None, metavar="FORMAT",
              help="Override the output format (csv, tsv, xlsx, jsonl, or a flavour).")
@click.option("--language-check", type=click.Choice(["fields", "listing", "off"]),
              default=None, help="Identify the language of each field (default), of each "
                                 "listing as a whole (faster), or not (generate.language_check).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default=None,
              help="Exit 1 when findings of this severity remain (generate.fail_on, else "
                   "error).")
@catalogue_options
@click.pass_obj
def command(state: Any, catalogue: str, platform: str | None, lang: str | None,
            source_lang: str | None, translator: str | None, translator_url: str | None,
            templates: str | None, memory: str | None, terms: tuple[str, ...], output: str,
            to: str | None, language_check: str | None, fail_on: str | None,
            input_format: str | None, encoding: str | None) -> None:
    """Generate titles, bullets, descriptions and search terms from templates.

    Text is translated from the translation memory, then by the configured engine; text
    neither can translate is reported as pending and its SKU is left out, never written
    untranslated. Every generated field is re-checked against the marketplace.

    \b
    Example:
      listingkit generate products.csv -p amazon-de -o amazon-de.txt
      listingkit generate products.csv -p amazon-fr --translator libre \\
          --translator-url http://localhost:5000 -o amazon-fr.txt
    """
    from listingkit.catalogue import write_catalogue
    from listingkit.generate import Generator
    from listingkit.lexicons import word_list
    from listingkit.rules.base import RANK
    from listingkit.spool import Spool
    from listingkit.translate import Glossary, Memory, TranslationService, default_path
    from listingkit.translate.engine import Engine

    config = state.config
    market = state.marketplace(platform)
    lang = config.pick(lang, "generate.lang", market.language)
    if lang not in market.languages:
        raise ConfigError(f"marketplace {market.id!r} serves {', '.join(market.languages)}, "
                          f"not {lang!r}")
    source = config.pick(source_lang, "translate.source_lang", "en")
    engine = config.pick(translator, "translate.engine", "none")
    glossary = Glossary([*word_list("do-not-translate", source),
                         *config.get("translate.glossary", []), *terms])
    factory = None
    if engine != "none":
        url = config.pick(translator_url, "translate.url")
        options = {"api_key_env": config.get("translate.api_key_env"), "url": url,
                   "timeout": config.get("translate.timeout", 30.0),
                   "retries": config.get("translate.retries", 3),
                   "max_wait": config.get("translate.max_wait", 120.0)}
        Engine(engine, source, lang, **options)  # fail early on a bad name, key or language

        def factory(src: str, tgt: str) -> Engine:
            return Engine(engine, src, tgt, **options)

    folder = config.pick(templates, "generate.templates")
    if templates is None and folder:
        folder = str(config.resolve(folder))
    listings = state.catalogue(catalogue, input_format, encoding)
    state.require_listings(listings)  # (before the memory is opened or anything written)
    if factory is None:
        # read through once first: a bad row stops the run before the memory records a
        # chunk's pending texts (with an engine, the progress bar's counting pass does this)
        for _ in listings:
            pass
    tm_path = memory or default_path(config)
    # the listings to write and the findings to print wait on disk, not in memory, until every
    # SKU has been generated: the catalogue streams through (see Generator.run)
    with Spool[Any]("generated listings", output) as ready, \
            Spool[str]("findings", output) as found:
        with Memory(tm_path) as tm:
            service = TranslationService(tm, factory, glossary,
                                         batch_size=config.get("translate.batch_size", 50),
                                         max_failures=config.get("translate.max_failures", 5))
            generator = Generator(market, lang, service, source_lang=source, templates=folder,
                                  language_check=config.pick(language_check,
                                                             "generate.language_check",
                                                             "fields"),
                                  config=config)
            bar = _Progress(enabled=factory is not None)
            try:
                count, worst = _collect(generator.run(listings, bar.update), ready, found)
            finally:
                bar.close()
        if ready:
            written = write_catalogue(lambda: iter(ready), output, to=to or market.upload_format)
            where = f" to {output}"
        else:  # (an empty file would replace the output of an earlier run)
            written, where = 0, f"; nothing written, {output} left as it was"
        for line in found:
            click.echo(line, err=True)
    counts = service.stats.counts
    summary = ", ".join(f"{counts[k]} {k}" for k in sorted(counts)) or "nothing to translate"
    click.echo(f"wrote {written} of {count} SKUs for {market.id} ({lang}){where}; "
               f"translations: {summary}; {service.stats.calls} engine calls", err=True)
    limit = RANK[config.pick(fail_on, "generate.fail_on", "error")]
    sys.exit(EXIT_FINDINGS if worst >= limit else EXIT_OK)


def _collect(results: Iterable[Any], ready: Spool[Any], found: Spool[str]) -> tuple[int, int]:
    """Each SKU's result as it is generated: its listing into ``ready`` when it may be
    written, its findings' lines into ``found``; gives the count of SKUs and the rank of the
    most severe finding (:data:`~listingkit.rules.base.RANK`, as check's --fail-on; 0 without
    one)."""
    from listingkit.rules.base import RANK

    count = worst = 0
    for result in results:
        count += 1
        if result.complete:
            ready.add(result.listing)
        for finding in result.findings:
            found.add(finding.line())
            worst = max(worst, RANK.get(finding.severity, 0))
    return count, worst


class _Progress:
    """A click progress bar over engine work, shown only when an engine is in use."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="translating", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
