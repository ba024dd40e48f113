"""Deterministic listing optimisation: no language model, the same input gives the same output.

:mod:`.title` the title rewrite, :mod:`.protect` the tokens it must keep, :mod:`.search_terms`
packing the byte budget, :mod:`.run` the :class:`Optimizer` that applies check's safe fixes,
repeats the steps until they settle and keeps the original when the result would score lower.
"""

from listingkit.optimize.run import Optimizer, Outcome

__all__ = ["Optimizer", "Outcome"]
