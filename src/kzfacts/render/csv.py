"""CSV export: one row per fact, for spreadsheets, written from the records the index stores."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from kzfacts.render import location

if TYPE_CHECKING:
    from kzfacts.records import FactRecord, SourceRecord

COLUMNS = (
    "id", "claim", "kind", "date", "date_precision", "date_note", "topics", "entities",
    "conflicts_with", "sources", "quotes", "locations",
)  # fmt: skip


def facts_csv(records: Iterable[FactRecord], sources: Mapping[str, SourceRecord]) -> str:
    """Return the facts as CSV; list fields are joined with '; ', quotes with newlines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in records:
        citations = record["citations"]
        writer.writerow(
            [
                record["id"],
                record["claim"],
                record["kind"],
                record["date"] or "",
                record["date_precision"] or "",
                record["date_note"] or "",
                "; ".join(record["topics"]),
                "; ".join(record["entities"]),
                "; ".join(record["conflicts_with"]),
                "; ".join(c["source"] for c in citations),
                "\n".join(c["quote"] for c in citations),
                "; ".join(location(sources[c["source"]]["file"], c["line"]) for c in citations),
            ]
        )
    return out.getvalue()
