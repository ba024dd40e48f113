"""The scoring policy for one marketplace: criteria weights and parameters.

The policy is listingkit's own, not a marketplace fact, so it lives in the spec's ``[score]``
table (``amazon-us.toml`` holds the full set; other specs inherit it through ``extends`` or set
their own) and the user's config ``[score]`` overrides it. The numbers a criterion measures
against (title limits, the visible part on mobile, the search-terms budget, capitalisation)
are the marketplace's facts, read from the spec's ``fields`` tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from listingkit.errors import ConfigError, suggest

#: Every criterion, in report order.
CRITERIA = ("compliance", "length", "front_loading", "keywords", "stuffing", "capitalisation",
            "attributes", "language")

#: Used only when neither the spec nor the config says (mirrors amazon-us.toml's [score]).
FALLBACK: dict[str, Any] = {
    "weights": {"compliance": 20, "length": 10, "front_loading": 15, "keywords": 25,
                "stuffing": 10, "capitalisation": 5, "attributes": 10, "language": 5},
    "error_cap": 40, "warning_penalty": 0.25, "sweet_spot": [0.75, 1.5],
    "sweet_spot_of_max": [0.6, 1.0], "over_sweet_floor": 0.5, "search_terms_share": 0.3,
    "search_terms_fill": 0.8, "visible_chars": 80, "top_keywords": 20, "front_keywords": 3,
    "placement": {"title": 1.0, "bullets": 0.6, "search_terms": 0.5, "description": 0.3},
    "repeat_penalty": 0.34, "attributes": ["size", "color", "pack_count", "material"],
    "self_bank_min": 5, "bank_sample": 10000, "check": True, "add_keywords": 3,
    "add_min_share": 0.25, "add_min_competitors": 5, "add_needs_evidence": True,
    "relevance_min_share": 0.3,
}


@dataclass(frozen=True)
class Policy:
    """Weights, parameters and the marketplace facts the criteria need."""

    market_id: str
    weights: dict[str, float]
    params: dict[str, Any]
    title_max: int
    title_max_bytes: int | None
    sweet: tuple[int, int]
    visible: int
    search_bytes: int | None
    search_separator: str
    capitalisation: str
    max_repeats: int
    languages: tuple[str, ...]
    lang: str
    sources: dict[str, str] = field(default_factory=dict)

    def p(self, name: str) -> Any:
        return self.params[name]


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def build_policy(market: Any, config: Any = None) -> Policy:
    """The policy for ``market``: FALLBACK, then the spec's [score], then the config's."""
    spec = market.data.get("score", {}) or {}
    user = (config.get("score", {}) if config is not None else {}) or {}
    sources = {"spec": market.origin if spec else "", "config": "config [score]" if user else ""}
    params = _merge(_merge(FALLBACK, spec), user)
    weights = dict(params.pop("weights"))
    mine = str(getattr(config, "path", None) or "config")
    for label, layer in ((market.origin, spec), (mine, user)):
        for name, weight in (layer.get("weights") or {}).items():
            if name not in CRITERIA:
                raise ConfigError(f"{label}: score.weights: unknown criterion {name!r}"
                                  f"{suggest(name, CRITERIA)}; known: {', '.join(CRITERIA)}")
            if not isinstance(weight, (int, float)) or weight < 0:  # (the schemas say so too)
                raise ConfigError(f"{label}: score.weights.{name}: must be a number >= 0")
    title_max = int(market.value("fields.title.max_chars", 200))
    recommended = market.value("fields.title.recommended_chars", None)
    if recommended:
        lo, hi = params["sweet_spot"]
        basis = int(recommended)
    else:
        lo, hi = params["sweet_spot_of_max"]
        basis = title_max
    sweet = (max(1, round(lo * basis)), max(1, min(title_max, round(hi * basis))))
    visible = int(market.value("fields.title.visible_chars", params["visible_chars"]))
    return Policy(
        market_id=market.id, weights={k: float(v) for k, v in weights.items()}, params=params,
        title_max=title_max, title_max_bytes=market.value("fields.title.max_bytes", None),
        sweet=(min(sweet), max(sweet)), visible=min(visible, title_max),
        search_bytes=market.value("fields.search_terms.max_bytes", None),
        search_separator=str(market.value("fields.search_terms.separator", " ")),
        capitalisation=str(market.value("fields.title.capitalisation", "any")),
        max_repeats=int(market.value("fields.title.max_word_repeats", 2)),
        languages=tuple(market.languages), lang=market.language, sources=sources)
