"""Geometry, presets, naming, source mapping and compliance rules (no CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_images_fixtures import photo

from listingkit.errors import ConfigError, OutputError, SpecError
from listingkit.images import compliance, geometry, naming, presets, sources
from listingkit.listing import Listing
from listingkit.marketplace import Registry

SPEC = """
id = "{id}"
name = "Test market"
language = {{ value = "en", source = "t" }}
[sources.t]
url = "https://example.invalid"
kind = "listingkit"
as_of = "2026"
[images.main]
{main}
"""


def spec(tmp_path: Path, ident: str = "testmarket", main: str = "") -> Registry:
    path = tmp_path / f"{ident}.toml"
    body = main or ('target_px = { value = [1000, 1000], source = "t" }\n'
                    'fit = { value = "pad", source = "t" }\n')
    path.write_text(SPEC.format(id=ident, main=body), encoding="utf-8")
    return Registry(extra=[path])


@pytest.mark.parametrize(("fit", "resize", "canvas"), [
    ("contain", (2000, 1000), (2000, 1000)),
    ("pad", (2000, 1000), (2000, 2000)),
    ("cover", (4000, 2000), (4000, 2000)),
    ("fit", (2000, 2000), (2000, 2000)),
])
def test_fit_modes_follow_pillows_vocabulary(fit: str, resize: tuple[int, int],
                                             canvas: tuple[int, int]) -> None:
    p = geometry.plan((6000, 3000), (2000, 2000), fit)
    assert p.resize == resize and p.canvas == canvas
    if fit == "fit":
        assert p.box == pytest.approx((0.25, 0.0, 0.75, 1.0))


def test_no_upscaling_keeps_aspect_and_pixels() -> None:
    p = geometry.plan((800, 600), (2000, 2000), "pad")
    assert (p.resize, p.canvas, p.offset, p.upscaled) == ((800, 600), (800, 800), (0, 100), False)
    up = geometry.plan((800, 600), (2000, 2000), "pad", upscale=True)
    assert up.canvas == (2000, 2000) and up.upscaled


def test_marketplace_presets_are_read_and_validated(tmp_path: Path) -> None:
    amazon = presets.from_marketplace(Registry().get("amazon-us"))
    assert amazon["main"].target == (2000, 2000) and amazon["main"].fit == "pad"
    assert amazon["main"].white_background and amazon["other"].fit == "contain"
    bad = spec(tmp_path, main='target_px = { value = [300, 300], source = "t" }\n'
                              'min_px = { value = 500, source = "t" }\n')
    with pytest.raises(SpecError, match="below min_px 500"):
        presets.from_marketplace(bad.get("testmarket"))
    skew = spec(tmp_path, "skew", 'target_px = { value = [1000, 800], source = "t" }\n'
                                  'aspect = { value = "1:1", source = "t" }\n'
                                  'fit = { value = "pad", source = "t" }\n')
    with pytest.raises(SpecError, match="does not have the aspect 1:1"):
        presets.from_marketplace(skew.get("skew"))


def test_config_presets_extend_a_marketplace_or_stand_alone() -> None:
    registry = Registry()
    web = presets.from_config("web", {"base": "amazon-us", "format": "webp",
                                      "formats": ["WEBP"], "target_px": [1600, 1600]}, registry)
    assert web["main"].platform == "web" and web["main"].format == "WEBP"
    assert web["main"].fit == "pad" and web["main"].target == (1600, 1600)
    thumb = presets.from_config("thumb", {"target_px": [300, 300], "fit": "fit"}, registry)
    assert thumb["other"].target == (300, 300)
    with pytest.raises(ConfigError, match="images.presets.x.*fit 'squash'"):
        presets.from_config("x", {"target_px": [9, 9], "fit": "squash"}, registry)
    with pytest.raises(ConfigError, match="needs target_px"):
        presets.from_config("y", {"fit": "pad"}, registry)


def test_sanitise_defuses_traversal_devices_and_length() -> None:
    assert naming.sanitise("../../etc/passwd") == "_.._etc_passwd"
    assert naming.sanitise("CON") == "_CON"
    assert naming.sanitise("ＡＢＣ－１") == "ABC-1"  # NFKC
    long = naming.sanitise("x" * 300)
    assert len(long) == naming.MAX_SKU and long != naming.sanitise("x" * 301)


def test_colliding_skus_get_distinct_predictable_names() -> None:
    names = naming.safe_names(["A/B", "A_B", "a_b", "C"])
    assert names["A_B"] == "A_B" and names["C"] == "C"
    assert len({n.lower() for n in names.values()}) == 4
    assert names == naming.safe_names(["C", "a_b", "A_B", "A/B"])  # order-independent


def test_name_patterns_are_validated_and_rendered_inside_the_folder() -> None:
    with pytest.raises(ConfigError, match="unknown field"):
        naming.check_pattern("{sku}/{platfrom}/{n}.{ext}")
    with pytest.raises(ConfigError, match="must contain"):
        naming.check_pattern("{sku}.{ext}")
    assert naming.render(naming.DEFAULT_PATTERN, sku="A1", platform="etsy", role="main", n=2,
                         ext="jpg") == "A1/etsy/A1_2.jpg"
    with pytest.raises(OutputError):
        naming.render("{sku}/{platform}/{n}.{ext}", sku="..", platform="p", role="main", n=1,
                      ext="jpg")


def test_file_name_patterns_group_and_order_images(tmp_path: Path) -> None:
    names = ["SHOE-1.MAIN.jpg", "SHOE-1.PT01.jpg", "SHOE-1.PT02.png", "BAG_2.jpg",
             "BAG_10.jpg", "BAG_1.jpg", "HAT.jpg", "LAMP-7.jpg", "notes.txt"]
    for n in names:
        (tmp_path / n).write_bytes(b"x")
    found = sources.by_pattern(sources.scan(tmp_path), tmp_path)
    got = [(s.sku, s.n, s.path.name) for s in found]
    assert got == [("BAG", 1, "BAG_1.jpg"), ("BAG", 2, "BAG_2.jpg"), ("BAG", 3, "BAG_10.jpg"),
                   ("HAT", 1, "HAT.jpg"), ("LAMP-7", 1, "LAMP-7.jpg"),
                   ("SHOE-1", 1, "SHOE-1.MAIN.jpg"),
                   ("SHOE-1", 2, "SHOE-1.PT01.jpg"), ("SHOE-1", 3, "SHOE-1.PT02.png")]


def test_catalogue_image_columns_map_by_file_name(tmp_path: Path) -> None:
    for n in ("front.jpg", "Back.JPG", "TEE-9.jpg"):
        (tmp_path / n).write_bytes(b"x")
    listings = [Listing("TEE-1", images=["https://cdn.example/i/front.jpg?v=2",
                                         "https://cdn.example/i/back.jpg", "gone.jpg"]),
                Listing("TEE-9")]
    images, missing = sources.by_catalogue(listings, sources.scan(tmp_path), tmp_path)
    assert [(i.sku, i.n, i.path.name) for i in images] == [
        ("TEE-1", 1, "front.jpg"), ("TEE-1", 2, "Back.JPG"), ("TEE-9", 1, "TEE-9.jpg")]
    assert [(m.sku, m.n, m.reference) for m in missing] == [("TEE-1", 3, "gone.jpg")]


def test_inspect_flags_what_amazon_rejects(tmp_path: Path) -> None:
    amazon = Registry().get("amazon-us")
    good = tmp_path / "good.jpg"
    photo((1200, 1200), 255, 0.9).save(good, quality=92)
    assert compliance.inspect(good, amazon) == []
    grey = tmp_path / "grey.jpg"
    photo((1200, 1200), 240, 0.9).save(grey, quality=92)
    assert [f["code"] for f in compliance.inspect(grey, amazon)] == ["IMG004"]
    small_product = tmp_path / "far.jpg"
    photo((1200, 1200), 255, 0.5).save(small_product, quality=92)
    assert [f["code"] for f in compliance.inspect(small_product, amazon)] == ["IMG005"]
    tiny = tmp_path / "tiny.webp"
    photo((400, 300), 255, 0.9).save(tiny, "WEBP")
    codes = {f["code"]: f["severity"] for f in compliance.inspect(tiny, amazon)}
    assert codes == {"IMG001": "error", "IMG007": "error", "IMG006": "warning"}  # 4:3, not 1:1
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really")
    assert compliance.inspect(broken, amazon)[0]["code"] == "IMG012"
    assert compliance.inspect(good, amazon, role="other") == []


def test_every_rule_is_described() -> None:
    assert sorted(compliance.RULES) == [f"IMG{i:03d}" for i in range(1, 18)]
    assert all(sev in ("error", "warning") for sev, _ in compliance.RULES.values())


def test_every_built_in_spec_with_images_gives_valid_presets() -> None:
    registry = Registry()
    checked = 0
    for market in registry.all():
        if market.fact("images.main.target_px") or market.fact("images.main.recommended_px"):
            found = presets.from_marketplace(market)  # raises SpecError when inconsistent
            assert found["main"].platform == market.id
            checked += 1
    assert checked >= 1


def test_custom_source_pattern_and_known_skus_resolve_ambiguity(tmp_path: Path) -> None:
    for n in ("LAMP-7-1.jpg", "LAMP-7-2.jpg", "CUP_2.jpg"):
        (tmp_path / n).write_bytes(b"x")
    files = sources.scan(tmp_path)
    found = sources.by_pattern(files, tmp_path, ["{sku}-{n}", "{sku}"])
    assert [(s.sku, s.n) for s in found] == [("CUP_2", 1), ("LAMP-7", 1), ("LAMP-7", 2)]
    known = sources.by_pattern(files, tmp_path, skus={"CUP_2"})
    assert [(s.sku, s.n) for s in known] == [("CUP_2", 1)]  # not SKU 'CUP' image 2
