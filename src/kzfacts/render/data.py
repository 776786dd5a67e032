"""Data for scripts: JSON, JSON Lines, CSV and TSV, written from the records' own JSON shapes."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from kzfacts.errors import UsageError

FORMATS = ("json", "jsonl", "csv", "tsv")
CITATION_COLUMNS = {"source": "sources", "quote": "quotes", "location": "locations"}


def select(items: list[dict[str, Any]], fields: Sequence[str] | None, valid: Sequence[str]) -> list[dict[str, Any]]:
    """Return the items with only the chosen fields, in the order given; raise UsageError for unknown ones."""
    if not fields:
        return items
    unknown = [name for name in fields if name not in valid]
    if unknown:
        raise UsageError(f"unknown field {unknown[0]!r} (choose from {', '.join(valid)})", "--fields")
    return [{name: item.get(name) for name in fields} for item in items]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(item) for item in value)
    return str(value)


def _flat(item: dict[str, Any]) -> dict[str, str]:
    """Return an item as one CSV row: lists joined with '; ', citations as sources, quotes and locations."""
    row: dict[str, str] = {}
    for key, value in item.items():
        if key == "citations" and isinstance(value, list):
            for part, column in CITATION_COLUMNS.items():
                joiner = "\n" if part == "quote" else "; "
                row[column] = joiner.join(str(citation[part]) for citation in value)
        else:
            row[key] = _cell(value)
    return row


def write(items: list[dict[str, Any]], data_format: str) -> str:
    """Return the items in a data format: json, jsonl, csv or tsv."""
    if data_format == "json":
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    if data_format == "jsonl":
        return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    return table(items, "\t" if data_format == "tsv" else ",")


def document(item: object) -> str:
    """Return one JSON document, ending in a newline."""
    return json.dumps(item, ensure_ascii=False, indent=2) + "\n"


def table(items: Iterable[dict[str, Any]], delimiter: str) -> str:
    """Return items as CSV (or TSV), a header row first; control characters in cells are escaped."""
    import csv  # noqa: PLC0415 - only CSV and TSV output (bench: 1 ms)

    rows = [_flat(item) for item in items]
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: _escaped(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


def _escaped(text: str) -> str:
    return "".join(ch if ch.isprintable() or ch in "\n\t" else f"\\x{ord(ch):02x}" for ch in text)
