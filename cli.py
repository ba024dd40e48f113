#!/usr/bin/env python3
"""Checkout entry point, like Django's manage.py: ``python cli.py --help``.

The installed ``listingkit`` command and ``python -m listingkit`` call the same function.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from listingkit.__main__ import main

if __name__ == "__main__":
    main()
