"""JSON and JSON Lines output: the contract for scripts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kzfacts.model import Fact, Hit, Source

if TYPE_CHECKING:
    from kzfacts.coverage import SeedCoverage


def fact_data(fact: Fact, sources: dict[str, Source], score: float | None = None) -> dict[str, Any]:
    """Return a fact as JSON-ready data with its citations' sources resolved."""
    return {
        "id": fact.id,
        "claim": fact.claim,
        "kind": fact.kind,
        "date": fact.date.text if fact.date else None,
        "date_precision": fact.date.precision if fact.date else None,
        "date_note": fact.date_note,
        "topics": list(fact.topics),
        "entities": list(fact.entities),
        "citations": [
            {
                "source": c.source,
                "file": sources[c.source].file,
                "title": sources[c.source].title,
                "author": sources[c.source].author,
                "published": sources[c.source].published,
                "quote": c.quote,
                "line": c.line,
            }
            for c in fact.citations
        ],
        "conflicts_with": list(fact.conflicts_with),
        "score": score,
    }


def source_data(source: Source, facts: int) -> dict[str, Any]:
    """Return a source's metadata and how many facts cite it."""
    return {
        "id": source.id,
        "file": source.file,
        "title": source.title,
        "author": source.author,
        "publisher": source.publisher,
        "published": source.published,
        "published_note": source.published_note,
        "facts": facts,
    }


def hit_data(hits: Iterable[Hit], sources: dict[str, Source]) -> list[dict[str, Any]]:
    """Return search hits as JSON-ready data."""
    return [fact_data(hit.fact, sources, hit.score) for hit in hits]


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
