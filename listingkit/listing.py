"""The one record model every command works on: a :class:`Listing`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The text fields of a listing, in the order reports show them.
TEXT_FIELDS = ("title", "brand", "bullets", "description", "search_terms")


@dataclass(frozen=True)
class Origin:
    """Where a listing came from, for messages: file and 1-based row (data rows and header)."""

    file: str
    row: int

    def __str__(self) -> str:
        return f"{self.file}:{self.row}"


@dataclass
class Listing:
    """A product listing as every marketplace knows it.

    ``attributes`` holds everything else (colour, size, material, product type, pack count,
    model, identifiers, and any column a reader did not recognise, under its own name).
    ``variants`` holds one dict per variant for catalogues that nest them (Shopify).
    """

    sku: str
    title: str = ""
    brand: str = ""
    bullets: list[str] = field(default_factory=list)
    description: str = ""
    search_terms: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    images: list[str] = field(default_factory=list)
    variants: list[dict[str, str]] = field(default_factory=list)
    source: Origin | None = None

    def text(self, name: str) -> str:
        """A text field as one string (bullets joined by newlines)."""
        if name == "bullets":
            return "\n".join(self.bullets)
        value = getattr(self, name, None)
        if isinstance(value, str):
            return value
        return self.attributes.get(name, "")

    def to_record(self) -> dict[str, Any]:
        """The JSONL form: keys sku, title, brand, bullets, description, search_terms,
        attributes, images, variants, source, in that order (the fields'), its lists and dicts
        copies. Made field by field: ``dataclasses.asdict`` deep-copies through every value
        and took half the time of writing JSONL."""
        source = self.source
        return {"sku": self.sku, "title": self.title, "brand": self.brand,
                "bullets": list(self.bullets), "description": self.description,
                "search_terms": self.search_terms, "attributes": dict(self.attributes),
                "images": list(self.images), "variants": [dict(v) for v in self.variants],
                "source": {"file": source.file, "row": source.row} if source else None}

    @classmethod
    def from_record(cls, record: dict[str, Any], origin: Origin | None = None) -> Listing:
        """Build a listing from the JSONL form (the inverse of :meth:`to_record`)."""
        return cls(
            sku=str(record.get("sku", "")),
            title=str(record.get("title") or ""),
            brand=str(record.get("brand") or ""),
            bullets=[str(b) for b in record.get("bullets") or []],
            description=str(record.get("description") or ""),
            search_terms=str(record.get("search_terms") or ""),
            attributes={str(k): str(v) for k, v in (record.get("attributes") or {}).items()},
            images=[str(i) for i in record.get("images") or []],
            variants=[{str(k): str(v) for k, v in var.items()}
                      for var in record.get("variants") or []],
            source=origin,
        )
