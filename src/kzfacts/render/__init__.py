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


def matched_spans(claim: str, matched: frozenset[str]) -> list[tuple[int, int]]:
    """Return the spans of the text's words that a query matched."""
    return [(start, end) for start, end, term in text.spans(claim) if term in matched]
