"""Image rules (I and IMG): a main image in the catalogue, and with ``check --images DIR`` the
files themselves, checked by :mod:`listingkit.images.compliance` (codes IMG001-IMG017)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from itertools import compress, count
from operator import not_
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from listingkit.listing import Listing
from listingkit.rules.base import Hit, Rule, register
from listingkit.rules.chunk import Chunk


@register
class MissingMainImage(Rule):
    """The listing names no image at all.

    Why: marketplaces do not show (or do not activate) listings without a main image.
    Fix: add a main image URL or file name to the image column.
    Fail: {title = "Acme Water Bottle"}
    Pass: {title = "Acme Water Bottle", images = ["https://example.com/acme-bottle.jpg"]}
    """

    code, name, field = "I001", "images.missing", "images"
    facts = ("images.main.min_px",)

    def prepare(self) -> bool:
        return "main" in self.ctx.marketplace.data.get("images", {})

    def check(self, listing: Listing) -> Iterable[Hit]:
        if listing.images:
            return ()
        return (Hit(f"no image; {self.ctx.marketplace.id} needs a main image", field="images"),)

    def rows(self, chunk: Chunk) -> Collection[int]:
        """The rows without images."""
        return list(compress(count(), map(not_, chunk.values("images"))))


@register
class ImageFiles(Rule):
    """With `--images DIR`: each image file the listing names, checked against the marketplace.

    Why: a rejected main image blocks the listing; the checks (size, aspect, format, file size,
    colour mode, white background of the main image) are the IMG rules, listed separately.
    Fix: `listingkit images` converts images to the marketplace's preset.
    Fail: {images = ["missing-file.jpg"]}
    Pass: {}
    """

    code, name, field, default = "I002", "images.files", "images", True

    def prepare(self) -> bool:
        folder = self.ctx.images_dir
        if folder is None:
            return False
        self.folder = Path(folder).resolve()
        from listingkit.images.compliance import inspect

        self.inspect = inspect
        self.max_pixels = self.ctx.config.get("images.max_pixels")
        self.cache: dict[tuple[str, str], list[dict[str, Any]]] = {}
        return True

    def locate(self, name: str) -> Path | None:
        """The file in the folder that an image entry names; None if it escapes the folder."""
        part = unquote(urlsplit(name).path) if "://" in name else name
        candidate = (self.folder / part.lstrip("/\\")).resolve()
        if candidate.is_relative_to(self.folder) and candidate.is_file():
            return candidate
        base = (self.folder / Path(part.replace("\\", "/")).name).resolve()
        return base if base.is_relative_to(self.folder) else None

    def check(self, listing: Listing) -> Iterable[Hit]:
        for index, name in enumerate(listing.images):
            role = "main" if index == 0 else "other"
            path = self.locate(name)
            if path is None or not path.is_file():
                yield Hit(f"image {name!r} is not in {self.folder}", field="images",
                          key=name, severity="error", code="IMG014")
                continue
            found = self.cache.get((str(path), role))
            if found is None:
                found = self.inspect(path, self.ctx.marketplace, role=role,
                                     max_pixels=self.max_pixels)
                self.cache[(str(path), role)] = found
            for item in found:
                yield Hit(f"{role} image {path.name}: {item['message']}", field="images",
                          key=path.name, severity=item["severity"], code=item["code"])


def image_codes() -> dict[str, tuple[str, str]]:
    """The IMG rules of the image compliance module: code -> (severity, meaning)."""
    try:
        from listingkit.images.compliance import RULES
    except ImportError:  # pragma: no cover - the images package ships with listingkit
        return {}
    return dict(RULES)
