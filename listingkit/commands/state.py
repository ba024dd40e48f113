"""What every command shares for one run: the config, loaded once, and the marketplaces."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from listingkit.config import Config


class State:
    """Per-invocation state, created by the group and passed to commands as ``ctx.obj``."""

    def __init__(self, config_path: str | None = None) -> None:
        self.config_path = config_path
        self.extra_specs: tuple[str, ...] = ()

    @cached_property
    def config(self) -> Config:
        from listingkit.config import load_config  # not for --help

        return load_config(self.config_path)

    @cached_property
    def registry(self) -> Any:
        return self.config.registry(self.extra_specs)

    def marketplace(self, ident: str | None) -> Any:
        """The marketplace named by ``--platform``, else the config's ``platform``."""
        from listingkit.errors import ConfigError

        chosen = self.config.pick(ident, "platform")
        if not chosen:
            raise ConfigError("no marketplace given: pass --platform ID (or set platform in "
                              "config); `listingkit platforms` lists them")
        return self.registry.get(chosen)

    def marketplace_if_any(self, ident: str | None) -> Any:
        """The marketplace named by ``--platform`` or the config's ``platform``; None when
        neither names one (for commands where a marketplace is optional)."""
        return self.marketplace(ident) if ident or self.config.get("platform") else None

    def catalogue(self, path: str, input_format: str | None, encoding: str | None,
                  require: tuple[str, ...] = ("sku", "title")) -> Any:
        """The catalogue at ``path``; a tabular file needs a column for each of ``require``."""
        from listingkit.catalogue import Catalogue

        return Catalogue(path, input_format=self.config.pick(input_format, "input_format"),
                         encoding=self.config.pick(encoding, "encoding"),
                         columns=self.config.get("columns", {}), require=require,
                         split=self.config.get("split", {}))

    @staticmethod
    def require_listings(catalogue: Any) -> None:
        """Refuse a catalogue that has a header but no listings before any output is opened,
        so an empty result never replaces an existing output (exit 2, like score)."""
        from listingkit.errors import InputError

        if next(iter(catalogue), None) is None:
            what = "an empty list" if catalogue.container == "json" else "a header but no rows"
            raise InputError(f"{catalogue.path}: no listings found ({what}); nothing written")

    def competitors(self, path: str, input_format: str | None, encoding: str | None) -> Any:
        """A file of competitor listings: a catalogue that needs a title column, not SKUs
        (scraped and research-tool files have none)."""
        return self.catalogue(path, input_format, encoding, require=("title",))
