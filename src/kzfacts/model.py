"""The records of a fact base: sources, citations, facts, and search hits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kzfacts.dates import FactDate, parse

KINDS = ("event", "figure", "statement", "assessment", "context")


@dataclass(frozen=True, slots=True)
class Source:
    """One seed document and its bibliographic metadata."""

    id: str
    file: str
    title: str
    author: str | None
    publisher: str | None
    published: str
    published_note: str | None = None
    boilerplate: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Citation:
    """An exact quote from a source, with the seed line it starts on."""

    source: str
    quote: str
    line: int


@dataclass(frozen=True, slots=True)
class Fact:
    """One self-contained, cited claim, with where it is defined (`path`, `line`)."""

    id: str
    claim: str
    kind: str
    date: FactDate | None
    topics: tuple[str, ...]
    entities: tuple[str, ...]
    citations: tuple[Citation, ...]
    date_note: str | None = None
    conflicts_with: tuple[str, ...] = ()
    path: str = ""
    line: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the fact as plain JSON-ready data, citations unresolved."""
        return {
            "id": self.id,
            "claim": self.claim,
            "kind": self.kind,
            "date": self.date.text if self.date else None,
            "date_note": self.date_note,
            "topics": list(self.topics),
            "entities": list(self.entities),
            "citations": [[c.source, c.quote, c.line] for c in self.citations],
            "conflicts_with": list(self.conflicts_with),
            "path": self.path,
            "line": self.line,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        """Return the fact that `to_dict` turned into data."""
        return cls(
            id=data["id"],
            claim=data["claim"],
            kind=data["kind"],
            date=parse(data["date"]) if data["date"] else None,
            date_note=data["date_note"],
            topics=tuple(data["topics"]),
            entities=tuple(data["entities"]),
            citations=tuple(Citation(*c) for c in data["citations"]),
            conflicts_with=tuple(data["conflicts_with"]),
            path=data["path"],
            line=data["line"],
        )


@dataclass(frozen=True, slots=True)
class Hit:
    """A fact found by a query, its score and the search terms it matched."""

    fact: Fact
    score: float
    matched: frozenset[str]


@dataclass(frozen=True, slots=True)
class Filters:
    """Restrictions on which facts a command lists; empty means no restriction."""

    sources: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
