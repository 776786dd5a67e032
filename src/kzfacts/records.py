"""Facts and sources as plain data: what the index stores and what JSON output is written from.

Defining a TypedDict costs about a millisecond, so the modules that run at every start import these
only for type checking.
"""

from __future__ import annotations

from typing import TypedDict


class SourceRecord(TypedDict):
    """A source as plain data."""

    id: str
    file: str
    title: str
    author: str | None
    publisher: str | None
    published: str
    published_note: str | None
    boilerplate: list[str]


class CitationRecord(TypedDict):
    """A citation as plain data."""

    source: str
    quote: str
    line: int


class FactRecord(TypedDict):
    """A fact as plain data, as the index stores it."""

    id: str
    claim: str
    kind: str
    date: str | None
    date_precision: str | None
    date_note: str | None
    topics: list[str]
    entities: list[str]
    citations: list[CitationRecord]
    conflicts_with: list[str]
    questions: list[str]
    editor_note: str | None
    path: str
    line: int
