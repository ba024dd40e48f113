"""Listing rules for ``listingkit check``: one module per field group.

Codes: T title, B bullets, D description, S search terms, I/IMG images, C identifiers and
catalogue, L language, X (or any code you choose) your own rules from the config.
"""

from listingkit.rules.base import GROUPS, RANK, SEVERITIES, Finding, Fix, Hit, Rule, builtin_rules

__all__ = ["GROUPS", "RANK", "SEVERITIES", "Finding", "Fix", "Hit", "Rule", "builtin_rules"]
