"""Turning facts into output: one module per format; this module holds what they share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzfacts import text

if TYPE_CHECKING:
    from kzfacts.model import Fact, Source


def clean(text: str) -> str:
    """Return text safe for a terminal: control characters (escape codes too) replaced by �."""
    return "".join(ch if ch.isprintable() or ch == "\n" else "\ufffd" for ch in text)


def source_label(source: Source) -> str:
    """Return a one-line reference: author, “title”, publisher, date."""
    parts = [source.author, f"“{source.title}”", source.publisher, source.published]
    return ", ".join(part for part in parts if part)


def fact_meta(fact: Fact) -> str:
    """Return the kind, date and topics of a fact on one line."""
    parts = [fact.kind]
    if fact.date:
        parts.append(fact.date.display())
    parts.append(", ".join(fact.topics))
    return " · ".join(parts)


def matched_spans(claim: str, matched: frozenset[str]) -> list[tuple[int, int]]:
    """Return the spans of the claim's words that a query matched."""
    return [(start, end) for start, end, term in text.spans(claim) if term in matched]


def location(file: str, line: int) -> str:
    """Return where a quote is: `seeds/<file>:<line>`."""
    return f"seeds/{file}:{line}"
