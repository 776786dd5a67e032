"""kzfacts: cited facts about Kazakhstan–China relations, searchable from Python and the command line."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kzfacts.errors import DataError
    from kzfacts.index import Index
    from kzfacts.model import Citation, Fact, Filters, Hit, Problem, Source
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
# Importing the record classes costs milliseconds and FactBase brings the YAML reader, so each name
# is imported on first use: the command line imports only what a command needs.
_HOMES = {
    "DataError": "kzfacts.errors",
    "FactBase": "kzfacts.store",
    **dict.fromkeys(("Citation", "Fact", "Filters", "Hit", "Problem", "Source"), "kzfacts.model"),
}


def __getattr__(name: str) -> object:
    """Return a public class from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module 'kzfacts' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)


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

    return queries.search(open_index(data), query, filters, limit)


def timeline(query: str, *, data: Path | None = None, filters: Filters | None = None, limit: int = 50) -> list[Hit]:
    """Return the dated facts matching query, oldest first."""
    from kzfacts import query as queries  # noqa: PLC0415

    return queries.timeline(open_index(data), query, filters, limit)
