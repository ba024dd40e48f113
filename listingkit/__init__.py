"""listingkit: write, optimise and check product listings for every marketplace."""

__version__ = "0.1.0"
