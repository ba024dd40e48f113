"""Bullet-point rules (B)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from itertools import chain, compress, count, repeat
from operator import gt

from listingkit.listing import Listing
from listingkit.rules.base import Fix, Hit, register
from listingkit.rules.capitals import AllCaps
from listingkit.rules.chunk import Chunk
from listingkit.rules.columns import Column
from listingkit.rules.kinds import (
    Count,
    Emoji,
    FieldRule,
    Html,
    Length,
    ProhibitedChars,
)
from listingkit.rules.memo import Verdicts
from listingkit.rules.phrases import Phrases


@register
class BulletTooLong(Length):
    """A bullet point longer than the marketplace allows, in characters.

    Why: over-long bullets are cut off or rejected on upload.
    Fix: split the bullet or move detail to the description.
    Fail: {bullets = ["Keeps drinks cold for 24 hours and hot for 12 hours thanks to double-wall vacuum insulation made from 18/8 food-grade stainless steel, with a powder-coated finish that does not sweat, does not slip and survives drops onto concrete, and a leak-proof lid with a carry loop that fits every standard cup holder in cars, bikes and strollers, dishwasher safe, BPA free, phthalate free, lead free, tested by independent laboratories in Germany, the United States and Japan, backed by our customer service team in four languages and shipped in plastic-free packaging made from recycled cardboard"]}
    Pass: {bullets = ["Keeps drinks cold for 24 hours and hot for 12 hours"]}
    """

    code, name, field, limit = "B001", "bullets.max-chars", "bullets", "max_item_chars"


@register
class BulletTooManyBytes(Length):
    """A bullet point longer than the marketplace allows, in UTF-8 bytes.

    Why: byte limits count each non-ASCII letter as two to four bytes.
    Fix: shorten the bullet.
    Fail: {bullets = ["ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé"]}
    Pass: {bullets = ["Café-grade ceramic"]}
    """

    code, name, field, limit = "B002", "bullets.max-bytes", "bullets", "max_item_bytes"


@register
class TooManyBullets(Count):
    """More bullet points than the marketplace shows.

    Why: extra bullets are dropped on upload or never displayed.
    Fix: merge or remove the weakest bullets.
    Fail: {bullets = ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11"]}
    Pass: {bullets = ["Keeps drinks cold 24 hours", "Leak-proof lid"]}
    """

    code, name, field, limit = "B003", "bullets.max-count", "bullets", "max_count"


@register
class TooFewBullets(Count):
    """Fewer bullet points than the marketplace expects.

    Why: shoppers scan bullets; listings with fewer convert worse, some marketplaces require them.
    Fix: add bullets for the main benefits, materials, dimensions and what is in the box.
    Fail: {bullets = ["Keeps drinks cold"]}
    Pass: {bullets = ["Keeps drinks cold 24 hours", "Leak-proof lid", "750 ml", "Steel", "Dishwasher safe"]}
    """

    code, name, field, limit, severity = "B004", "bullets.min-count", "bullets", "min_count", \
        "warning"


@register
class BulletPromotional(Phrases):
    """A bullet point has promotional, guarantee, contact or time-limited wording.

    Why: Amazon's bullet rules (2024) prohibit promotional language, guarantees and contact
    details in bullets.
    Fix: remove the phrase; describe the product instead.
    Fail: {bullets = ["100% guaranteed or your money back"]}
    Pass: {bullets = ["Double-wall vacuum insulation keeps drinks cold for 24 hours"]}
    """

    code, name, field = "B005", "bullets.promotional", "bullets"
    lexicons = ("promotional", "guarantee", "contact", "temporary")


@register
class BulletEmoji(Emoji):
    """A bullet point has emoji or decorative symbols.

    Why: Amazon's bullet rules prohibit emoji and special symbols.
    Fix: `--fix` removes them.
    Fail: {bullets = ["✅ Leak-proof lid"]}
    Pass: {bullets = ["Leak-proof lid"]}
    """

    code, name, field = "B006", "bullets.emoji", "bullets"


@register
class BulletHtml(Html):
    """A bullet point has HTML tags.

    Why: bullets are plain text; tags show up literally or get the feed rejected.
    Fix: `--unsafe-fixes` strips the tags.
    Fail: {bullets = ["<b>Leak-proof</b> lid"]}
    Pass: {bullets = ["Leak-proof lid"]}
    """

    code, name, field = "B007", "bullets.html", "bullets"


@register
class BulletAllCaps(AllCaps):
    """A bullet point has words in ALL CAPS (acronyms, units, the brand and names exempt).

    Why: capitals read as shouting; some marketplaces prohibit them in bullets. Names and codes
    written in capitals, not common words of the language, are left alone (see T006).
    Fix: `--fix` capitalises only the first letter of those words.
    Fail: {bullets = ["KEEPS DRINKS COLD ALL DAY LONG"]}
    Pass: {bullets = ["Keeps drinks cold all day long, USB rechargeable"]}
    """

    code, name, field = "B008", "bullets.all-caps", "bullets"


@register
class BulletProhibitedChars(ProhibitedChars):
    """A bullet point contains characters the marketplace prohibits.

    Why: some marketplaces reject special characters in bullets.
    Fix: `--fix` removes them.
    Fail: {bullets = ["Leak-proof lid!"]}
    Pass: {bullets = ["Leak-proof lid"]}
    """

    code, name, field = "B009", "bullets.prohibited-chars", "bullets"


@register
class DuplicateBullet(FieldRule):
    """The same bullet point appears twice in one listing.

    Why: a repeated bullet wastes one of the few places shoppers read and looks careless.
    Fix: `--fix` drops the repeats.
    Fail: {bullets = ["Leak-proof lid", "Steel body", "leak-proof lid"]}
    Pass: {bullets = ["Leak-proof lid", "Steel body"]}
    """

    code, name, field, severity, fixable = "B010", "bullets.duplicate", "bullets", "warning", \
        "safe"
    uses_brand = False
    #: not in the bullets' memo group: a text test cannot see where one bullet ends when a
    #: bullet holds a line break, and without a test every row of the group would be keyed
    #: and looked up (see :meth:`rows`)
    memo = False

    def prepare(self) -> bool:
        #: bullets (joined by line breaks) -> whether two are alike, while texts repeat
        self.alike: Verdicts[bool] = Verdicts({})
        return True

    def rows(self, chunk: Chunk) -> Collection[int]:
        """The rows with two bullets alike in lower case with their spaces collapsed (what
        :meth:`check` reports). Each distinct text of the chunk's bullets column (bullets
        joined by line breaks) is worked out once per run, the new ones together (see
        :class:`~listingkit.rules.memo.Verdicts` and :func:`_alike_rows`), unless a bullet
        holds a line break of its own: the chunk's bullets are then paired with their rows."""
        column = chunk.bullet_lines()
        if column is None:
            return _alike(chunk.values("bullets"))
        return set(compress(count(), self.alike(column, _alike_rows, lambda _: True, False)))

    def check(self, listing: Listing) -> Iterable[Hit]:
        seen: dict[str, int] = {}
        keep: list[str] = []
        dupes: list[int] = []
        for index, bullet in enumerate(listing.bullets, start=1):
            norm = " ".join(bullet.lower().split())
            if norm in seen:
                dupes.append(index)
            else:
                seen[norm] = index
                keep.append(bullet)
        if dupes:
            shown = ", ".join(str(i) for i in dupes)
            yield Hit(f"bullet(s) {shown} repeat an earlier bullet", field=self.field, key=shown,
                      fix=Fix(self.field, keep, True, "drop repeated bullets"))


def _alike_rows(column: Column) -> set[int]:
    """:func:`_alike` over a column of bullets joined by line breaks (no bullet holding one
    of its own). A text whose only whitespace is single spaces between words is its own
    collapsed form, so its bullets are compared in lower case, a few calls in ``map`` a row;
    texts with other whitespace (doubled, at an end, tabs) are normalised bullet by bullet."""
    texts = column.texts
    odd = column.rows_with_stray_space()
    if not odd:  # (no two bullets of the chunk alike: none of a row either)
        every = _lower_lines(column)  # (each row's bullets; empty for a row of none)
        empty = every.count(every[0][:0])  # ("" or b"")
        if empty == len(column.empty_rows()) and \
                len(set(every)) - (1 if empty else 0) == len(every) - empty:
            return set()
    lines = list(map(str.split, map(str.lower, texts), repeat("\n")))
    found = set(compress(count(), map(gt, map(len, lines), map(len, map(set, lines)))))
    if odd:
        order = sorted(odd)
        found -= odd
        found |= {order[j] for j in _alike([lines[i] for i in order])}
    return found


#: the characters outside ASCII whose lower case holds an ASCII letter ("\u0130", the Kelvin
#: sign): two bullets alike in lower case are otherwise alike in _lower_lines' keys
_LOWER_TO_ASCII = ("\u0130", "\u212a")


def _lower_lines(column: Column) -> Sequence[str] | Sequence[bytes]:
    """Each line of the column in lower case, or a key for it that is the same for any two
    lines alike in lower case (other pairs may share one too): in a column not all ASCII,
    the line in ASCII lower case with "?" for each other character (``str.lower`` of text
    outside ASCII looks up every character's case; this is a few passes in C)."""
    if column.ascii or any(char in column.joined for char in _LOWER_TO_ASCII):
        return column.lower[1:-1].split("\n")
    return column.joined.encode("ascii", "replace").lower()[1:-1].split(b"\n")


def _alike(bullets: list[list[str]]) -> set[int]:
    """The indices of the lists of ``bullets`` that hold two alike in lower case with their
    spaces collapsed: each bullet normalised in ``map`` (no Python call per bullet) and
    paired with its list; none when no pair repeats (the usual case)."""
    flat = list(chain.from_iterable(bullets))
    owners = chain.from_iterable(map(repeat, range(len(bullets)), map(len, bullets)))
    pairs = list(zip(owners, map(" ".join, map(str.split, map(str.lower, flat)))))
    if len(set(pairs)) == len(pairs):
        return set()
    return {row for (row, _), n in Counter(pairs).items() if n > 1}
