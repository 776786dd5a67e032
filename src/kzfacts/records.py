"""One record type per concept of the facts: Source, Citation, Fact, Hit and Results, each owning its JSON shape.

The records that report on the data (Problem, Checked, Verification) are in `reports.py`.

A record's fields are declared once, here. JSON keys, CSV columns (`render/table.py`) and the fields a
fact file may use (`store.py`) are derived from these declarations.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from kzfacts.dates import FactDate, parse

KINDS = ("event", "figure", "statement", "assessment", "context")
SEVERITIES = ("error", "warning")
VERDICTS = ("exact", "normalised", "near", "absent")  # what `verify` finds, best first
STYLES = ("text", "apa", "chicago", "mla", "bibtex", "csl-json", "ris")  # what `cite` writes (bibliography.py)


def _plain(value: object) -> object:
    """Return a field value as JSON data: tuples as lists, dates as text, records as objects."""
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, FactDate):
        return value.text
    if hasattr(value, "to_json"):  # a record inside a record: a citation, a source, a difference
        return value.to_json()
    return value


def label(author: str | None, title: str, publisher: str | None, published: str) -> str:
    """Return a one-line reference: author, “title”, publisher, date (what is known of them)."""
    return ", ".join(part for part in (author, f"“{title}”", publisher, published) if part)


def json_record(record: object, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Return a record's fields as JSON data."""
    return {f.name: _plain(getattr(record, f.name)) for f in fields(record) if f.name not in skip}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Source:
    """One seed document and its bibliographic metadata."""

    id: str
    file: str
    title: str
    published: str
    author: str | None = None
    publisher: str | None = None
    published_note: str | None = None
    boilerplate: tuple[str, ...] = ()

    REQUIRED: ClassVar[tuple[str, ...]] = ("id", "file", "title", "published")

    def to_json(self) -> dict[str, Any]:
        """Return the source as JSON data."""
        return json_record(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Source:
        """Return the source that `to_json` wrote."""
        return cls(**{**data, "boilerplate": tuple(data["boilerplate"])})

    def label(self) -> str:
        """Return a one-line reference: author, “title”, publisher, date."""
        return label(self.author, self.title, self.publisher, self.published)


@dataclass(frozen=True, slots=True)
class Citation:
    """An exact quote from a source, with the seed line it starts on and the source's metadata."""

    source: str
    quote: str
    line: int
    file: str
    title: str
    author: str | None
    publisher: str | None
    published: str

    WRITTEN: ClassVar[tuple[str, ...]] = ("source", "quote")  # what a fact file gives; the rest is resolved

    @property
    def location(self) -> str:
        """Return where the quote is: `seeds/<file>:<line>`."""
        return f"seeds/{self.file}:{self.line}"

    def label(self) -> str:
        """Return a one-line reference to the cited source."""
        return label(self.author, self.title, self.publisher, self.published)

    @classmethod
    def of(cls, source: Source, quote: str, line: int) -> Citation:
        """Return the citation of quote, found at line of source."""
        return cls(source.id, quote, line, source.file, source.title, source.author, source.publisher, source.published)

    def to_json(self) -> dict[str, Any]:
        """Return the citation as JSON data, with its `location`."""
        return {**json_record(self), "location": self.location}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Citation:
        """Return the citation that `to_json` wrote."""
        return cls(**{key: value for key, value in data.items() if key != "location"})


@dataclass(frozen=True, slots=True)
class Fact:
    """One self-contained, cited claim, with where it is defined (`path`, `line`)."""

    id: str
    claim: str
    kind: str
    topics: tuple[str, ...]
    citations: tuple[Citation, ...]
    date: FactDate | None = None
    date_note: str | None = None
    entities: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    conflicts_with: tuple[str, ...] = ()
    editor_note: str | None = None
    path: str = ""
    line: int = 0

    REQUIRED: ClassVar[tuple[str, ...]] = ("id", "claim", "kind", "topics", "citations")
    DERIVED: ClassVar[frozenset[str]] = frozenset({"path", "line"})  # not written in a fact file

    @property
    def defined_at(self) -> str:
        """Return where the fact is defined: `facts/<file>:<line>`."""
        return f"{self.path}:{self.line}"

    def to_json(self) -> dict[str, Any]:
        """Return the fact as JSON data: its fields, the date's precision, citations resolved."""
        data = json_record(self, self.DERIVED)
        data["date_precision"] = self.date.precision if self.date else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], path: str = "", line: int = 0) -> Fact:
        """Return the fact that `to_json` wrote."""
        values = {key: value for key, value in data.items() if key != "date_precision"}
        values["date"] = parse(data["date"]) if data["date"] else None
        values["citations"] = tuple(Citation.from_json(c) for c in data["citations"])
        for name in ("topics", "entities", "questions", "conflicts_with"):
            values[name] = tuple(data[name])
        return cls(**values, path=path, line=line)


def json_fields(record: type) -> tuple[str, ...]:
    """Return the keys of a record type's JSON shape, in order (what `--fields` may choose)."""
    if record is Hit:
        return (*json_fields(Fact), "score")
    if record is Fact:
        return (*fact_fields(), "date_precision")
    return tuple(f.name for f in fields(record))


def fact_fields() -> tuple[str, ...]:
    """Return the fields a fact file may give, in their order."""
    return tuple(f.name for f in fields(Fact) if f.name not in Fact.DERIVED)


def source_fields() -> tuple[str, ...]:
    """Return the fields a source entry may give, in their order."""
    return tuple(f.name for f in fields(Source))


@dataclass(frozen=True, slots=True)
class Hit:
    """A fact a query found, its score and the indexed terms it matched (literal words as "=word")."""

    fact: Fact
    score: float
    matched: frozenset[str]

    def to_json(self) -> dict[str, Any]:
        """Return the fact as JSON data with its score."""
        return {**self.fact.to_json(), "score": self.score}


@dataclass(frozen=True, slots=True)
class Results:
    """What a query found: the hits shown, how many facts matched in all, and notes on the query's words.

    undated: for a timeline, how many facts without a date match as well as the ones it shows must.
    """

    hits: tuple[Hit, ...]
    total: int
    notes: tuple[str, ...] = ()
    undated: int = 0

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __getitem__(self, at: int) -> Hit:
        return self.hits[at]
