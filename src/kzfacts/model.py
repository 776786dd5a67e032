"""The records of a fact base: sources, citations, facts, search hits and problems.

Creating these frozen dataclasses costs milliseconds at start-up, so commands that write JSON work
from the plain data the index stores (`kzfacts.records`) and never import this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kzfacts.dates import FactDate, parse

if TYPE_CHECKING:
    from kzfacts.records import FactRecord, SourceRecord

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

    def to_record(self) -> SourceRecord:
        """Return the source as plain data."""
        return {
            "id": self.id,
            "file": self.file,
            "title": self.title,
            "author": self.author,
            "publisher": self.publisher,
            "published": self.published,
            "published_note": self.published_note,
            "boilerplate": list(self.boilerplate),
        }

    @classmethod
    def from_record(cls, record: SourceRecord) -> Source:
        """Return the source that `to_record` turned into data."""
        return cls(
            id=record["id"],
            file=record["file"],
            title=record["title"],
            author=record["author"],
            publisher=record["publisher"],
            published=record["published"],
            published_note=record["published_note"],
            boilerplate=tuple(record["boilerplate"]),
        )


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
    questions: tuple[str, ...] = ()
    editor_note: str | None = None
    path: str = ""
    line: int = 0

    def to_record(self) -> FactRecord:
        """Return the fact as plain data, citations unresolved."""
        return {
            "id": self.id,
            "claim": self.claim,
            "kind": self.kind,
            "date": self.date.text if self.date else None,
            "date_precision": self.date.precision if self.date else None,
            "date_note": self.date_note,
            "topics": list(self.topics),
            "entities": list(self.entities),
            "citations": [{"source": c.source, "quote": c.quote, "line": c.line} for c in self.citations],
            "conflicts_with": list(self.conflicts_with),
            "questions": list(self.questions),
            "editor_note": self.editor_note,
            "path": self.path,
            "line": self.line,
        }

    @classmethod
    def from_record(cls, record: FactRecord) -> Fact:
        """Return the fact that `to_record` turned into data."""
        return cls(
            id=record["id"],
            claim=record["claim"],
            kind=record["kind"],
            date=parse(record["date"]) if record["date"] else None,
            date_note=record["date_note"],
            topics=tuple(record["topics"]),
            entities=tuple(record["entities"]),
            citations=tuple(Citation(**c) for c in record["citations"]),
            conflicts_with=tuple(record["conflicts_with"]),
            questions=tuple(record["questions"]),
            editor_note=record["editor_note"],
            path=record["path"],
            line=record["line"],
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

    def __bool__(self) -> bool:
        """Return whether the filters restrict anything."""
        return any((self.sources, self.topics, self.kinds, self.since, self.until))


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in the data, at a file and line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"
