"""``python -m listingkit``."""

from listingkit.commands import main

if __name__ == "__main__":
    main()
