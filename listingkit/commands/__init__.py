"""The ``listingkit`` command line: one click group, one error boundary, lazy commands.

Each command lives in its own module here and is imported only when it runs (or when help
lists it), so ``listingkit --help`` never imports spaCy, Pillow or deep-translator. Commands
are glue: parse flags, call one package function, report, return an exit code.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import os
import re
import signal
import sys
from typing import Any

import click

from listingkit import __version__
from listingkit.errors import EXIT_USAGE, ListingkitError

#: command name -> module under listingkit.commands that defines ``command``
COMMANDS = {
    "check": "check",
    "rules": "rules",
    "convert": "convert",
    "keywords": "keywords",
    "generate": "generate",
    "tm": "tm",
    "images": "images",
    "platforms": "platforms",
    "score": "score",
    "optimize": "optimize",
}

#: the one-line help `listingkit --help` lists, so listing commands imports none of them
#: (tests/test_cli.py keeps each line equal to its command's own short help)
SUMMARIES = {
    "check": "Check listings against a marketplace's rules, like a linter.",
    "rules": "List the rules of `listingkit check`, or explain one.",
    "convert": "Convert a catalogue to another format.",
    "keywords": "Rank the words competitors use; clean keyword lists.",
    "generate": "Generate titles, bullets, descriptions and search terms from templates.",
    "tm": "Translation memory: export for review, import reviewed translations, stats.",
    "images": "Resize and convert product images for each marketplace, and check them.",
    "platforms": "List marketplaces, or show one marketplace's whole spec with sources.",
    "score": "Score each listing 0-100 with a per-criterion breakdown and suggestions.",
    "optimize": "Rewrite titles and search terms for a marketplace, deterministically.",
}


#: click's message for a path of the wrong kind: "File 'x' is a directory." (see click.Path)
_WRONG_KIND = re.compile(r"\w+ (?P<name>'.*'|\".*\") is a (?P<kind>directory|file)\.")


class OneLineUsageError(click.ClickException):
    """A usage error shown as one ``Error:`` line (click prints usage, a hint, then the error:
    four lines); ``--help`` and a bare command still print their help."""

    exit_code = EXIT_USAGE

    @classmethod
    def of(cls, exc: click.UsageError) -> OneLineUsageError:
        found = _WRONG_KIND.fullmatch(exc.message) if isinstance(exc, click.BadParameter) \
            else None
        if found:
            with contextlib.suppress(ValueError, SyntaxError):
                name = ast.literal_eval(found["name"])
                return cls(f"{name}: is a folder, not a file" if found["kind"] == "directory"
                           else f"{name}: is a file, not a folder")
        text = " ".join(exc.format_message().split())
        if exc.ctx is not None and exc.ctx.command.get_help_option(exc.ctx) is not None:
            text = f"{text.rstrip('.')}; see '{exc.ctx.command_path} --help'"
        return cls(text)


class LazyGroup(click.Group):
    """A group that imports a command's module on first use and maps errors to one line."""

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise OneLineUsageError.of(exc) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        return importlib.import_module(f"listingkit.commands.{module}").command  # type: ignore[no-any-return]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUMMARIES.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            from listingkit.errors import suggest

            ctx.fail(f"no such command {name!r}{suggest(name, COMMANDS)}")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ListingkitError as exc:
            if ctx.params.get("traceback"):
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise OneLineUsageError.of(exc) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP (errors.Interrupted)
            if ctx.params.get("traceback"):
                raise
            number = getattr(exc, "signum", signal.SIGINT)
            start = "\n" if number == signal.SIGINT and sys.stderr.isatty() else ""  # (^C)
            click.echo(f"{start}Error: interrupted by {signal.Signals(number).name}; no output "
                       "was left half-written", err=True)
            ctx.exit(128 + number)
        except Exception as exc:
            if ctx.params.get("traceback"):
                raise
            click.echo(f"Error: internal error: {type(exc).__name__}: {exc} "
                       "(rerun with --traceback and report it)", err=True)
            ctx.exit(EXIT_USAGE)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"],
                                              "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="listingkit")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (default: listingkit.toml or pyproject.toml found upward).")
@click.option("--traceback", is_flag=True, help="Show the full traceback on errors.")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, traceback: bool) -> None:
    """Write, optimise and check product listings for every marketplace.

    Reads the catalogues operators really have (Amazon flat files, Shopify, eBay, Google
    Merchant Center, CSV, XLSX, JSON) and works offline, in bulk and in CI.
    """
    from listingkit.commands.state import State

    ctx.obj = State(config_path=config_path)


#: environment defaults the command sets unless the user has: listingkit does no linear algebra,
#: so the thread pool OpenBLAS starts when numpy is imported (by rapidfuzz's ``cdist``, for
#: C006 and keyword variants) only burns CPU time: 0.045 s per run on a 2-core machine
RUNTIME_DEFAULTS = {"OPENBLAS_NUM_THREADS": "1"}


def _interrupt(signum: int, _frame: object) -> None:
    from listingkit.errors import Interrupted

    raise Interrupted(signum)


def handle_termination() -> None:
    """SIGTERM and SIGHUP end a run the way Ctrl-C does (see :class:`errors.Interrupted`):
    killed where it stood, a run left its temporary files behind. A signal set to be ignored
    (``nohup``) stays ignored."""
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, _interrupt)


def main() -> None:
    """Console-script entry point."""
    for name, value in RUNTIME_DEFAULTS.items():
        os.environ.setdefault(name, value)
    handle_termination()
    cli(prog_name="listingkit")
