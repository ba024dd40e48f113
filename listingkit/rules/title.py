"""Title rules (T)."""

from __future__ import annotations

from listingkit.rules.base import register
from listingkit.rules.capitals import AllCaps
from listingkit.rules.kinds import (
    Emoji,
    Html,
    Length,
    ProhibitedChars,
    WordRepeat,
)
from listingkit.rules.phrases import Phrases


@register
class TitleTooLong(Length):
    """Title longer than the marketplace allows, in characters.

    Why: over-long titles are rejected or suppressed from search.
    Fix: cut secondary attributes; keep brand, product type and the key differentiator.
    Fail: {title = "Acme Steel Water Bottle 750 ml Leak-Proof Insulated Keeps Drinks Cold 24 Hours Hot 12 Hours BPA-Free Wide Mouth Lid for Gym Office Hiking Camping Cycling School Kids Adults Blue Green Red Black Set of Two Pack"}
    Pass: {title = "Acme Steel Water Bottle, 750 ml, Insulated, Blue"}
    """

    code, name, field, limit = "T001", "title.max-chars", "title", "max_chars"


@register
class TitleTooManyBytes(Length):
    """Title longer than the marketplace allows, in UTF-8 bytes.

    Why: some marketplaces count bytes, so accented and CJK letters use up the limit faster.
    Fix: shorten the title; each non-ASCII letter takes two to four bytes.
    Fail: {title = "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé"}
    Pass: {title = "Acme Café Mug"}
    """

    code, name, field, limit = "T002", "title.max-bytes", "title", "max_bytes"


@register
class TitleTooShort(Length):
    """Title shorter than the marketplace's minimum.

    Why: a title of one or two words does not tell shoppers or search what the product is.
    Fix: add brand, product type and the main attribute.
    Fail: {title = "Mug"}
    Pass: {title = "Acme Ceramic Coffee Mug, 350 ml, White"}
    """

    code, name, field, limit = "T003", "title.min-chars", "title", "min_chars"


@register
class TitleProhibitedChars(ProhibitedChars):
    """Title contains characters the marketplace prohibits (unless part of the brand name).

    Why: Amazon suppresses titles with ! $ ? _ { } ^ ¬ ¦, and allows ~ # < > * only in
    identifiers and measurements.
    Fix: `--fix` removes them.
    Fail: {title = "Acme Water Bottle!!! Best {New}"}
    Pass: {title = "Acme Water Bottle, 750 ml"}
    """

    code, name, field = "T004", "title.prohibited-chars", "title"


@register
class TitleWordRepeat(WordRepeat):
    """Title repeats a word more often than the marketplace allows.

    Why: Amazon suppresses titles that use the same word more than twice; articles,
    prepositions and conjunctions do not count.
    Fix: `--fix` writes a word doubled in a row once ("Bottle Bottle"), when that is enough.
    Otherwise `--unsafe-fixes` keeps the first occurrences and drops the rest, which can change
    the meaning ("3 Assorted Star Wars" losing "Star", "5 sets of coloured dice" losing
    "dice"): read the result, or reword the title yourself.
    Fail: {title = "Bottle Water Bottle Sports Bottle for Kids"}
    Pass: {title = "Water Bottle for Kids and Adults, for Sports and for School"}
    """

    code, name, field = "T005", "title.word-repeat", "title"


@register
class TitleAllCaps(AllCaps):
    """Title has words in ALL CAPS (acronyms, units, model numbers, the brand and names exempt).

    Why: style guides of most marketplaces ask for title case; capitals read as shouting. A
    name or code written in capitals (BRAVIA, LCSTWAB) is not a common word of the language
    (wordfreq; `check.allcaps_common_zipf`) and is left alone, and so are acronyms
    (lexicons/shared/acronyms.txt), Roman numerals and the brand where it is named.
    Fix: `--fix` capitalises only the first letter of those words, a run of capitals whole
    ("HUGE CHRISTMAS SALE" becomes "Huge Christmas Sale", not "HUGE Christmas SALE").
    Fail: {title = "CLASSIC WOODEN TOY TRAIN SET with Tracks"}
    Pass: {title = "Classic Wooden Toy Train Set with USB LED Light, 40 cm"}
    """

    code, name, field = "T006", "title.all-caps", "title"


@register
class TitlePromotional(Phrases):
    """Title has promotional, guarantee, contact or time-limited wording.

    Why: promotional claims ("best seller", "free shipping", "hot sale") are prohibited in
    titles and get listings suppressed.
    Fix: remove the phrase; put genuine offers in the marketplace's promotion tools.
    Fail: {title = "Acme Water Bottle Free Shipping Hot Sale"}
    Pass: {title = "Acme Water Bottle, 750 ml, Stainless Steel"}
    """

    code, name, field = "T007", "title.promotional", "title"
    lexicons = ("promotional", "guarantee", "contact", "temporary")


@register
class TitleSubjective(Phrases):
    """Title has subjective claims ("amazing", "top quality").

    Why: marketplaces ask for objective facts in titles; subjective claims are ignored by
    search and can break the title rules.
    Fix: replace the claim with a measurable attribute.
    Fail: {title = "Amazing Acme Water Bottle"}
    Pass: {title = "Acme Water Bottle, Keeps Drinks Cold 24 Hours"}
    """

    code, name, field, severity = "T008", "title.subjective", "title", "warning"
    lexicons = ("subjective",)


@register
class TitleEmoji(Emoji):
    """Title has emoji or decorative symbols.

    Why: marketplaces that do not allow them strip them or reject the listing.
    Fix: `--fix` removes them.
    Fail: {title = "Acme Water Bottle ★ 750 ml 🔥"}
    Pass: {title = "Acme Water Bottle, 750 ml"}
    """

    code, name, field = "T009", "title.emoji", "title"


@register
class TitleHtml(Html):
    """Title has HTML tags.

    Why: titles are plain text everywhere; tags show up literally.
    Fix: `--unsafe-fixes` strips the tags.
    Fail: {title = "Acme <b>Water</b> Bottle"}
    Pass: {title = "Acme Water Bottle"}
    """

    code, name, field = "T010", "title.html", "title"


@register
class TitleTooWide(Length):
    """Title wider than the marketplace allows, counting a full-width character as two.

    Why: Rakuten's item name holds 255 half-width or 127 full-width characters; a Japanese
    title within the character limit can still be too wide and is rejected.
    Fix: shorten the title, or use half-width forms of digits and Latin letters.
    Fail: {title = "ステンレス製の真空断熱ボトル、保冷二十四時間と保温十二時間、広口タイプで氷が入れやすく、漏れにくい蓋付き、通勤や通学、オフィス、アウトドアやキャンプ、ジムやヨガにも便利な大容量七百五十ミリリットル、ブルー、グリーン、ブラック、ホワイトの四色展開です"}
    Pass: {title = "Acme 真空断熱ボトル 750ml ブルー"}
    """

    code, name, field, limit = "T011", "title.max-width", "title", "max_width"
