"""Where every output pixel comes from: pure arithmetic on sizes, no pixels.

Fit modes use Pillow's vocabulary (``ImageOps``): ``contain`` (fit inside the box, keep the
aspect, no padding), ``cover`` (cover the box, keep the aspect, no crop), ``fit`` (cover the box
and crop the overflow, centred) and ``pad`` (contain, then pad to the box with the background).
Without ``upscale`` nothing is enlarged: the box shrinks to the image at the box's aspect, so
the aspect ratio is always right and no pixels are invented.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """One output: take ``box`` (fractions of the upright source), resize it to ``resize``,
    paste it at ``offset`` on a ``canvas``. ``scale`` = output pixels per source pixel."""

    box: tuple[float, float, float, float]
    resize: tuple[int, int]
    canvas: tuple[int, int]
    offset: tuple[int, int]
    scale: float
    upscaled: bool


def plan(source: tuple[int, int], target: tuple[int, int], fit: str,
         upscale: bool = False) -> Plan:
    """The plan for one source size, target box and fit mode."""
    w, h = source
    tw, th = target
    if fit in ("contain", "pad"):
        s = min(tw / w, th / h)
    elif fit in ("cover", "fit"):
        s = max(tw / w, th / h)
    else:
        raise ValueError(f"unknown fit mode {fit!r}")
    if s > 1 and not upscale:
        tw, th, s = max(1, round(tw / s)), max(1, round(th / s)), 1.0
    if fit == "fit":
        bw, bh = min(w, tw / s), min(h, th / s)
        x0, y0 = (w - bw) / 2, (h - bh) / 2
        box = (x0 / w, y0 / h, (x0 + bw) / w, (y0 + bh) / h)
        return Plan(box, (tw, th), (tw, th), (0, 0), s, s > 1)
    rw, rh = max(1, round(w * s)), max(1, round(h * s))
    if fit == "pad":
        canvas = (max(tw, rw), max(th, rh))
        offset = ((canvas[0] - rw) // 2, (canvas[1] - rh) // 2)
    else:
        canvas, offset = (rw, rh), (0, 0)
    return Plan((0.0, 0.0, 1.0, 1.0), (rw, rh), canvas, offset, s, s > 1)


def aspect_value(text: str) -> float:
    """``"4:3"`` -> 1.333..."""
    a, b = text.split(":")
    return float(a) / float(b)
