"""Translation for listings: deep-translator engines with timeouts and retries, a glossary of
protected terms, and a SQLite translation memory exchangeable as TMX or CSV."""

from listingkit.translate.glossary import Glossary, GlossaryViolation
from listingkit.translate.memory import Entry, Memory, default_path
from listingkit.translate.service import Outcome, Segment, TranslationService

__all__ = ["Entry", "Glossary", "GlossaryViolation", "Memory", "Outcome", "Segment",
           "TranslationService", "default_path"]
