"""CSV export: one row per fact, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from kzfacts.model import Fact, Source
from kzfacts.render import location

COLUMNS = (
    "id", "claim", "kind", "date", "date_precision", "date_note", "topics", "entities",
    "conflicts_with", "sources", "quotes", "locations",
)  # fmt: skip


def facts_csv(facts: Iterable[Fact], sources: dict[str, Source]) -> str:
    """Return the facts as CSV; list fields are joined with '; ', quotes with newlines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for fact in facts:
        writer.writerow(
            [
                fact.id,
                fact.claim,
                fact.kind,
                fact.date.text if fact.date else "",
                fact.date.precision if fact.date else "",
                fact.date_note or "",
                "; ".join(fact.topics),
                "; ".join(fact.entities),
                "; ".join(fact.conflicts_with),
                "; ".join(c.source for c in fact.citations),
                "\n".join(c.quote for c in fact.citations),
                "; ".join(location(sources[c.source], c.line) for c in fact.citations),
            ]
        )
    return out.getvalue()
