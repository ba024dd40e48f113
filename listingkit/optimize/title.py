"""The deterministic title rewrite: brand first, model, the title's own words without the
repeats, missing key attributes, then missing top keywords while they fit; capitalised the
marketplace's way. No language model: the same input always gives the same title.

A keyword goes into a title only when the listing's own bullets, description or attribute
values (not a category path, whose nodes list alternatives) use it
(``score.add_needs_evidence``): that a quarter of the competitors write "birthday" or "car"
does not make this balloon a birthday balloon, or this tank a car.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

from listingkit.brand import trade_name
from listingkit.errors import ConfigError
from listingkit.keywords.categories import is_path
from listingkit.keywords.kinds import CLAIM_KINDS
from listingkit.listing import Listing
from listingkit.nlp import unaccented
from listingkit.rules.matching import tidy
from listingkit.scoring.bank import KeywordBank, words
from listingkit.scoring.relevance import SPECIFIC, Words, has_digit

ATTRIBUTE_ORDER = ("color", "size", "material", "pack_count")
#: Marks at a token's edges. The trailing run starts after a letter or digit: without the
#: lookbehind (the same matches), each mark of a long inner run ("a---...b") read the rest of
#: the run again (optimize ran past 2 min on a title holding "a" + 100,000 "-" + "b").
_EDGE = re.compile(r"^[\W_]+|(?<![\W_])[\W_]+$")
_SEPARATORS = re.compile(r"\s*(?:,|\s[-–|]\s)\s*")


def _core(token: str) -> str:
    return _EDGE.sub("", token).lower()


def _contains(title: str, phrase: str) -> bool:
    ws = words(phrase)
    return bool(ws) and f" {' '.join(ws)} " in f" {' '.join(words(title))} "


def drop_repeats(title: str, limit: int, keep: set[str], small: frozenset[str]) -> str:
    """Drop occurrences of a word past ``limit`` (numbers, brand and small words never) that
    say nothing the title does not: one written twice in a row ("Bottle Bottle") or one
    alone in brackets ("Sports (Bottle)"), the latest first. An occurrence inside a phrase
    stays, even past the limit: "Baby Shower" without "Baby", or "Star Wars" without "Star",
    says something else, so the title keeps T005 for the seller to reword."""
    tokens = title.split(" ")
    cores = [_core(token) for token in tokens]
    counted = [bool(core) and len(core) > 2 and not any(c.isdigit() for c in core)
               and core not in keep and core not in small for core in cores]
    counts = Counter(core for core, ok in zip(cores, counted) if ok)
    drop: set[int] = set()
    for word in [w for w, n in counts.items() if n > limit]:
        at = [i for i, core in enumerate(cores) if core == word and counted[i]]
        spare = [i for i in reversed(at[1:]) if _says_again(tokens, cores, i)]
        drop.update(spare[:len(at) - limit])
    if not drop:
        return tidy(title)
    out: list[str] = []
    lead = ""  # opening punctuation of a dropped word goes to the next word
    for i, token in enumerate(tokens):
        if i in drop:
            stripped = token.lstrip("([{\"'“‘")
            opening = token[:len(token) - len(stripped)]
            trail = stripped[len(stripped.rstrip(",;:|)]}\"'”’.!?")):]
            if opening and trail:  # a wrapped word "(Bottle)" goes with its brackets
                opening, trail = "", trail.lstrip(")]}\"'”’")
            lead += opening
            if trail and out:
                out[-1] += trail
            continue
        out.append(lead + token)
        lead = ""
    return tidy(" ".join(out))


def _says_again(tokens: list[str], cores: list[str], i: int) -> bool:
    """Whether the word at ``i`` repeats the word before it, with only a space between, or
    stands alone in brackets."""
    doubled = i > 0 and cores[i - 1] == cores[i] and _core(tokens[i - 1]) == tokens[i - 1].lower()
    return doubled or tokens[i][:1] in "([{" and tokens[i][-1:] in ")]}"


def brand_first(title: str, brand: str, limit: int, max_repeats: int = 0) -> str:
    """The title with the brand first, spelt the brand's way. A brand already first however
    spaced ("YUGIOH" for "Yu Gi Oh") is respelt, and written twice in a row once ("Kre-O
    Kre-O"). It is not put in front when that would write a word more than ``max_repeats``
    times (0: no limit), which check's T005 fix would then cut from the title's own text
    ("Mickey & Minnie Mouse Minnie Mouse ... Mad About Minnie")."""
    ws = words(brand)
    if not ws:
        return title
    name = brand.strip()
    if name.isupper() or name.islower():  # a brand field in one case ("LACIE", "LINKSYS")
        found = re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", title, re.IGNORECASE)
        if found and not found.group(0).isupper() and not found.group(0).islower():
            name = found.group(0)  # the title's own mixed case is the brand's ("LaCie")
    title = _spelt_first(title, name)
    if title.lower().startswith(name.lower()):
        rest = title[len(name):]
        again = re.match(r"[\s,:-]+" + re.escape(name) + r"(?![\w-])", rest, re.IGNORECASE)
        return name + (rest[again.end():] if again else rest)
    if words(title)[:len(ws)] == ws:  # already first: spell it the brand's way
        match = re.match(r"\W*" + r"\W+".join(re.escape(w) for w in ws), title, re.IGNORECASE)
        if not match:
            return title
        rest = title[match.end():].lstrip(name[len(name.rstrip("®™©()[]., ")):])
        new = name + (rest if not rest or rest[0].isspace() or rest[0] in ",;:" else " " + rest)
        return new if len(new) <= limit else title
    bare = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)  # "Nightmare Before Christmas"
    if bare != name and re.search(r"(?<![\w-])" + re.escape(bare) + r"(?![\w-])", title,
                                  re.IGNORECASE):
        return title  # named without its article ("Disney Nightmare Before Christmas ...")
    parts = _parts(name)
    if len(parts) > 1 and len(parts[0]) > 1 and parts[0] not in _ARTICLES and \
            _parts(title)[:1] == parts[:1]:
        return title  # the brand's first word leads already ("Britains 1:32 ..." of
        # "Britains Farm", "LG Dishwasher" of "LG Electronics"): in front, it would be twice
    if name.lower() in title.lower() or " ".join(ws) in " ".join(words(title)):
        # the name with what introduces it ("made by", "from") and quotes around it
        pattern = re.compile(r"(?:(?<!\w)(?:(?:made|manufactured|designed)\s+)?"
                             r"(?:by|from|von|de|par|di|da|door|av|przez)\s+)?"
                             r"(?:[\"“‘«']" + re.escape(name) + r"[\"”’»']|(?<![\w-])" +
                             re.escape(name) + r"(?![\w-]|['’]s\b))", re.IGNORECASE)
        found = pattern.search(title)
        if not found:  # glued into another word ("XT-XINTE"), or a possessive ("Hydra's
            return title  # edition"): leave it where it is
        if title[found.end():].lstrip().startswith(":"):
            return title  # it begins a longer name ("Star Wars: The Clone Wars")
        rest = pattern.sub("", title, count=1)
    else:
        rest = title
        counts = Counter(_core(t) for t in title.split())
        if max_repeats and any(counts[w] >= max_repeats for w in ws if len(w) > 2):
            return title
    new = tidy(f"{name} {tidy(rest)}")
    return new if len(new) <= limit else title


def _spelt_first(title: str, name: str) -> str:
    """``title`` with its first words respelt ``name`` when, squashed, they are the brand
    ("YUGIOH Booster" -> "Yu Gi Oh Booster"); else as it is."""
    want = re.sub(r"[\W_]+", "", unaccented(name)).lower()
    if not want:
        return title
    got = ""
    for match in re.finditer(r"\S+", title):
        got += re.sub(r"[\W_]+", "", unaccented(match.group(0))).lower()
        if got == want and title[:match.end()].lower() != name.lower():
            trail = match.group(0)[len(match.group(0).rstrip(",;:")):]
            return name + trail + title[match.end():]
        if len(got) >= len(want) or not want.startswith(got):
            break
    return title


#: a brand's first word that says nothing of the brand ("The Puppet Company")
_ARTICLES = frozenset({"the", "a", "an", "le", "la", "les", "el", "los", "il", "der", "die",
                       "das", "de", "het"})


def _parts(text: str) -> list[str]:
    """The lower-case letter/digit runs of ``text``, accents left out ("Revell-Monogram" is
    "revell", "monogram")."""
    return [p for p in re.split(r"[\W_]+", unaccented(text).lower()) if p]


#: what may join the letters of one word ("owner's", "self-watering"), taken out before
#: asking whether a word is letters
_JOINERS = str.maketrans("", "", "'’-")


def capitalise(title: str, style: str, small: frozenset[str], brand: str) -> str:
    if style not in ("title", "sentence"):
        return title
    brand_words = set(words(brand))
    tokens = title.split(" ")
    out = []
    previous_numeric = False
    for i, token in enumerate(tokens):
        core = _core(token)
        lead = len(token) - len(token.lstrip("([\"'"))
        first = token[lead:lead + 1]
        plain = core.translate(_JOINERS).isalpha() and token[lead:].lower() == token[lead:]
        if plain and first.islower() and core not in brand_words \
                and not (previous_numeric and _is_unit(core)) \
                and len(core) > 2 and (i == 0 or (style == "title" and core not in small)):
            token = token[:lead] + first.upper() + token[lead + 1:]
        previous_numeric = any(c.isdigit() for c in core)
        out.append(token)
    return " ".join(out)


def _is_unit(word: str) -> bool:
    """Whether ``word`` is a unit ("ml", "inch", "hours"): after a number it stays as written
    ("500 ml"), where another word is capitalised ("3x Optical Zoom")."""
    from listingkit.vocabulary import unit_id

    return unit_id(word) is not None


def _pack(value: str, lang: str) -> str:
    value = value.strip()
    if value.isdigit() and lang == "en":
        return f"Pack of {value}" if int(value) > 1 else ""
    return value if not value.isdigit() else ""


def _label(text: str, acronyms: frozenset[str]) -> str:
    return " ".join(w.upper() if w in acronyms else w[:1].upper() + w[1:] if w.islower()
                    else w for w in text.split())


def rewrite(title: str, listing: Listing, policy: Any, bank: KeywordBank | None,
            small: frozenset[str], acronyms: frozenset[str] = frozenset()) -> str:
    """One pass of the rewrite (callers repeat it until it settles)."""
    limit = policy.title_max
    budget = max(policy.sweet[1], min(len(title), limit))  # additions stop at the sweet spot
    keep = set(words(listing.brand))
    new = drop_repeats(tidy(title), policy.max_repeats, keep, small)
    name = trade_name(listing.brand)  # "Ganz USA", not the company "Ganz USA LLC"
    if listing.brand.strip().lower() not in NO_BRAND:
        new = brand_first(new, name, limit, policy.max_repeats)
    model = listing.attributes.get("model", "").strip()
    if model and not _contains(new, model) and listing.brand.strip().lower() not in NO_BRAND and \
            len(new) + len(model) + 1 <= budget:
        head = name
        new = tidy(head + " " + model + new[len(head):]) if new.startswith(head) else new
    additions: list[str] = []
    for name in ATTRIBUTE_ORDER:
        value = listing.attributes.get(name, "").strip()
        if name == "pack_count":
            value = _pack(value, policy.lang)
        title_words = set(words(new)) | set(words(" ".join(additions)))
        if value and not _contains(new, value) and not (set(words(value)) & title_words):
            additions.append(value)  # never a word the title has: no repeats, no conflicts
    terms = candidates(bank, policy)
    backed = evidence(listing) if terms and policy.p("add_needs_evidence") else None
    for term in terms:
        have = Words(new, *additions)  # case, hyphens, spaces and plurals folded
        if not have.has(term) and not have.overlaps(term) and (
                backed is None or backed.has(term)):
            additions.append(_label(term.text, acronyms))
    for extra in additions:
        candidate = f"{new}, {extra}" if new else extra
        if len(candidate) <= budget and _fits_bytes(candidate, policy):
            new = candidate
    return capitalise(tidy(new), policy.capitalisation, small, listing.brand)


def evidence(listing: Listing) -> Words:
    """The words of the listing's own bullets, description and attribute values, not a
    category path (its nodes list alternatives): what says a keyword is true of it."""
    return Words(*listing.bullets, listing.description,
                 *(v for k, v in listing.attributes.items() if not is_path(k, v)))


#: keyword kinds a rewrite never adds: they describe one product, not the category
NEVER_ADD = SPECIFIC | CLAIM_KINDS
#: brand values that name no brand (never put first)
NO_BRAND = frozenset({"", "generic", "unbranded", "unknown", "n/a", "na", "none", "no brand",
                      "oem", "other", "-", "unbekannt", "inconnu", "sconosciuto",
                      "desconocido", "desconhecido", "onbekend", "nieznany"})


def candidates(bank: KeywordBank | None, policy: Any) -> list[Any]:
    """The keywords a title may gain: the best ``add_keywords`` terms that are category words
    (not a brand, colour, size, material, pattern, measure or anything with a digit, which
    would make a claim about this product) used by at least ``add_min_share`` of the
    competitors and by ``add_min_competitors`` of them, when that is known (see
    :meth:`~listingkit.scoring.bank.Term.used_by`). The list depends on the bank only, so a
    second run adds nothing new (idempotence). ``bank`` is the part that applies to the
    listing (see :mod:`listingkit.scoring.relevance`)."""
    if not bank:
        return []
    audience, labels = audience_words(policy.lang), attribute_labels(policy.lang)
    fit = [t for t in bank.top(policy.p("top_keywords"))
           if t.kind not in NEVER_ADD and t.words and all(len(w) > 1 for w in t.words)
           and not has_digit(t)
           and t.used_by(policy.p("add_min_share"), policy.p("add_min_competitors"))
           and audience.isdisjoint(w.lower() for w in t.words)
           and not (len(t.words) == 1 and t.words[0].lower() in labels)]
    return fit[:policy.p("add_keywords")]


@cache
def attribute_labels(lang: str) -> frozenset[str]:
    """Words that name a kind of attribute, not a value (lexicon ``attribute_labels``:
    "finish", "colour", "size"): descriptions write them after every value ("Black
    Finish"), so they rank high, but alone they say nothing; never added on their own."""
    from listingkit.lexicons import word_list

    try:
        return frozenset(word_list("attribute_labels", lang))
    except ConfigError:
        return frozenset()


@cache
def audience_words(lang: str) -> frozenset[str]:
    """Words that say who a product is for (lexicon ``audience``: "men", "kids", "damen"). A
    keyword with one is a claim about this product, like a colour, so it is never added: many
    competitors write "for kids", but that does not make this watch a children's watch."""
    from listingkit.lexicons import word_list

    return frozenset(word_list("audience", lang))


_SEP = r"(?:\s*[,;:|/]\s*|\s+[-–—]\s+)"
_GONE = "\x00"
_CLEANUPS = ((re.compile(r"[(\[]\s*\x00\s*[)\]]"), _GONE),  # "(Free Shipping)"
             (re.compile(r"(" + _SEP + r")\s*\x00\s*" + _SEP), r"\1"),  # "a - X - b": "a - b"
             (re.compile(r"^\s*\x00\s*(?:" + _SEP + r")?"), ""),  # at the start
             (re.compile(r"(?:" + _SEP + r")?\s*\x00\s*$"), ""),  # at the end
             (re.compile(r"\s*\x00\s*"), " "))


def drop_phrases(title: str, phrases: list[str]) -> str:
    """``title`` without the banned ``phrases`` (case, hyphens and spaces ignored; the "!!!"
    stuck to one goes with it), and without the separators they leave dangling:
    "BEST SELLER!!! Acme Mug - FREE SHIPPING" -> "Acme Mug"."""
    new = title.replace(_GONE, "")
    for phrase in phrases:
        ws = [p for w in words(phrase) for p in re.split(r"[-‐‑]", w) if p]
        if ws:
            body = r"[\s\-‐‑]+".join(re.escape(w) for w in ws)
            new = re.sub(r"(?<![\w-])" + body + r"(?![\w-])[!?*]*", _GONE, new,
                         flags=re.IGNORECASE)
    if _GONE not in new:
        return title
    new = re.sub(r"\x00(?:\s*\x00)+", _GONE, new)
    for pattern, replacement in _CLEANUPS:
        new = pattern.sub(replacement, new)
    return tidy(new)


def _fits_bytes(text: str, policy: Any) -> bool:
    return policy.title_max_bytes is None or len(text.encode("utf-8")) <= policy.title_max_bytes


def shorten(title: str, listing: Listing, policy: Any) -> str | None:
    """Drop trailing comma-separated parts without protected tokens until the title fits."""
    from listingkit.optimize.protect import protected

    if len(title) <= policy.title_max and _fits_bytes(title, policy):
        return title
    parts = _SEPARATORS.split(title)
    need = protected(title, listing)
    # the length of ", ".join(parts[:kept]) in characters and in bytes, kept up to date as
    # parts go (joining the rest after each one was quadratic in the number of parts)
    chars = sum(map(len, parts)) + 2 * (len(parts) - 1)
    size = sum(len(p.encode("utf-8")) for p in parts) + 2 * (len(parts) - 1)
    limit = policy.title_max_bytes
    kept = len(parts)
    while kept > 1:
        last = parts[kept - 1]
        if any(w in need for w in words(last)):
            return None
        kept -= 1
        chars -= len(last) + 2
        size -= len(last.encode("utf-8")) + 2
        if chars <= policy.title_max and (limit is None or size <= limit):
            return ", ".join(parts[:kept])
    return None
