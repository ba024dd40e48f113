"""Fixture builders for the image tests: every file is generated here with Pillow.

Includes two hand-built ICC profiles (Pillow can only create sRGB/LAB/XYZ ones): a matrix/TRC
"Adobe RGB (1998)" profile and a small CMYK printer profile whose pure cyan is *red*, so a test
can tell whether the profile was really applied (a naive CMYK->RGB gives cyan).
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image

# D50-adapted sRGB matrix (Bruce Lindbloom), RGB linear -> XYZ(D50)
_SRGB_D50 = ((0.4360747, 0.3850649, 0.1430804), (0.2225045, 0.7168786, 0.0606169),
             (0.0139322, 0.0971045, 0.7141733))
_D50 = (0.9642, 1.0, 0.8249)


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _desc(text: str) -> bytes:
    raw = text.encode("ascii") + b"\0"
    body = b"desc" + b"\0" * 4 + struct.pack(">I", len(raw)) + raw
    body += b"\0" * 8 + b"\0" * 3 + b"\0" * 67
    return body


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + b"\0" * 4 + _s15(x) + _s15(y) + _s15(z)


def _profile(cls: bytes, space: bytes, pcs: bytes, tags: list[tuple[bytes, bytes]]) -> bytes:
    count = len(tags)
    offset = 128 + 4 + 12 * count
    table = struct.pack(">I", count)
    data = b""
    for sig, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + cls + space
    header += pcs + b"\0" * 12 + b"acsp" + b"\0" * 4 + b"\0" * 4 + b"\0" * 8 + b"\0" * 8
    header += struct.pack(">I", 0) + _s15(_D50[0]) + _s15(_D50[1]) + _s15(_D50[2])
    header += b"\0" * 4 + b"\0" * 16 + b"\0" * 28
    assert len(header) == 128
    return header + table + data


def adobe_rgb_profile() -> bytes:
    """A matrix/TRC profile with the Adobe RGB (1998) primaries, adapted to D50."""
    gamma = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, 563) + b"\0\0"
    return _profile(b"mntr", b"RGB ", b"XYZ ", [
        (b"desc", _desc("Adobe RGB (1998) test")), (b"wtpt", _xyz(*_D50)),
        (b"rXYZ", _xyz(0.6097, 0.3111, 0.0195)), (b"gXYZ", _xyz(0.2053, 0.6257, 0.0609)),
        (b"bXYZ", _xyz(0.1492, 0.0632, 0.7446)),
        (b"rTRC", gamma), (b"gTRC", gamma), (b"bTRC", gamma)])


def _lab(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """sRGB 8-bit -> ICC v2 lut8 Lab encoding (D50)."""
    lin = [((c / 255 + 0.055) / 1.055) ** 2.4 if c / 255 > 0.04045 else c / 255 / 12.92
           for c in rgb]
    xyz = [sum(m * c for m, c in zip(row, lin, strict=True)) / w
           for row, w in zip(_SRGB_D50, _D50, strict=True)]
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in xyz]
    lab = (116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2]))
    return (round(max(0, min(100, lab[0])) * 255 / 100),
            round(max(-128, min(127, lab[1])) + 128), round(max(-128, min(127, lab[2])) + 128))


def cmyk_profile(cyan_is: tuple[int, int, int] = (230, 20, 20)) -> bytes:
    """A 2-point-grid CMYK profile: corners as naive CMYK, except pure C -> ``cyan_is``."""
    grid = b""
    for c in (0, 1):
        for m in (0, 1):
            for y in (0, 1):
                for k in (0, 1):
                    rgb = (0, 0, 0) if k else (255 * (1 - c), 255 * (1 - m), 255 * (1 - y))
                    if (c, m, y, k) == (1, 0, 0, 0):
                        rgb = cyan_is
                    grid += bytes(_lab(rgb))
    ramp = bytes(range(256))
    lut = b"mft1" + b"\0" * 4 + bytes([4, 3, 2, 0])
    lut += b"".join(_s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
    lut += ramp * 4 + grid + ramp * 3
    return _profile(b"prtr", b"CMYK", b"Lab ", [(b"desc", _desc("Test CMYK")),
                                                (b"wtpt", _xyz(*_D50)), (b"A2B0", lut),
                                                (b"A2B1", lut)])


def marker(size: tuple[int, int] = (60, 40)) -> Image.Image:
    """Upright test picture: white, with a red block in the top-left corner."""
    im = Image.new("RGB", size, "white")
    im.paste((255, 0, 0), (0, 0, size[0] // 3, size[1] // 3))
    return im


#: what turns the upright picture into what a camera stores for each EXIF orientation
STORE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
         4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
         6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
         8: Image.Transpose.ROTATE_270}


def oriented_jpeg(path: Path, orientation: int, size: tuple[int, int] = (60, 40)) -> Path:
    im = marker(size)
    if orientation in STORE:
        im = im.transpose(STORE[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    im.save(path, "JPEG", quality=95, exif=exif)
    return path


def bomb_png(path: Path, width: int = 100_000, height: int = 100_000) -> Path:
    """A tiny PNG whose header declares ``width`` x ``height`` pixels."""
    buf = io.BytesIO()
    Image.new("L", (1, 1)).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    ihdr = 8 + 8  # signature + length + type
    data[ihdr:ihdr + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12:ihdr + 13]))
    data[ihdr + 13:ihdr + 17] = struct.pack(">I", crc)
    path.write_bytes(bytes(data))
    return path


def photo(size: tuple[int, int] = (1200, 900), background: int = 255,
          product: float = 0.9, seed: int = 1) -> Image.Image:
    """A product shot: a textured box covering ``product`` of the frame on a plain background."""
    im = Image.new("RGB", size, (background,) * 3)
    w, h = int(size[0] * product), int(size[1] * product)
    noise = Image.effect_noise((w, h), 40).convert("RGB")
    tint = Image.new("RGB", (w, h), (40 + seed * 30 % 200, 90, 160))
    im.paste(Image.blend(tint, noise, 0.3), ((size[0] - w) // 2, (size[1] - h) // 2))
    return im
