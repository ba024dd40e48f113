"""What ``check --fix`` does to a listing: copy it, apply fixes field by field, show the change.

The fix loop itself is :meth:`listingkit.lint.Runner.fix_rows` (a chunk of listings at a
time).
"""

from __future__ import annotations

from collections.abc import Iterator

from listingkit.listing import Listing
from listingkit.rules.base import Finding, Fix


def todo(findings: list[Finding], unsafe: bool) -> list[Fix]:
    """The fixes of ``findings`` to apply: the safe ones, and the unsafe ones when asked."""
    return [f.fix for f in findings if f.fix and (f.fix.safe or unsafe)]


def fixed_copy(listing: Listing, fixes: list[Fix]) -> tuple[Listing, int]:
    """A copy of ``listing`` with ``fixes`` applied, the first fix of each field only (the
    others are made against the text that fix replaces: the next pass finds them again), and
    how many were applied."""
    current, touched = copy(listing), set()
    for fix in fixes:
        if fix.field not in touched:
            apply(current, fix)
            touched.add(fix.field)
    return current, len(touched)


def copy(listing: Listing) -> Listing:
    """A copy of ``listing`` that a fix may change without touching the original."""
    return Listing(sku=listing.sku, title=listing.title, brand=listing.brand,
                   bullets=list(listing.bullets), description=listing.description,
                   search_terms=listing.search_terms, attributes=dict(listing.attributes),
                   images=list(listing.images), variants=[dict(v) for v in listing.variants],
                   source=listing.source)


def apply(listing: Listing, fix: Fix) -> None:
    """Put ``fix``'s value in its field of ``listing``."""
    if fix.field.startswith("attr:"):
        listing.attributes[fix.field[5:]] = str(fix.value)
    elif fix.field == "bullets":
        listing.bullets = list(fix.value) if isinstance(fix.value, list) else [fix.value]
    else:
        setattr(listing, fix.field, fix.value if isinstance(fix.value, str) else
                " ".join(fix.value))


def field_diff(before: Listing, after: Listing) -> Iterator[str]:
    """A unified diff of the fields a fix changed, one block per field."""
    import difflib

    where = f"{before.source}" if before.source else "?"
    names = ["title", "brand", "bullets", "description", "search_terms"]
    names += sorted(set(after.attributes) | set(before.attributes))
    for name in names:
        old = before.attributes.get(name, "") if name not in names[:5] else before.text(name)
        new = after.attributes.get(name, "") if name not in names[:5] else after.text(name)
        if old != new:
            yield from difflib.unified_diff(
                old.splitlines(), new.splitlines(), lineterm="",
                fromfile=f"{where} {before.sku} {name}", tofile=f"{where} {after.sku} {name} (fixed)")
