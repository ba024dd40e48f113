"""Output presets: what a marketplace wants for its main and other images.

A preset is read from a spec's ``images.main`` / ``images.other`` facts, or from the config
(``[tool.listingkit.images.presets.NAME]``, plain values, like imgproxy's named presets). A
config preset may start from a marketplace (``base = "amazon-us"``, the default when NAME is a
marketplace id) and override keys for both roles; without a base it applies to every image.
Every preset is checked as a whole when it is built, before any image is touched.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from listingkit.errors import ConfigError, SpecError
from listingkit.images.geometry import aspect_value

ROLES = ("main", "other")
FITS = ("contain", "cover", "fit", "pad")
OUTPUT_FORMATS = ("JPEG", "PNG", "WEBP")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_KEYS = ("min_px", "recommended_px", "max_px", "target_px", "aspect", "fit", "background",
         "formats", "format", "quality", "max_bytes", "colour_space", "colour_modes",
         "white_background", "fill_ratio", "max_count")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Preset:
    """One output specification (plain values; ``None`` = the marketplace states nothing)."""

    platform: str                      # the folder name: marketplace id or config preset name
    role: str                          # main | other
    target: tuple[int, int]
    fit: str = "contain"
    background: str = "#FFFFFF"
    format: str = "JPEG"
    quality: int = 90
    max_bytes: int | None = None
    min_px: int | None = None
    recommended_px: int | None = None
    max_px: int | None = None
    aspect: str | None = None
    formats: tuple[str, ...] = ()
    colour_space: str = "sRGB"
    colour_modes: tuple[str, ...] = ()
    white_background: bool = False
    fill_ratio: float | None = None
    max_count: int | None = None

    @property
    def name(self) -> str:
        return f"{self.platform}.{self.role}"

    @property
    def ext(self) -> str:
        return EXTENSIONS[self.format]

    def render_key(self, upscale: bool, floor: int) -> str:
        """A digest of everything that changes the output bytes (for the manifest)."""
        data = [list(self.target), self.fit, self.background, self.format, self.quality,
                self.max_bytes, upscale, floor]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]


def _check(p: Preset, label: str, error: type[Exception]) -> Preset:
    def bad(msg: str) -> Exception:
        return error(f"{label}: image preset {p.name}: {msg}")

    if p.fit not in FITS:
        raise bad(f"fit {p.fit!r} is not one of {', '.join(FITS)}")
    if p.format not in OUTPUT_FORMATS:
        raise bad(f"format {p.format!r} is not one of {', '.join(OUTPUT_FORMATS)}")
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", p.background):
        raise bad(f"background {p.background!r} is not #RRGGBB")
    if not 1 <= p.quality <= 100:
        raise bad(f"quality {p.quality} is not 1-100")
    if len(p.target) != 2 or min(p.target) < 1:
        raise bad(f"target_px {list(p.target)} must be two positive integers")
    if p.formats and p.format not in p.formats:
        raise bad(f"format {p.format} is not among the accepted formats {list(p.formats)}")
    longest = max(p.target)
    if p.min_px and longest < p.min_px:
        raise bad(f"target_px {list(p.target)} is below min_px {p.min_px}")
    if p.max_px and longest > p.max_px:
        raise bad(f"target_px {list(p.target)} is above max_px {p.max_px}")
    if p.aspect:
        try:
            want = aspect_value(p.aspect)
        except (ValueError, ZeroDivisionError):
            raise bad(f"aspect {p.aspect!r} is not W:H") from None
        if p.fit in ("pad", "fit") and abs(p.target[0] / p.target[1] - want) > 0.01 * want:
            raise bad(f"target_px {list(p.target)} does not have the aspect {p.aspect}")
    if p.max_bytes is not None and p.max_bytes < 1024:
        raise bad(f"max_bytes {p.max_bytes} is too small to hold an image")
    return p


def _build(platform: str, role: str, values: dict[str, Any], label: str,
           error: type[Exception]) -> Preset:
    target = values.get("target_px")
    if target is None:
        side = values.get("recommended_px") or values.get("min_px")
        if not side:
            raise error(f"{label}: image preset {platform}.{role}: needs target_px (or "
                        "recommended_px)")
        ratio = aspect_value(values["aspect"]) if values.get("aspect") else 1.0
        target = [side, round(side / ratio)] if ratio >= 1 else [round(side * ratio), side]
    kwargs = {k: v for k, v in values.items() if k in _KEYS and k != "target_px"}
    for key in ("formats", "colour_modes"):
        if key in kwargs:
            kwargs[key] = tuple(str(v).upper() for v in kwargs[key])
    if "format" in kwargs:
        kwargs["format"] = str(kwargs["format"]).upper()
    return _check(Preset(platform=platform, role=role, target=(int(target[0]), int(target[1])),
                         **kwargs), label, error)


def from_marketplace(market: Any) -> dict[str, Preset]:
    """``{"main": Preset, "other": Preset}`` from a spec (``other`` falls back to ``main``)."""
    found: dict[str, dict[str, Any]] = {}
    for role in ROLES:
        values = {key: market.value(f"images.{role}.{key}", None) for key in _KEYS}
        values = {k: v for k, v in values.items() if v is not None}
        if values:
            found[role] = values
    if "main" not in found:
        raise SpecError(f"{market.origin}: marketplace {market.id!r} has no images.main facts, "
                        "so it has no image preset")
    found.setdefault("other", {k: v for k, v in found["main"].items()
                               if k not in ("white_background", "fill_ratio")})
    return {role: _build(market.id, role, found[role], market.origin, SpecError)
            for role in ROLES}


def from_config(name: str, values: dict[str, Any], registry: Any) -> dict[str, Preset]:
    """A named config preset; ``base`` (or NAME itself) may name a marketplace to start from."""
    label = f"config images.presets.{name}"
    if not _NAME.match(name):
        raise ConfigError(f"{label}: preset names are lower-case letters, digits, . _ -")
    base = values.get("base") or (name if name in registry.ids() else None)
    own = {k: v for k, v in values.items() if k != "base"}
    if base is None:
        return {role: _build(name, role, own, label, ConfigError) for role in ROLES}
    presets = from_marketplace(registry.get(base))
    out = {}
    for role, preset in presets.items():
        merged = {**{k: v for k, v in asdict(preset).items() if k in _KEYS},
                  "target_px": list(preset.target), **own}
        out[role] = _build(name, role, merged, label, ConfigError)
    return out


def resolve(names: list[str], registry: Any,
            config_presets: dict[str, Any]) -> list[dict[str, Preset]]:
    """Presets for ``--platform a,b,c``: config presets first, then marketplace ids."""
    out = []
    for name in names:
        if name in config_presets:
            out.append(from_config(name, dict(config_presets[name]), registry))
        else:
            out.append(from_marketplace(registry.get(name)))
    return out


def with_options(preset: Preset, **changes: Any) -> Preset:
    return replace(preset, **changes)
