"""Generate listing fields from templates, per marketplace and language, with translation."""

from listingkit.generate.run import Generator, Result
from listingkit.generate.selfcheck import Finding

__all__ = ["Finding", "Generator", "Result"]
