"""Catalogue input and output: every format operators really have, streamed."""

from listingkit.catalogue.reader import CONTAINERS, Catalogue
from listingkit.catalogue.writer import write_catalogue

__all__ = ["CONTAINERS", "Catalogue", "write_catalogue"]
