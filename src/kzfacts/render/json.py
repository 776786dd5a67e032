"""JSON and JSON Lines output: the contract for scripts, written from the records the index stores."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kzfacts.coverage import SeedCoverage
    from kzfacts.query import Match
    from kzfacts.records import CitationRecord, FactRecord, SourceRecord


def fact_data(record: FactRecord, sources: Mapping[str, SourceRecord], score: float | None = None) -> dict[str, Any]:
    """Return a fact as JSON-ready data with its citations' sources resolved."""
    return {
        "id": record["id"],
        "claim": record["claim"],
        "kind": record["kind"],
        "date": record["date"],
        "date_precision": record["date_precision"],
        "date_note": record["date_note"],
        "topics": record["topics"],
        "entities": record["entities"],
        "citations": [_citation_data(citation, sources[citation["source"]]) for citation in record["citations"]],
        "conflicts_with": record["conflicts_with"],
        "questions": record["questions"],
        "editor_note": record["editor_note"],
        "score": score,
    }


def _citation_data(citation: CitationRecord, source: SourceRecord) -> dict[str, Any]:
    return {
        "source": citation["source"],
        "file": source["file"],
        "title": source["title"],
        "author": source["author"],
        "published": source["published"],
        "quote": citation["quote"],
        "line": citation["line"],
    }


def source_data(source: SourceRecord, facts: int) -> dict[str, Any]:
    """Return a source's metadata and how many facts cite it."""
    return {
        "id": source["id"],
        "file": source["file"],
        "title": source["title"],
        "author": source["author"],
        "publisher": source["publisher"],
        "published": source["published"],
        "published_note": source["published_note"],
        "facts": facts,
    }


def match_data(
    matches: Iterable[Match], records: Mapping[int, FactRecord], sources: Mapping[str, SourceRecord]
) -> list[dict[str, Any]]:
    """Return what a query found as JSON-ready data."""
    return [fact_data(records[match.doc], sources, match.score) for match in matches]


def document(data: object) -> str:
    """Return one JSON document, UTF-8 text, ending in a newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def lines(items: Iterable[object]) -> str:
    """Return JSON Lines: one compact object per line."""
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def coverage_data(seed: SeedCoverage) -> dict[str, Any]:
    """Return one seed's coverage: counts, share and the uncovered sentences."""
    return {
        "source": seed.source.id,
        "file": seed.source.file,
        "sentences": len(seed.sentences),
        "covered": len(seed.sentences) - len(seed.missing),
        "share": round(seed.share, 4),
        "missing": [{"line": s.line, "text": s.text} for s in seed.missing],
    }
