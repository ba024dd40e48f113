"""Errors written for users.

Every error the user can cause is a :class:`ListingkitError`. The command line catches that one
class at a single boundary (``listingkit.commands``), prints one line and exits with
:data:`EXIT_USAGE`. Library code never prints.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is (as Ctrl-C raises KeyboardInterrupt),
    so that every cleanup runs: temporary files removed, the manifest saved, locks released.
    The command line ends it with one line and exit code 128 + ``signum``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class ListingkitError(Exception):
    """A problem the user can fix: bad input, bad config, a missing file."""

    exit_code = EXIT_USAGE


class ConfigError(ListingkitError):
    """The project configuration or a command-line option is wrong."""


class SpecError(ListingkitError):
    """A marketplace spec file is missing or invalid."""


class InputError(ListingkitError):
    """An input file (catalogue, image, template, keyword list) cannot be used."""


class OutputError(ListingkitError):
    """An output could not be written; nothing partial was left behind."""


def suggest(word: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def shown(value: object, limit: int = 60) -> str:
    """A user's value quoted for a one-line message, cut to ``limit`` characters when it is
    longer (a 100,000-character field must not become a 100,000-character error line)."""
    text = value if isinstance(value, str) else str(value)
    return repr(text) if len(text) <= limit else repr(text[:limit - 1] + "…")


def where(file: object = None, row: int | None = None, sku: str | None = None,
          field: str | None = None) -> str:
    """Format a location as ``file:row: SKU x field y`` for one-line messages."""
    parts = []
    if file is not None:
        parts.append(f"{file}:{row}" if row is not None else str(file))
    elif row is not None:
        parts.append(f"row {row}")
    if sku:
        parts.append(f"SKU {sku!r}")
    if field:
        parts.append(f"field {field!r}")
    return ": ".join(parts[:1]) + (" " + " ".join(parts[1:]) if len(parts) > 1 else "")
