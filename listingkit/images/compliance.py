"""Image compliance rules (IMG001-IMG017), shared by ``listingkit images`` and ``check --images``.

:func:`inspect` checks one existing file against a marketplace; :func:`check_pixels` and
:func:`check_file` check measurements (see :func:`listingkit.imaging.probe`) against one preset.
A finding is a plain dict ``{"code", "severity", "message"}``; severity is ``error`` (the
marketplace rejects or suppresses it) or ``warning`` (it hurts, or we changed something).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from listingkit.images.geometry import aspect_value
from listingkit.images.presets import Preset, from_marketplace

#: code -> (severity, what the rule means)
RULES: dict[str, tuple[str, str]] = {
    "IMG001": ("error", "longest side below the marketplace minimum (not upscaled)"),
    "IMG002": ("warning", "longest side below the recommended size (e.g. no zoom on Amazon)"),
    "IMG003": ("error", "longest side above the marketplace maximum"),
    "IMG004": ("error", "main image background is not white (border analysis)"),
    "IMG005": ("warning", "product fills less of the frame than the marketplace expects"),
    "IMG006": ("warning", "aspect ratio differs from the marketplace's"),
    "IMG007": ("error", "file format not accepted by the marketplace"),
    "IMG008": ("warning", "colour mode or colour space not what the marketplace wants"),
    "IMG009": ("error", "file larger than the marketplace's byte limit"),
    "IMG010": ("warning", "animated or multi-frame file: only the first frame is used"),
    "IMG011": ("warning", "CMYK without an ICC profile: colours converted approximately"),
    "IMG012": ("error", "unreadable: corrupt, truncated, disallowed format or pixel bomb"),
    "IMG013": ("error", "the byte limit cannot be met at the quality floor"),
    "IMG014": ("error", "an image the catalogue names is not in the source folder"),
    "IMG015": ("warning", "embedded ICC profile unusable: colours taken as sRGB"),
    "IMG016": ("warning", "more images than the marketplace accepts for one listing"),
    "IMG017": ("warning", "image was upscaled (--allow-upscale)"),
}
WHITE_SHARE = 0.97   # share of the border ring that must be white
FILL_SLACK = 0.05    # tolerance under the marketplace's fill ratio


def finding(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "severity": RULES[code][0], "message": message, **extra}


def check_pixels(stats: dict[str, Any], preset: Preset) -> list[dict[str, Any]]:
    """Size, background, fill and aspect of (upright) pixels."""
    out = []
    w, h = stats["width"], stats["height"]
    longest = max(w, h)
    if preset.min_px and longest < preset.min_px:
        out.append(finding("IMG001", f"{w}x{h} px: longest side under the minimum "
                                     f"{preset.min_px} px for {preset.name}"))
    elif preset.recommended_px and longest < preset.recommended_px:
        out.append(finding("IMG002", f"{w}x{h} px: under the recommended "
                                     f"{preset.recommended_px} px for {preset.name}"))
    if preset.max_px and longest > preset.max_px:
        out.append(finding("IMG003", f"{w}x{h} px: over the maximum {preset.max_px} px"))
    if preset.aspect and preset.fit != "contain":
        want = aspect_value(preset.aspect)
        if abs(w / h - want) > 0.02 * want:
            out.append(finding("IMG006", f"aspect {w}:{h} is not {preset.aspect}"))
    if preset.role == "main" and preset.white_background and "border_white" in stats:
        share = stats["border_white"]
        if share < WHITE_SHARE:
            out.append(finding("IMG004", f"main image background is not white: only "
                                         f"{share:.0%} of the border is RGB 255 "
                                         f"({preset.name} wants pure white)"))
        elif preset.fill_ratio and stats.get("fill", 1.0) < preset.fill_ratio - FILL_SLACK:
            out.append(finding("IMG005", f"product fills {stats['fill']:.0%} of the frame; "
                                         f"{preset.name} expects about {preset.fill_ratio:.0%}"))
    return out


def check_file(stats: dict[str, Any], preset: Preset) -> list[dict[str, Any]]:
    """Format, colour mode/space, byte size and frames of a file as it would be uploaded."""
    out = []
    fmt = stats.get("format", "")
    if preset.formats and fmt not in preset.formats and not (fmt == "MPO" and "JPEG" in
                                                             preset.formats):
        out.append(finding("IMG007", f"{fmt} is not accepted ({', '.join(preset.formats)})"))
    mode = stats.get("mode", "")
    modes = preset.colour_modes or (("RGB", "L") if preset.colour_space == "sRGB" else ())
    if modes and mode not in modes and not (mode in ("L", "P") and "RGB" in modes):
        out.append(finding("IMG008", f"colour mode {mode} is not one of {', '.join(modes)}"))
    icc = stats.get("icc", "")
    if preset.colour_space == "sRGB" and icc and "srgb" not in icc.lower():
        out.append(finding("IMG008", f"embedded profile {icc!r} is not sRGB; convert it"))
    if preset.max_bytes and stats.get("bytes", 0) > preset.max_bytes:
        out.append(finding("IMG009", f"{stats['bytes']} bytes, over the "
                                     f"{preset.max_bytes}-byte limit"))
    if stats.get("frames", 1) > 1:
        out.append(finding("IMG010", f"{stats['frames']} frames; marketplaces show the first"))
    return out


def inspect(path: str | Path, marketplace: Any, role: str = "main",
            max_pixels: int | None = None) -> list[dict[str, Any]]:
    """Check an existing image file against ``marketplace``'s ``main`` or ``other`` preset.

    Never raises for a bad image: an unreadable file is an IMG012 finding.
    """
    from listingkit import imaging

    preset = from_marketplace(marketplace)[role]
    try:
        stats = imaging.probe(path, max_pixels=max_pixels or imaging.DEFAULT_MAX_PIXELS)
    except imaging.ImageError as exc:
        return [finding(exc.code, str(exc))]
    notes = [finding(code, msg) for code, msg in stats.pop("notes", [])
             if code not in ("IMG010",)]
    return check_pixels(stats, preset) + check_file(stats, preset) + notes
