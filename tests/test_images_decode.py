"""Decoding correctness on generated fixtures: orientation, colour, alpha, depth, bad files."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from PIL import Image, ImageCms
from test_images_fixtures import adobe_rgb_profile, bomb_png, cmyk_profile, oriented_jpeg

from listingkit import imaging


@pytest.mark.parametrize("orientation", range(9))
def test_every_exif_orientation_is_applied(tmp_path: Path, orientation: int) -> None:
    path = oriented_jpeg(tmp_path / f"o{orientation}.jpg", orientation)
    dec = imaging.decode(path)
    assert dec.size == (60, 40)
    assert dec.image.size == (60, 40)
    r, g, b = dec.image.getpixel((3, 3))
    assert r > 200 and g < 60 and b < 60, "red marker must be top-left once upright"
    assert min(dec.image.getpixel((56, 36))) > 200


def test_header_reports_upright_size_without_decoding(tmp_path: Path) -> None:
    path = oriented_jpeg(tmp_path / "o6.jpg", 6, size=(90, 30))
    assert imaging.header(path) == (90, 30)


def test_cmyk_with_profile_goes_through_the_profile(tmp_path: Path) -> None:
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (16, 16), (255, 0, 0, 0)).save(path, icc_profile=cmyk_profile())
    dec = imaging.decode(path)
    r, g, b = dec.image.getpixel((8, 8))
    assert r > 200 and g < 60 and b < 60  # the profile says pure cyan prints red
    assert dec.icc == "Test CMYK" and not dec.notes


def test_cmyk_without_profile_is_converted_with_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (16, 16), (255, 0, 0, 0)).save(path)
    dec = imaging.decode(path)
    r, g, b = dec.image.getpixel((8, 8))
    assert r < 30 and g > 220 and b > 220
    assert [code for code, _ in dec.notes] == ["IMG011"]


def test_adobe_rgb_is_converted_to_srgb(tmp_path: Path) -> None:
    path = tmp_path / "adobe.png"
    Image.new("RGB", (8, 8), (200, 60, 60)).save(path, icc_profile=adobe_rgb_profile())
    r, g, _ = imaging.decode(path).image.getpixel((4, 4))
    assert r >= 222 and g <= 60  # Adobe RGB red is more saturated than the same sRGB numbers


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparency_is_flattened_on_white_never_black(tmp_path: Path, mode: str) -> None:
    im = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    im.paste((200, 30, 30, 255), (5, 5, 15, 15))
    path = tmp_path / f"{mode}.png"
    if mode == "LA":
        im.convert("LA").save(path)
    elif mode == "P":
        pal = im.convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
        index = pal.getpixel((0, 0))
        pal.save(path, transparency=index)
    else:
        im.save(path)
    dec = imaging.decode(path)
    flat = imaging.compose(dec.image, dec.image.size, (0, 0), "#FFFFFF")
    assert flat.getpixel((0, 0)) == (255, 255, 255)
    assert flat.getpixel((10, 10)) != (255, 255, 255)


def test_sixteen_bit_grey_is_rescaled_not_clipped(tmp_path: Path) -> None:
    path = tmp_path / "i16.png"
    im = Image.new("I;16", (3, 1))
    for x, v in enumerate((1000, 32768, 65535)):
        im.putpixel((x, 0), v)
    im.save(path)
    dec = imaging.decode(path)
    values = [dec.image.getpixel((x, 0))[0] for x in range(3)]
    assert values == [4, 128, 255]


def test_sixteen_bit_with_trns_becomes_transparent(tmp_path: Path) -> None:
    path = tmp_path / "i16t.png"
    im = Image.new("I;16", (2, 1), 0)
    im.putpixel((1, 0), 40000)
    im.save(path, transparency=0)
    dec = imaging.decode(path)
    assert dec.image.mode == "RGBA"
    assert dec.image.getpixel((0, 0))[3] == 0 and dec.image.getpixel((1, 0))[3] == 255


def test_animated_gif_uses_the_first_frame_with_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (10, 10), c) for c in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    dec = imaging.decode(path)
    r, _, b = dec.image.getpixel((5, 5))
    assert r > 200 and b < 50
    assert dec.frames == 2 and dec.notes[0][0] == "IMG010"


def test_format_comes_from_content_not_the_name(tmp_path: Path) -> None:
    path = tmp_path / "really_a_png.jpg"
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(path, "PNG")
    dec = imaging.decode(path)
    assert dec.format == "PNG" and dec.image.mode == "RGBA"


def test_truncated_jpeg_is_a_clear_failure(tmp_path: Path) -> None:
    buf = io.BytesIO()
    Image.effect_noise((400, 400), 50).convert("RGB").save(buf, "JPEG", quality=95)
    path = tmp_path / "cut.jpg"
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(imaging.ImageError, match="truncated") as err:
        imaging.decode(path)
    assert err.value.code == "IMG012"


def test_bomb_header_is_refused_fast_before_decoding(tmp_path: Path) -> None:
    path = bomb_png(tmp_path / "bomb.png", 20_000, 20_000)  # 400 MP
    start = time.perf_counter()
    with pytest.raises(imaging.ImageError, match="decompression bomb"):
        imaging.decode(path, max_pixels=64_000_000)
    assert time.perf_counter() - start < 0.5
    path = bomb_png(tmp_path / "mid.png", 10_000, 8_000)  # 80 MP: under Pillow's own limit
    with pytest.raises(imaging.ImageError, match="over the 64 MP limit"):
        imaging.decode(path, max_pixels=64_000_000)


def test_disallowed_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.bmp"
    Image.new("RGB", (4, 4)).save(path)
    with pytest.raises(imaging.ImageError, match="allowed: JPEG, PNG"):
        imaging.decode(path, formats=("JPEG", "PNG"))
    psd = tmp_path / "x.psd"
    psd.write_bytes(b"8BPS" + b"\0" * 40)
    with pytest.raises(imaging.ImageError, match="PSD is not an allowed format"):
        imaging.decode(psd)


def test_jpeg_draft_decodes_no_smaller_than_needed(tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    Image.effect_noise((1600, 1200), 30).convert("RGB").save(path, quality=90)
    dec = imaging.decode(path, need=0.3)
    assert dec.size == (1600, 1200)
    assert dec.image.size == (800, 600)  # 1/2 DCT scaling: 1/4 would be under 0.3
    assert imaging.decode(path, need=0.6).image.size == (1600, 1200)


def test_encode_strips_metadata_keeps_srgb_and_meets_a_byte_budget(tmp_path: Path) -> None:
    im = Image.effect_noise((600, 600), 20).convert("RGB")
    data, quality = imaging.encode(im, "JPEG", 95, max_bytes=60_000, floor=20)
    assert len(data) <= 60_000 and 40 <= quality <= 60  # the highest quality that fits
    out = Image.open(io.BytesIO(data))
    assert not out.getexif()
    profile = ImageCms.ImageCmsProfile(io.BytesIO(out.info["icc_profile"]))
    assert "sRGB" in ImageCms.getProfileDescription(profile)
    with pytest.raises(imaging.ImageError, match="quality floor") as err:
        imaging.encode(im, "JPEG", 95, max_bytes=20_000, floor=50)
    assert err.value.code == "IMG013"


def test_measure_sees_offwhite_background_and_fill(tmp_path: Path) -> None:
    from test_images_fixtures import photo

    white = imaging.measure(photo(background=255, product=0.6))
    assert white["border_white"] > 0.99 and 0.55 < white["fill"] < 0.65
    grey = imaging.measure(photo(background=244, product=0.6))
    assert grey["border_white"] < 0.1
