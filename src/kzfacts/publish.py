"""The fact base as an SQLite database that Datasette serves as it is, with its metadata.json beside it.

Tables: `facts` (full-text indexed over claims, quotes and questions as `facts_fts`, which Datasette
finds by itself), `citations`, `sources`, `topics`, `entities`, and the join tables `fact_topics` and
`fact_entities`, all with foreign keys. sqlite-utils writes them: it declares the keys and sets up the
full-text index the way Datasette looks for it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from kzfacts.errors import OutputError
from kzfacts.records import Fact, Source

LICENSE = "MIT"  # the project's licence (pyproject.toml); the quotes belong to their sources
SEARCHED = ("claim", "quotes", "questions")
COLUMNS = {
    "facts": {
        "claim": "One self-contained claim.",
        "kind": "event, figure, statement, assessment or context.",
        "date": "At the source's precision: YYYY, YYYY-MM, YYYY-MM-DD or START/END.",
        "date_note": "Why the date is what it is, when it is inferred.",
        "topics": "JSON list of topic ids (facet with _facet_array=topics).",
        "entities": "JSON list of canonical names (facet with _facet_array=entities).",
        "quotes": "The exact quotes from the sources, one a line.",
        "questions": "Reader questions the fact answers, one a line.",
        "conflicts_with": "JSON list of facts that disagree with this one.",
        "editor_note": "The editors' own caveat, never the source's.",
    },
    "citations": {"quote": "Exact text of the seed.", "location": "seeds/<file>:<line> of the quote."},
    "sources": {"published_note": "When a date or publisher is inferred rather than printed, how."},
}


def metadata_path(database: Path) -> Path:
    """Return where the Datasette metadata of a database goes: `kzfacts.db` → `kzfacts.metadata.json`."""
    return database.with_suffix(".metadata.json")


@contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    """Yield a path beside target (not yet there) that replaces target whole when the block succeeds."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.unlink(missing_ok=True)
        yield temporary
        temporary.replace(target)
    except (OSError, sqlite3.Error) as error:
        raise OutputError(f"cannot write {target}: {getattr(error, 'strerror', None) or error}") from None
    finally:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)


def _fact_row(fact: Fact) -> dict[str, Any]:
    return {
        "id": fact.id,
        "claim": fact.claim,
        "kind": fact.kind,
        "date": fact.date.text if fact.date else None,
        "date_precision": fact.date.precision if fact.date else None,
        "date_note": fact.date_note,
        "topics": json.dumps(fact.topics, ensure_ascii=False),
        "entities": json.dumps(fact.entities, ensure_ascii=False),
        "quotes": "\n".join(citation.quote for citation in fact.citations),
        "questions": "\n".join(fact.questions),
        "conflicts_with": json.dumps(fact.conflicts_with, ensure_ascii=False),
        "editor_note": fact.editor_note,
    }


def _tables(facts: list[Fact], sources: Iterable[Source], topics: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Return the rows of every table."""
    cited = Counter(source for fact in facts for source in {c.source for c in fact.citations})
    on_topic = Counter(topic for fact in facts for topic in fact.topics)
    named = Counter(entity for fact in facts for entity in fact.entities)
    return {
        "sources": [
            {**{k: v for k, v in source.to_json().items() if k != "boilerplate"}, "facts": cited[source.id]}
            for source in sources
        ],
        "topics": [{"id": topic, "description": text, "facts": on_topic[topic]} for topic, text in topics.items()],
        "entities": [{"id": entity, "facts": count} for entity, count in sorted(named.items())],
        "facts": [_fact_row(fact) for fact in facts],
        "citations": [
            {
                "fact": fact.id,
                "source": c.source,
                "quote": c.quote,
                "file": c.file,
                "line": c.line,
                "location": c.location,
            }
            for fact in facts
            for c in fact.citations
        ],
        "fact_topics": [{"fact": fact.id, "topic": topic} for fact in facts for topic in fact.topics],
        "fact_entities": [{"fact": fact.id, "entity": entity} for fact in facts for entity in fact.entities],
    }


_SCHEMA: dict[str, tuple[tuple[str, ...], str | tuple[str, str], tuple[tuple[str, str], ...]]] = {
    # table: (columns, primary key, foreign keys as (column, table))
    "sources": (("id", "file", "title", "author", "publisher", "published", "published_note", "facts"), "id", ()),
    "topics": (("id", "description", "facts"), "id", ()),
    "entities": (("id", "facts"), "id", ()),
    "facts": (
        (
            "id",
            "claim",
            "kind",
            "date",
            "date_precision",
            "date_note",
            "topics",
            "entities",
            "quotes",
            "questions",
            "conflicts_with",
            "editor_note",
        ),
        "id",
        (),
    ),
    "citations": (
        ("id", "fact", "source", "quote", "file", "line", "location"),
        "id",
        (("fact", "facts"), ("source", "sources")),
    ),
    "fact_topics": (("fact", "topic"), ("fact", "topic"), (("fact", "facts"), ("topic", "topics"))),
    "fact_entities": (("fact", "entity"), ("fact", "entity"), (("fact", "facts"), ("entity", "entities"))),
}
_INTEGERS = frozenset({"facts", "line"})


def _write_database(path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    import sqlite_utils  # noqa: PLC0415 - only this export needs it

    db = sqlite_utils.Database(path)
    with db.conn:
        for name, (columns, pk, foreign) in _SCHEMA.items():
            table = db.table(name)
            integers = _INTEGERS | ({"id"} if name == "citations" else set())
            table.create(
                {column: int if column in integers else str for column in columns},
                pk=pk,
                foreign_keys=[(column, other, "id") for column, other in foreign],
            )
            table.insert_all(rows[name])
        db.table("facts").enable_fts(list(SEARCHED), fts_version="FTS5", tokenize="porter")
    db.index_foreign_keys()
    db.vacuum()
    db.close()


def _metadata(name: str, sources: Iterable[Source]) -> dict[str, Any]:
    listed = list(sources)
    described = "; ".join(f"{s.id}: {s.label()}" for s in listed)
    return {
        "title": "kzfacts: Kazakhstan–China relations, cited facts",
        "description": "Self-contained claims, each citing the source documents that state it with an exact quote.",
        "license": LICENSE,
        "source": f"{len(listed)} documents: {described}",
        "databases": {
            name: {
                "tables": {
                    "facts": {
                        "description": f"One row a fact; search covers {', '.join(SEARCHED)}.",
                        "label_column": "claim",
                        "facets": ["kind"],
                        "fts_table": "facts_fts",
                        "fts_pk": "rowid",
                        "columns": COLUMNS["facts"],
                    },
                    "citations": {"description": "Every quote of every fact.", "columns": COLUMNS["citations"]},
                    "sources": {
                        "description": " ".join(f"{s.id}: {s.published_note}" for s in listed if s.published_note),
                        "label_column": "title",
                        "columns": COLUMNS["sources"],
                    },
                    "topics": {"description": "The topic vocabulary.", "label_column": "description"},
                    "entities": {"description": "Canonical names the facts are about."},
                },
            },
        },
    }


def write(path: Path, facts: list[Fact], sources: dict[str, Source], topics: dict[str, str]) -> Path:
    """Write the facts to a new SQLite database at path (replacing it whole) and its metadata; return that."""
    metadata = metadata_path(path)
    with _replacing(path) as temporary:
        _write_database(temporary, _tables(facts, sources.values(), topics))
    with _replacing(metadata) as temporary:
        document = json.dumps(_metadata(path.stem, sources.values()), ensure_ascii=False, indent=2)
        temporary.write_text(document + "\n", encoding="utf-8")
    return metadata
