"""Generate each SKU's fields for one marketplace and language.

The catalogue goes through a chunk of listings at a time: the chunk's pieces of text that need
translating (free text and attribute values the vocabulary does not know) go to the
translation service, which serves them from memory or calls the engine in batches; then the
templates are rendered with the translated values and each generated field re-checked. A text
seen in an earlier chunk is neither counted nor translated again (the service keeps a digest of
it). A SKU with pending translations or a failed template is reported and not written; every
other SKU is."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from typing import Any

from listingkit.errors import shown
from listingkit.generate.environment import RenderError, load, make_environment, render
from listingkit.generate.filters import Filters, market_system
from listingkit.generate.selfcheck import FIELDS, Finding, check, limits, rules_runner
from listingkit.listing import Listing
from listingkit.translate.glossary import Glossary
from listingkit.translate.service import Outcome, Segment, TranslationService
from listingkit.vocabulary import concept

#: attribute -> vocabulary used to translate its values
VOCABULARY_ATTRIBUTES = {"color": "color", "material": "material", "size": "size",
                         "pattern": "pattern"}
_WORDY = re.compile(r"[^\W\d_]{2,}")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: listings translated together: their texts are looked up in the memory at once (and what is
#: held besides a digest per distinct text is these listings and their texts)
CHUNK = 32
_RESERVED = {"sku", "title", "brand", "bullets", "description", "search_terms", "attr",
             "source", "lang", "marketplace", "limits", "range", "images"}


@dataclass
class Result:
    """One SKU: the generated listing, and whether it may be written."""

    listing: Listing
    findings: list[Finding] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


class Generator:
    """Templates + translation for one marketplace and one language."""

    def __init__(self, marketplace: Any, lang: str, service: TranslationService,
                 source_lang: str = "en", templates: str | None = None,
                 glossary: Glossary | None = None, language_check: str = "fields",
                 config: Any = None, rules: bool = True) -> None:
        from babel import Locale, UnknownLocaleError

        self.marketplace, self.lang, self.service = marketplace, lang, service
        self.source_lang = source_lang
        self.language_check = language_check
        self.runner = rules_runner(marketplace, config) if rules else None
        self.glossary = glossary or service.glossary
        country = str(marketplace.data.get("country", ""))
        try:
            locale = Locale.parse(f"{lang}_{country}") if country else Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            locale = Locale.parse(lang)
        self.limits = limits(marketplace)
        caps = {n: str(marketplace.value(f"fields.{n}.capitalisation", "sentence"))
                for n in FIELDS}
        self.filters = Filters(lang=lang, locale=locale, system=market_system(marketplace),
                               limits=self.limits, capitalisation=caps, glossary=self.glossary)
        html = {n for n in FIELDS
                if str(marketplace.value(f"fields.{n}.html", "none")) not in ("none", "")}
        self.html_modes = {n: str(marketplace.value(f"fields.{n}.html", "none")) for n in html}
        env = make_environment(templates, html, self.filters.table())
        self.templates = {n: load(env, marketplace.id, n, lang) for n in FIELDS}
        self.candidates = sorted({lang, source_lang, *marketplace.languages})

    # pass 1 ------------------------------------------------------------------------------
    def segments(self, listing: Listing) -> Iterator[Segment]:
        protect = tuple(t for t in (listing.brand, listing.attributes.get("model", ""),
                                    listing.attributes.get("mpn", "")) if t)
        for text in (listing.title, *listing.bullets, listing.description,
                     listing.search_terms):
            if text.strip():
                yield Segment(text, self.source_lang, self.lang, protect)
        for name, value in self._attribute_texts(listing).items():
            if value is None:
                yield Segment(listing.attributes[name], self.source_lang, self.lang, protect)

    def _attribute_texts(self, listing: Listing) -> dict[str, str | None]:
        """Vocabulary translations of attribute values; None where the vocabulary has none."""
        out: dict[str, str | None] = {}
        for name, vocab in VOCABULARY_ATTRIBUTES.items():
            value = listing.attributes.get(name, "")
            if not value.strip():
                continue
            if self.lang == self.source_lang or not _WORDY.search(value):
                out[name] = value  # nothing to translate in "42" or "10 x 20 cm"
            else:
                out[name] = concept(vocab).translate(value, self.lang, self.source_lang)
        return out

    # pass 2 ------------------------------------------------------------------------------
    def run(self, listings: Iterable[Listing],
            progress: Callable[[int, int], None] | None = None,
            ) -> Iterator[Result]:
        """Results in catalogue order, translated :data:`CHUNK` listings at a time: what is
        held is a chunk of listings with their texts, and a digest per distinct text of the
        catalogue (see :mod:`listingkit.translate.chunked`), not every text with its
        translation. ``progress(done, total)`` follows the engine's work, ``total`` being
        every distinct text the memory does not know, counted by a reading pass over
        ``listings`` made first, and so only when an engine is configured (without one there
        is no engine work to follow, and ``progress`` is not called). A one-shot iterator is
        kept in memory for that pass; a Catalogue streams from disk."""
        translation = self.service.chunked()
        if progress is not None and self.service.engine_factory is not None:
            if iter(listings) is listings:
                listings = list(listings)
            total = translation.engine_work(
                seg for listing in listings for seg in self.segments(listing))
            translation.progress = lambda done: progress(done, total)
        stream = iter(listings)
        while chunk := list(islice(stream, CHUNK)):
            outcomes = translation.outcomes(
                seg for listing in chunk for seg in self.segments(listing))
            yield from self._checked([self._made(listing, outcomes) for listing in chunk])

    def generate(self, listing: Listing, outcomes: dict[tuple[str, str, str], Outcome]
                 ) -> Result:
        """One listing generated and checked (:meth:`run` does a chunk at a time)."""
        return self._checked([self._made(listing, outcomes)])[0]

    def _checked(self, made: list[tuple[Listing, Listing, list[Finding]]]) -> list[Result]:
        """Results from (listing, its generated form, the findings so far) each: a form with
        no error so far (a pending text is not checked again) gets the self-check, check's
        rules run over all of them at once (:meth:`~listingkit.lint.Runner.check_rows`)."""
        clean = [not any(f.severity == "error" for f in findings) for _, _, findings in made]
        todo = [out for (_, out, _), ok in zip(made, clean) if ok]
        ruled = iter(self.runner.check_rows(todo, [None] * len(todo))
                     if self.runner is not None and todo else ())
        results = []
        for (listing, out, findings), ok in zip(made, clean):
            if ok:
                glossary = self.glossary.with_terms(t for t in (listing.brand,) if t)
                findings.extend(check(out, self.marketplace, self.lang, self.candidates,
                                      _maker(listing), partial(_without, glossary=glossary),
                                      self.language_check,
                                      next(ruled) if self.runner is not None else None))
            results.append(Result(out, findings))
        return results

    def _made(self, listing: Listing, outcomes: dict[tuple[str, str, str], Outcome]
              ) -> tuple[Listing, Listing, list[Finding]]:
        """The listing, its generated form (templates rendered from its translated texts),
        and the findings of the making (texts not translated, template errors)."""
        findings: list[Finding] = []

        make = _maker(listing)

        def tr(text: str, name: str) -> str:
            if not text.strip():
                return text
            outcome = outcomes.get((self.source_lang, self.lang, text))
            if outcome is None or outcome.text is None:
                reason = outcome.reason if outcome else "not translated"
                status = outcome.status if outcome else "pending"
                findings.append(make(name, f"translation-{status}", "error",
                                     f"{self.source_lang}->{self.lang} {status}: {reason}: "
                                     f"{shown(text)}"))
                return text
            return outcome.text

        attrs = {k: v for k, v in listing.attributes.items() if v.strip()}
        for name, value in self._attribute_texts(listing).items():
            attrs[name] = value if value is not None else tr(listing.attributes[name], name)
        context: dict[str, Any] = {k: v for k, v in attrs.items()
                                   if _IDENT.match(k) and k not in _RESERVED}
        context.update(
            sku=listing.sku, brand=listing.brand, title=tr(listing.title, "title"),
            bullets=[tr(b, "bullets") for b in listing.bullets if b.strip()],
            description=tr(listing.description, "description"),
            search_terms=tr(listing.search_terms, "search_terms"), attr=attrs,
            source={"title": listing.title, "bullets": list(listing.bullets),
                    "description": listing.description, "attributes": dict(listing.attributes)},
            lang=self.lang, marketplace={"id": self.marketplace.id,
                                         "name": self.marketplace.name},
            limits={k: v[0] for k, v in self.limits.items()}, images=list(listing.images))
        fields: dict[str, Any] = {}
        for name, template in self.templates.items():
            if template is None:
                continue
            self.filters.notes.clear()
            try:
                text = render(template, context)
            except RenderError as exc:
                findings.append(make(name, "template-error", "error", str(exc)))
                continue
            for note in self.filters.notes:
                findings.append(make(name, "translation-pending", "error", note))
            fields[name] = self._shape(name, text)
        return listing, replace(listing, attributes={**listing.attributes, **attrs},
                                **fields), findings

    def _shape(self, name: str, text: str) -> Any:
        """Tidy rendered text: bullets are lines; plain fields get single spaces; HTML fields
        that allow only line breaks get ``<br>`` for newlines."""
        if name == "bullets":
            return [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        mode = self.html_modes.get(name)
        if mode == "line-breaks":
            lines = [" ".join(line.split()) for line in text.splitlines()]
            return "<br>".join(line for line in lines if line)
        if mode:
            return text.strip()
        return " ".join(text.split())


def _maker(listing: Listing) -> Callable[[str, str, str, str], Finding]:
    """``make(field, code, severity, message)``: a finding on ``listing`` (its SKU, file and
    row)."""
    src = listing.source

    def make(name: str, code: str, severity: str, message: str) -> Finding:
        return Finding(listing.sku, name, code, severity, message,
                       src.file if src else None, src.row if src else None)
    return make


def _without(text: str, glossary: Glossary) -> str:
    """``text`` minus its protected tokens, which have no language of their own."""
    out, last = [], 0
    for start, end in glossary.spans(text):
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return "".join(out)


