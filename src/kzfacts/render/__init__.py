"""Turning records into output: one module per kind of output; this module holds what they share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzfacts import text

if TYPE_CHECKING:
    from kzfacts.records import Fact


clean = text.printable


def fact_meta(fact: Fact) -> str:
    """Return the kind, date and topics of a fact on one line."""
    parts = [fact.kind]
    if fact.date:
        parts.append(fact.date.display())
    parts.append(", ".join(fact.topics))
    return " · ".join(parts)
