"""Find the data that ships with listingkit: templates, lexicons, marketplace specs, formats.

In an installed wheel ``templates/`` and ``lexicons/`` live inside the package (the build maps
them there); in a checkout they sit at the top level beside the package. Both are found through
:mod:`importlib.resources`, so nothing depends on the working directory.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

_PACKAGE = "listingkit"


def data_dir(name: str) -> Traversable:
    """Return the folder ``name`` (``templates``, ``lexicons``, ``specs``, ``formats``)."""
    inside = resources.files(_PACKAGE) / name
    if inside.is_dir():
        return inside
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"listingkit data folder {name!r} is missing from this install")
