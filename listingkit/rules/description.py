"""Description rules (D)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from listingkit.listing import Listing
from listingkit.rules.base import Fix, Hit, Rule, register
from listingkit.rules.chunk import Chunk
from listingkit.rules.kinds import Emoji, FieldRule, Html, Length
from listingkit.rules.matching import ACTIVE, words
from listingkit.rules.phrases import Phrases


@register
class DescriptionTooLong(Length):
    """Description longer than the marketplace allows, in characters.

    Why: over-long descriptions are cut off or rejected.
    Fix: shorten; move specifications into attributes.
    Fail: {description = "Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text. Lorem-free text."}
    Pass: {description = "A steel bottle that keeps drinks cold for 24 hours."}
    """

    code, name, field, limit = "D001", "description.max-chars", "description", "max_chars"


@register
class DescriptionTooManyBytes(Length):
    """Description longer than the marketplace allows, in UTF-8 bytes.

    Why: feeds count bytes; non-ASCII letters and HTML entities use the budget faster.
    Fix: shorten the description.
    Fail: {description = "éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé"}
    Pass: {description = "A steel bottle."}
    """

    code, name, field, limit = "D002", "description.max-bytes", "description", "max_bytes"


@register
class DescriptionHtml(Html):
    """Description has HTML tags the marketplace does not allow.

    Why: Amazon allows only line breaks in descriptions; other tags show literally or get the
    description rejected.
    Fix: `--unsafe-fixes` strips the other tags with the nh3 sanitiser.
    Fail: {description = "<p>Steel bottle</p><ul><li>750 ml</li></ul>"}
    Pass: {description = "Steel bottle.<br>750 ml."}
    """

    code, name, field = "D003", "description.html", "description"


@register
class ActiveContent(Rule):
    """Active content (script, iframe, event attributes, javascript: links) in any text field.

    Why: every marketplace rejects it, and it is how stolen or tampered feeds attack shops that
    render descriptions.
    Fix: `--unsafe-fixes` sanitises the field with nh3; then check where the content came from.
    Fail: {description = "Steel bottle <script>alert(1)</script>"}
    Pass: {description = "Steel bottle.<br>750 ml."}
    """

    code, name, field, fixable = "D004", "description.active-content", "description", "unsafe"

    def check(self, listing: Listing) -> Iterable[Hit]:
        # active content needs one of "<", ":" or "="; the usual listing has none of them
        for text in (listing.title, listing.description, *listing.bullets):
            if "<" in text or ":" in text or "=" in text:
                return self.hits(listing)
        return ()

    def rows(self, chunk: Chunk) -> Collection[int]:
        """The rows with a "<", ":" or "=" in their title, description or bullets."""
        return set().union(*(chunk.column(name).rows_with("<", ":", "=")
                             for name in ("title", "description", "bullets")))

    def hits(self, listing: Listing) -> Iterable[Hit]:
        import nh3

        for name in ("title", "description", "bullets"):
            text = listing.text(name)
            if "<" not in text and ":" not in text and "=" not in text:
                continue
            found = ACTIVE.search(text)
            if not found:
                continue
            key = found.group(0).strip("<= ").lower()
            fix = None
            if name != "bullets":
                fix = Fix(name, nh3.clean(text), False, "sanitise with nh3")
            yield Hit(f"{name.replace('_', ' ')} has active content {found.group(0)!r}",
                      field=name, key=key, fix=fix)


@register
class DescriptionPromotional(Phrases):
    """Description has promotional wording, contact details, e-mail addresses or links.

    Why: descriptions may not advertise, send shoppers off the marketplace, or give contact
    details.
    Fix: remove the phrase, address or link.
    Fail: {description = "Questions? Email us at sales@example.com or visit www.example.com"}
    Pass: {description = "A steel bottle that keeps drinks cold for 24 hours."}
    """

    code, name, field = "D005", "description.promotional", "description"
    lexicons = ("promotional", "guarantee", "contact", "temporary")


@register
class DescriptionEmoji(Emoji):
    """Description has emoji or decorative symbols.

    Why: marketplaces that do not allow them strip them or reject the listing.
    Fix: `--fix` removes them.
    Fail: {description = "Stays cold all day 🧊"}
    Pass: {description = "Stays cold all day."}
    """

    code, name, field = "D006", "description.emoji", "description"


@register
class DescriptionTooShort(Length):
    """Description shorter than the marketplace's minimum.

    Why: a thin description gives search and shoppers nothing to go on.
    Fix: describe use, materials, dimensions and what is in the box.
    Fail: {description = "Bottle."}
    Pass: {description = "A double-wall steel bottle that keeps drinks cold for 24 hours, 750 ml."}
    """

    code, name, field, limit, severity = "D007", "description.min-chars", "description", \
        "min_chars", "warning"


@register
class DescriptionTooFewWords(FieldRule):
    """Description with fewer words than the marketplace asks for.

    Why: TikTok Shop asks for descriptions of at least 30 words; a thin description gives
    shoppers and search too little to go on.
    Fix: describe materials, size, use and what is in the box.
    Fail: {description = "A steel water bottle."}
    Pass: {description = "A double-walled stainless steel water bottle that keeps drinks cold for twenty-four hours and hot for twelve. The wide mouth takes ice cubes, the lid does not leak in a bag, and the powder coat gives a firm grip. Holds 750 ml; fits most car cup holders."}
    """

    code, name, field, severity = "D008", "description.min-words", "description", "warning"
    facts = ("fields.description.min_words",)
    uses_brand = False

    def prepare(self) -> bool:
        self.found = self.fact("min_words")
        return self.found is not None

    def check(self, listing: Listing) -> Iterable[Hit]:
        limit, count = int(self.found.value), len(words(listing.description))
        if count < limit:
            yield self.hit(f"description has {count} word(s); {self.ctx.marketplace.id} asks for "
                           f"at least {limit}", uncertain=self.found.uncertain)
