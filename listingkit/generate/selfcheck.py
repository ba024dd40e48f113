"""Re-check every generated field against the marketplace before it is written.

The marketplace's check rules (``listingkit check``: limits, prohibited words and characters,
HTML, emoji, ...) run on each generated listing through ``listingkit.lint``; only findings on
the generated fields are kept, and ``L001`` is left to the language check below, which knows
the *target* language. Should the rules be unavailable, a fallback checks the spec's limits
(``fields.<field>.max_chars`` / ``max_bytes``; for bullets ``max_count`` and
``max_item_chars`` / ``max_item_bytes``) and required fields.

The language of each long enough field is identified with seeded langdetect among the
plausible languages; a different language than the one asked for is a finding (the usual
cause: a segment the engine echoed back, or a memory entry in the wrong language).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from listingkit.errors import where
from listingkit.listing import Listing

FIELDS = ("title", "bullets", "description", "search_terms")


@dataclass(frozen=True)
class Finding:
    """One problem with one SKU's generated output."""

    sku: str
    field: str
    code: str
    severity: str  # "error" (the SKU is not written) or "warning"
    message: str
    file: str | None = None
    row: int | None = None

    def line(self) -> str:
        return f"{where(self.file, self.row, self.sku, self.field)}: {self.severity}: " \
               f"{self.message} [{self.code}]"


def limits(marketplace: Any) -> dict[str, tuple[int, str]]:
    """field -> (limit, 'chars'|'bytes') for truncation; bytes win when both are given."""
    out: dict[str, tuple[int, str]] = {}
    for name in FIELDS:
        prefix = "fields.bullets.max_item_" if name == "bullets" else f"fields.{name}.max_"
        for unit in ("chars", "bytes"):
            value = marketplace.value(prefix + unit, None)
            if value is not None and (name not in out or unit == "bytes"):
                out[name] = (int(value), unit)
    return out


def _size(text: str, unit: str) -> int:
    return len(text.encode("utf-8")) if unit == "bytes" else len(text)


def rules_runner(marketplace: Any, config: Any = None) -> Any | None:
    """The check runner for the marketplace (config ``[check]`` selection applies), or None
    when the check rules are not installed."""
    try:
        from listingkit import lint
        from listingkit.rules.context import Context
    except ImportError:
        return None
    get = config.get if config is not None else (lambda key, default=None: default)
    return lint.Runner(Context(marketplace, config), select=get("check.select"),
                       extend_select=get("check.extend_select", ()) or (),
                       ignore=[*(get("check.ignore", ()) or ()), "L001"])


def check(listing: Listing, marketplace: Any, lang: str, candidates: Iterable[str],
          make: Any, neutral: Callable[[str], str] = lambda text: text,
          language_check: str = "fields", ruled: Any = None) -> list[Finding]:
    """Findings for one generated listing; ``make(field, code, severity, message)`` builds one.
    ``neutral`` removes what has no language (brands, model numbers) before identification;
    ``ruled`` is check's findings on the listing (from :func:`rules_runner`'s runner, which
    the generator runs over a chunk of listings at once), or None for the built-in limit
    checks."""
    if ruled is not None:
        found = [make(f.field, f.code, f.severity, f.message)
                 for f in ruled if f.field in FIELDS]
    else:
        found = limit_findings(listing, marketplace, make)
    found.extend(language_findings(listing, lang, candidates, make, neutral, language_check))
    return found


def limit_findings(listing: Listing, marketplace: Any, make: Any) -> list[Finding]:
    """The fallback: the spec's length limits, bullet count and required fields."""
    found: list[Finding] = []
    for name in FIELDS:
        values = listing.bullets if name == "bullets" else [listing.text(name)]
        prefix = "fields.bullets.max_item_" if name == "bullets" else f"fields.{name}.max_"
        for unit in ("chars", "bytes"):
            fact = marketplace.fact(prefix + unit)
            if fact is None:
                continue
            for index, value in enumerate(values, 1):
                if _size(value, unit) > fact.value:
                    label = f"bullet {index}" if name == "bullets" else name
                    found.append(make(name, f"{name}-too-long", "error" if not fact.uncertain
                                      else "warning", f"{label} is {_size(value, unit)} {unit}, "
                                      f"the limit is {fact.value}"))
        if name == "bullets":
            most = marketplace.value("fields.bullets.max_count", None)
            if most is not None and len(values) > most:
                found.append(make(name, "bullets-too-many", "warning",
                                  f"{len(values)} bullets, the marketplace takes {most}"))
        required = marketplace.fact(f"fields.{name}.required")
        if required and required.value and not any(v.strip() for v in values):
            found.append(make(name, f"{name}-empty", "warning" if required.uncertain
                              else "error", f"{name} is empty"))
    return found


def language_findings(listing: Listing, lang: str, candidates: Iterable[str], make: Any,
                      neutral: Callable[[str], str] = lambda text: text,
                      mode: str = "fields") -> list[Finding]:
    """``mode``: ``fields`` identifies title, bullets and description one by one (names the
    field); ``listing`` identifies them together, one call per SKU (about 3x faster, misses a
    single stray field); ``off`` skips it."""
    if mode == "off":
        return []
    plausible = tuple(sorted(set(candidates) | {lang}))
    texts = {name: neutral(listing.text(name)) for name in ("title", "bullets", "description")}
    if mode == "listing":
        texts = {"listing": "\n".join(texts.values())}
    found = []
    for name, text in texts.items():
        guess = _detect(text, plausible)
        if guess is not None and guess.lang != lang and guess.probability >= 0.6:
            found.append(make(name, "wrong-language", "warning",
                              f"reads as {guess.lang} ({guess.probability:.0%}), not {lang}"))
    return found


@lru_cache(maxsize=20_000)
def _detect(text: str, candidates: tuple[str, ...]) -> Any:
    """Seeded detection, remembered: variants of one product repeat the same bullets."""
    from listingkit.language import detect

    return detect(text, candidates)
