"""kzfacts: cited facts about Kazakhstan–China relations, searchable from Python and the command line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kzfacts.errors import DataError, Problem
from kzfacts.model import Citation, Fact, Filters, Hit, Source

if TYPE_CHECKING:
    from kzfacts.index import Index
    from kzfacts.store import FactBase

__version__ = "0.1.0"
__all__ = [
    "Citation",
    "DataError",
    "Fact",
    "FactBase",
    "Filters",
    "Hit",
    "Problem",
    "Source",
    "load",
    "open_index",
    "search",
    "timeline",
]


def __getattr__(name: str) -> object:
    """Return FactBase on first use: it lives with the YAML reader, which `import kzfacts` does not load."""
    if name == "FactBase":
        from kzfacts.store import FactBase  # noqa: PLC0415

        return FactBase
    raise AttributeError(f"module 'kzfacts' has no attribute {name!r}")


def load(data: Path | None = None) -> FactBase:
    """Return the validated fact base (the packaged one by default); raise DataError on problems."""
    from kzfacts import store  # noqa: PLC0415 - keeps `import kzfacts` free of YAML

    return store.load(data)


def open_index(data: Path | None = None) -> Index:
    """Return the search index of a fact base, built or taken from the cache."""
    from kzfacts import cache  # noqa: PLC0415

    return cache.open_index(data)


def search(query: str, *, data: Path | None = None, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
    """Return the facts best matching query, best first."""
    from kzfacts import query as queries  # noqa: PLC0415

    return queries.search(open_index(data), query, filters or Filters(), limit)


def timeline(query: str, *, data: Path | None = None, filters: Filters | None = None, limit: int = 50) -> list[Hit]:
    """Return the dated facts matching query, oldest first."""
    from kzfacts import query as queries  # noqa: PLC0415

    return queries.timeline(open_index(data), query, filters or Filters(), limit)
