"""Your own rules, as data in the config, in the style of Vale.

``[[tool.listingkit.check.rules]]`` tables, each with ``code`` (e.g. ``X001``), ``name``,
``kind``, ``message``, ``severity`` (default warning), ``fields`` (default title, bullets,
description) and ``ignorecase`` (default true), plus by kind:

- ``existence``: ``tokens = [...]``; a finding for each one present.
- ``substitution``: ``swap = {"colour" = "color"}``; a finding, with an unsafe fix, for each
  word that should be another. ``message`` may use ``{found}`` and ``{wanted}``.
- ``occurrence``: ``token`` with ``max`` and/or ``min``: how often it may appear.

Tokens are words or phrases, matched as whole words; ``regex = true`` makes them regular
expressions, run by the ``regex`` package (the syntax of Python's ``re``) with a bound of
:data:`REGEX_SECONDS` of CPU time per field: a pattern that backtracks catastrophically
("(a|aa)+$") ends the run with a one-line error naming the rule, not a hang.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

import regex

from listingkit.errors import ConfigError
from listingkit.listing import Listing
from listingkit.rules.base import Fix, Hit, Rule

KINDS = ("existence", "substitution", "occurrence")
DEFAULT_FIELDS = ("title", "bullets", "description")
#: the keys only one kind of rule takes (types and the other keys: config.schema.json)
_KIND_KEYS = {"tokens": "existence", "swap": "substitution", "token": "occurrence",
              "max": "occurrence", "min": "occurrence"}


#: the CPU seconds a user's regex may take on one field before the run stops with an error
REGEX_SECONDS = 1.0


class RegexTimeout(Exception):
    """A user's regex ran over :data:`REGEX_SECONDS` on one field."""


class Bounded:
    """A user's regular expression (``regex = true``), compiled by the ``regex`` package,
    whose ``timeout`` bounds each call. Python's ``re`` cannot be interrupted, and a pattern
    with nested quantifiers takes exponential time on a short text; the ``regex`` package is
    already installed (wordfreq needs it), reads the same syntax, and also sidesteps some
    of those patterns ("(a+)+$" runs in linear time)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.rx = regex.compile(pattern, regex.IGNORECASE if flags & re.IGNORECASE else 0)

    def finditer(self, text: str) -> list[Any]:
        try:
            return list(self.rx.finditer(text, timeout=REGEX_SECONDS))
        except TimeoutError:
            raise RegexTimeout from None

    def sub(self, repl: str, text: str) -> str:
        try:
            return self.rx.sub(repl, text, timeout=REGEX_SECONDS)
        except TimeoutError:
            raise RegexTimeout from None


def _pattern(token: str, raw: bool, flags: int, label: str) -> re.Pattern[str] | Bounded:
    if raw:
        try:
            return Bounded(token, flags)
        except regex.error as exc:
            raise ConfigError(f"{label}: bad regex {token!r}: {exc}") from None
    try:
        body = r"\s+".join(re.escape(p) for p in token.split())
        return re.compile(rf"(?<!\w){body}(?!\w)", flags)
    except re.error as exc:  # (escaped words always compile; kept as a guard)
        raise ConfigError(f"{label}: bad regex {token!r}: {exc}") from None


def build(entries: list[dict[str, Any]], taken: Iterable[str], label: str) -> list[type[Rule]]:
    """Rule classes for the config's ``check.rules`` list, which the config schema has checked
    (keys, types, code, kind, severity); a ConfigError names a bad entry."""
    used = set(taken)
    out: list[type[Rule]] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{label}: check.rules[{number}]"
        code = str(entry.get("code", ""))
        if code in used:
            raise ConfigError(f"{where}: code {code} is already taken")
        used.add(code)
        kind = entry.get("kind")
        severity = entry.get("severity", "warning")
        stray = sorted(k for k in set(entry) & _KIND_KEYS.keys() if _KIND_KEYS[k] != kind)
        if stray:
            raise ConfigError(f"{where}.{stray[0]}: only {_KIND_KEYS[stray[0]]} rules take "
                              f"{stray[0]!r}, this one is {kind}")
        flags = re.IGNORECASE if entry.get("ignorecase", True) else 0
        raw = bool(entry.get("regex", False))
        fields = tuple(entry.get("fields", DEFAULT_FIELDS))
        attrs: dict[str, Any] = {
            "code": code, "name": str(entry.get("name", f"custom.{code.lower()}")),
            "severity": severity, "field": fields[0] if len(fields) == 1 else "",
            "fields": fields, "message": str(entry.get("message", "")), "kind": kind,
            "where": where,
            "__doc__": (f"{entry.get('description') or entry.get('message') or kind} "
                        f"(your rule, {kind}).\n\nWhy: defined in {label}.\n"),
        }
        if kind == "existence":
            tokens = entry.get("tokens") or []
            if not tokens:
                raise ConfigError(f"{where}: existence rules need 'tokens'")
            attrs["patterns"] = [(t, _pattern(t, raw, flags, where)) for t in tokens]
        elif kind == "substitution":
            swap = entry.get("swap") or {}
            if not isinstance(swap, dict) or not swap:
                raise ConfigError(f"{where}: substitution rules need a 'swap' table")
            attrs["patterns"] = [(w, _pattern(k, raw, flags, where)) for k, w in swap.items()]
            attrs["fixable"] = "unsafe"
        else:
            if "token" not in entry or ("max" not in entry and "min" not in entry):
                raise ConfigError(f"{where}: occurrence rules need 'token' and 'max' or 'min'")
            attrs["patterns"] = [(entry["token"], _pattern(entry["token"], raw, flags, where))]
            low, high = entry.get("min"), entry.get("max")
            if low is not None and high is not None and low > high:
                raise ConfigError(f"{where}: 'min' ({low}) is more than 'max' ({high})")
            attrs["limits"] = (low, high)
        out.append(type(f"Custom{code}", (CustomRule,), attrs))
    return out


class CustomRule(Rule):
    """Base of the rules built from config."""

    fields: tuple[str, ...] = DEFAULT_FIELDS
    message = ""
    kind = "existence"
    patterns: ClassVar[list[tuple[str, re.Pattern[str] | Bounded]]] = []
    where = "config"
    limits: tuple[int | None, int | None] = (None, None)

    def say(self, default: str, **values: str) -> str:
        text = self.message or default
        try:
            return text.replace("%s", values.get("found", "")).format(**values)
        except (KeyError, IndexError, ValueError):
            return text

    def check(self, listing: Listing) -> Iterable[Hit]:
        for name in self.fields:
            text = listing.text(name)
            if not text and self.kind != "occurrence":
                continue
            try:
                hits = list(self.field_hits(listing, name, text))
            except RegexTimeout:
                raise ConfigError(
                    f"{self.where} ({self.code}): a regex ran over {REGEX_SECONDS:g} s on SKU "
                    f"{listing.sku!r}, {name}, and was stopped: it backtracks catastrophically "
                    "(nested quantifiers such as (a|aa)+); simplify it") from None
            yield from hits

    def field_hits(self, listing: Listing, name: str, text: str) -> Iterable[Hit]:
        if self.kind == "existence":
            for _, rx in self.patterns:
                for m in rx.finditer(text):
                    yield Hit(self.say("{found!r} is not allowed", found=m.group(0)),
                              field=name, key=m.group(0).lower())
        elif self.kind == "substitution":
            for wanted, rx in self.patterns:
                new = None  # (the same fix for every match: made once, not once a match)
                for m in rx.finditer(text):
                    if new is None:
                        new = rx.sub(wanted, text) if name != "bullets" else \
                            [rx.sub(wanted, b) for b in listing.bullets]
                    yield Hit(self.say("use {wanted!r} instead of {found!r}",
                                       found=m.group(0), wanted=wanted),
                              field=name, key=m.group(0).lower(),
                              fix=Fix(name, new, False, f"replace with {wanted!r}"))
        else:
            token, rx = self.patterns[0]
            count = len(list(rx.finditer(text)))
            low, high = self.limits
            if (high is not None and count > high) or (low is not None and count < low):
                yield Hit(self.say(f"{{found!r}} appears {count} times", found=token),
                          field=name, key=token)
