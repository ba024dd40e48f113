"""Pixels: the one module that imports Pillow.

Everything that touches image bytes lives here: a guarded open (format allow-list, a pixel
limit checked on the header before any decoding), one decode per source with JPEG DCT scaling
(``draft``), EXIF orientation, colour management to sRGB through littlecms, 16-bit and alpha
handling, resizing, flattening, encoding under a byte budget, and the measurements compliance
checks need. The rest of the pipeline (``listingkit.images``) works on the plain values and the
opaque image objects these functions return.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageCms, ImageOps, UnidentifiedImageError

from listingkit.errors import InputError

#: Input formats Pillow may even try to parse; every other plugin stays unused.
DEFAULT_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "TIFF", "AVIF", "BMP")
#: Default pixel limit (width x height from the header), checked before decoding.
DEFAULT_MAX_PIXELS = 64_000_000
_SNIFF = {b"8BPS": "PSD", b"%PDF": "PDF", b"<svg": "SVG", b"<?xm": "SVG/XML",
          b"\x00\x00\x00\x0c": "JPEG 2000"}


class ImageError(InputError):
    """One image cannot be used; ``code`` is the compliance rule (IMG0xx) it maps to."""

    def __init__(self, message: str, code: str = "IMG012") -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Decoded:
    """One decoded source: sRGB pixels (RGB or RGBA), already upright."""

    image: Any
    format: str
    size: tuple[int, int]           # full-resolution size, upright (what the photo displays as)
    mode: str                       # the file's own mode (CMYK, P, I;16, ...)
    frames: int = 1
    icc: str = ""                   # description of the embedded profile, "" when none
    notes: list[tuple[str, str]] = field(default_factory=list)  # (code, message)


def _sniff(path: Path) -> str:
    try:
        head = path.read_bytes()[:16] if path.stat().st_size < 64 else path.open("rb").read(16)
    except OSError:
        return ""
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "HEIC"
    return next((name for magic, name in _SNIFF.items() if head.startswith(magic)), "")


def open_checked(path: str | Path, max_pixels: int = DEFAULT_MAX_PIXELS,
                 formats: tuple[str, ...] = DEFAULT_FORMATS) -> Any:
    """Open ``path`` lazily (header only) or raise ImageError: unknown, disallowed, bomb."""
    path = Path(path)
    Image.MAX_IMAGE_PIXELS = max_pixels  # Pillow's own guard (it errors at twice this)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(path, formats=list(formats))
    except FileNotFoundError:
        raise ImageError(f"{path}: file not found") from None
    except UnidentifiedImageError:
        kind = _sniff(path)
        what = f"{kind} is not an allowed format" if kind else "not a readable image"
        raise ImageError(f"{path}: {what} (allowed: {', '.join(formats)})") from None
    except Image.DecompressionBombError:
        raise ImageError(f"{path}: declares over twice the {max_pixels / 1e6:.0f} MP limit "
                         "(images.max_pixels); refused before decoding as a decompression "
                         "bomb") from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError) as exc:
        raise ImageError(f"{path}: corrupt image header: {exc}") from None
    width, height = im.size
    if width * height > max_pixels:
        im.close()
        raise ImageError(f"{path}: {width}x{height} is {width * height / 1e6:.1f} MP, over the "
                         f"{max_pixels / 1e6:.0f} MP limit (images.max_pixels); refused before "
                         "decoding as a possible decompression bomb")
    return im


def _orientation(im: Any) -> int:
    try:
        value = int(im.getexif().get(0x0112, 1) or 1)
    except Exception:  # noqa: BLE001 - a broken EXIF block must not stop the image
        return 1
    return value if 1 <= value <= 8 else 1


@lru_cache(maxsize=1)
def _srgb() -> Any:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@lru_cache(maxsize=1)
def srgb_icc() -> bytes:
    """The sRGB profile embedded in every output (a few hundred bytes).

    littlecms stamps the creation time (and an MD5 of it) into the header; both are fixed
    here so that the same input always gives byte-identical output files.
    """
    data = bytearray(_srgb().tobytes())
    data[24:36] = bytes([0x07, 0xD0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])  # 2000-01-01 00:00:00
    data[84:100] = bytes(16)  # profile ID 0 = "not computed"
    return bytes(data)


@lru_cache(maxsize=32)
def _transform(icc: bytes, in_mode: str) -> Any:
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    return ImageCms.buildTransform(profile, _srgb(), in_mode, "RGB",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def _profile_name(icc: bytes) -> str:
    try:
        return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc))).strip()
    except (ImageCms.PyCMSError, OSError, TypeError, ValueError):
        return "(unreadable profile)"


def _sixteen_bit(im: Any) -> Any:
    """I;16/I images to 8-bit L (or LA for a tRNS colour), rescaled, never clipped."""
    import numpy as np

    arr = np.asarray(im)
    top = int(arr.max(initial=0))
    top = 65535 if im.mode.startswith("I;16") or top <= 65535 else top
    grey = (np.clip(arr.astype(np.int64), 0, top) * 255 + top // 2) // top
    out = Image.fromarray(grey.astype(np.uint8), "L")
    if "transparency" in im.info:
        alpha = np.where(arr == im.info["transparency"], 0, 255).astype(np.uint8)
        out = Image.merge("LA", (out, Image.fromarray(alpha, "L")))
    return out


def _to_srgb(im: Any, icc: bytes | None, notes: list[tuple[str, str]]) -> Any:
    """Any Pillow mode to RGB or RGBA in sRGB."""
    mode = im.mode
    if mode.startswith("I;16") or mode in ("I", "F"):
        im = _sixteen_bit(im.convert("I") if mode == "F" else im)
    elif mode in ("P", "PA", "La", "RGBa", "1", "YCbCr", "RGBX", "HSV") or (
            mode in ("L", "RGB") and "transparency" in im.info):
        keep = "transparency" in im.info or mode in ("PA", "La", "RGBa")
        im = im.convert("RGBA" if keep else ("L" if mode == "1" else "RGB"))
    elif mode == "LAB":
        lab = ImageCms.createProfile("LAB")
        return ImageCms.profileToProfile(im, lab, _srgb(), outputMode="RGB")
    alpha = im.getchannel("A") if im.mode in ("LA", "RGBA") else None
    colour = im.convert(im.mode[:-1]) if alpha is not None else im
    if icc and not (colour.mode == "RGB" and _profile_name(icc).startswith("sRGB")):
        try:
            colour = ImageCms.applyTransform(colour, _transform(icc, colour.mode))
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
            why = f"embedded ICC profile not usable ({exc}); colours taken as sRGB"
            notes.append(("IMG015", why))
            icc = None
    if colour.mode == "CMYK":
        notes.append(("IMG011", ("CMYK without an ICC profile: converted with a naive "
                                 "formula, colours may be off; embed the printer profile")))
    if colour.mode != "RGB":
        colour = colour.convert("RGB")
    if alpha is not None:
        if alpha.getextrema() == (255, 255):
            return colour
        colour.putalpha(alpha)
    return colour


def decode(path: str | Path, need: float | None = None, *, max_pixels: int = DEFAULT_MAX_PIXELS,
           formats: tuple[str, ...] = DEFAULT_FORMATS, draft: bool = True) -> Decoded:
    """Decode once, upright and in sRGB; JPEGs are DCT-scaled to no less than ``need``.

    ``need`` is the largest fraction of the full-resolution size any output needs (1.0 or
    more keeps full resolution).
    """
    im = open_checked(path, max_pixels, formats)
    with im:
        fmt = im.format or "?"
        frames = int(getattr(im, "n_frames", 1) or 1)
        width, height = im.size
        if draft and need is not None and need < 1 and fmt in ("JPEG", "MPO"):
            im.draft(im.mode if im.mode in ("RGB", "L", "CMYK") else None,
                     (max(1, math.ceil(width * need)), max(1, math.ceil(height * need))))
        try:
            im.load()
        except (OSError, ValueError, SyntaxError, EOFError, IndexError) as exc:
            raise ImageError(f"{path}: truncated or corrupt image data: {exc}") from None
        except MemoryError:
            raise ImageError(f"{path}: not enough memory to decode it") from None
        notes: list[tuple[str, str]] = []
        if frames > 1:
            notes.append(("IMG010", f"{fmt} has {frames} frames; the first one is used"))
        icc = im.info.get("icc_profile") or None
        stored = im.size
        if _orientation(im) > 1 or fmt == "PNG":  # PNG may carry it in XMP only
            ImageOps.exif_transpose(im, in_place=True)
        upright = (height, width) if im.size != stored else (width, height)
        pixels = _to_srgb(im, icc, notes)
    return Decoded(pixels, fmt, upright, im.mode, frames, _profile_name(icc) if icc else "",
                   notes)


def size(image: Any) -> tuple[int, int]:
    return tuple(image.size)  # type: ignore[return-value]


def resize(image: Any, out: tuple[int, int], box: tuple[float, float, float, float]) -> Any:
    """LANCZOS resize of ``box`` (in ``image`` pixels) to ``out``, with a reducing gap."""
    if tuple(out) == (box[2] - box[0], box[3] - box[1]) and all(float(v).is_integer() for v in box):
        return image.crop(tuple(int(v) for v in box)) if box != (0, 0, *image.size) else image
    return image.resize(out, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def compose(image: Any, canvas: tuple[int, int], offset: tuple[int, int], background: str) -> Any:
    """Flatten alpha onto ``background`` and pad to ``canvas``: always an RGB image."""
    if image.mode == "RGB" and tuple(canvas) == image.size:
        return image
    base = Image.new("RGB", canvas, background)
    base.paste(image, offset, image.getchannel("A") if image.mode == "RGBA" else None)
    return base


def encode(image: Any, fmt: str, quality: int, max_bytes: int | None = None,
           floor: int = 60) -> tuple[bytes, int]:
    """Encode without metadata (EXIF, GPS, XMP dropped) but with an sRGB profile.

    When ``max_bytes`` is given, JPEG/WebP quality is searched down to ``floor``; raises
    ImageError (IMG013) when even the floor is too big.
    """
    def save(q: int) -> bytes:
        buf = io.BytesIO()
        opts: dict[str, Any] = {"icc_profile": srgb_icc()}
        if fmt == "JPEG":
            opts.update(quality=q, optimize=True)
        elif fmt == "WEBP":
            opts.update(quality=q, method=4)
        else:
            opts.update(compress_level=6)
        image.save(buf, fmt, **opts)
        return buf.getvalue()

    data = save(quality)
    if not max_bytes or len(data) <= max_bytes:
        return data, quality
    if fmt == "PNG":
        raise ImageError(f"PNG is {len(data)} bytes, over the {max_bytes}-byte limit", "IMG013")
    lo, hi, best = floor, quality - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        trial = save(mid)
        if len(trial) <= max_bytes:
            best, lo = (trial, mid), mid + 1
        else:
            hi = mid - 1
    if best is None:
        raise ImageError(f"{fmt} is still over the {max_bytes}-byte limit at the quality floor "
                         f"{floor}; lower images.quality_floor or the target size", "IMG013")
    return best


def measure(image: Any, background: tuple[int, int, int] = (255, 255, 255),
            tolerance: int = 6) -> dict[str, float]:
    """Border analysis on a small copy: ``border_white`` (share of the outer 2 % ring within
    ``tolerance`` of white) and ``fill`` (longest side of the non-background box / frame)."""
    small = image.convert("RGB") if image.mode != "RGB" else image
    small = small.reduce(max(1, min(small.size) // 256)) if min(small.size) > 512 else small
    r, g, b = small.split()
    low = ImageChops.darker(ImageChops.darker(r, g), b)
    w, h = low.size
    k = max(1, round(0.02 * min(w, h)))
    # top, bottom, left, right; on an image only 1-2 px wide or high the strips would overlap
    # or turn inside out, so each starts where the previous one ends and empty ones are dropped
    bottom, right = max(k, h - k), max(k, w - k)
    strips = [(0, 0, w, min(k, h)), (0, bottom, w, h), (0, k, min(k, w), bottom),
              (right, k, w, bottom)]
    white = total = 0
    cut = min(background) - tolerance
    for strip in (s for s in strips if s[2] > s[0] and s[3] > s[1]):
        hist = low.crop(strip).histogram()
        total += sum(hist)
        white += sum(hist[max(0, cut):])
    mask = low.point(lambda v: 255 if v < cut - 10 else 0)
    bbox = mask.getbbox()
    fill = max((bbox[2] - bbox[0]) / w, (bbox[3] - bbox[1]) / h) if bbox else 0.0
    return {"border_white": white / total if total else 1.0, "fill": fill}


def probe(path: str | Path, max_pixels: int = DEFAULT_MAX_PIXELS,
          formats: tuple[str, ...] = DEFAULT_FORMATS) -> dict[str, Any]:
    """What compliance checks need from a file: format, upright size, mode, frames, bytes,
    profile, decoding notes, and the border/fill measurements (on a small decode)."""
    with open_checked(path, max_pixels, formats) as im:
        longest = max(im.size)
    decoded = decode(path, min(1.0, 1024 / longest), max_pixels=max_pixels, formats=formats)
    flat = compose(decoded.image, size(decoded.image), (0, 0), "#FFFFFF")
    return {"width": decoded.size[0], "height": decoded.size[1], "format": decoded.format,
            "mode": decoded.mode, "frames": decoded.frames, "icc": decoded.icc,
            "bytes": Path(path).stat().st_size, "notes": decoded.notes, **measure(flat)}


def header(path: str | Path, max_pixels: int = DEFAULT_MAX_PIXELS,
           formats: tuple[str, ...] = DEFAULT_FORMATS) -> tuple[int, int]:
    """The upright full-resolution size, from the header only (no pixel decoding)."""
    with open_checked(path, max_pixels, formats) as im:
        w, h = im.size
        return (h, w) if _orientation(im) >= 5 else (w, h)
