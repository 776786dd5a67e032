"""kzfacts: cited facts about Kazakhstan–China relations, searchable from Python and the command line.

The library never prints: each verb returns records (`kzfacts.records`) or raises a `KzfactsError`.
"""

from __future__ import annotations

from kzfacts.version import __version__

# The command line imports this package before it can install its signal handlers, so nothing is
# imported here that the interpreter has not loaded already (typing alone takes milliseconds).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import TypeVar

    from kzfacts.engine.filters import Filters
    from kzfacts.engine.index import Index
    from kzfacts.errors import DataError, KzfactsError, NotFoundError, UsageError
    from kzfacts.records import Citation, Fact, Hit, Results, Source
    from kzfacts.reports import Checked, Problem, Verification
    from kzfacts.seeds import Seed
    from kzfacts.sentences import SeedCoverage
    from kzfacts.store import FactBase

__all__ = [
    "Citation",
    "DataError",
    "Fact",
    "Filters",
    "Hit",
    "KzfactsError",
    "NotFoundError",
    "Problem",
    "Results",
    "Source",
    "UsageError",
    "Verification",
    "__version__",
    "check",
    "cite",
    "coverage",
    "export",
    "export_sqlite",
    "fact",
    "facts_at",
    "ids",
    "load",
    "open_index",
    "search",
    "seeds_of",
    "semantic_status",
    "sources",
    "suggest",
    "timeline",
    "topics",
    "verify",
]

# `import kzfacts` stays light, so that the command line can install its signal handlers before the
# heavier modules load: each name is imported on first use.
_HOMES = {
    **dict.fromkeys(("DataError", "KzfactsError", "NotFoundError", "UsageError"), "kzfacts.errors"),
    **dict.fromkeys(("Citation", "Fact", "Hit", "Results", "Source"), "kzfacts.records"),
    **dict.fromkeys(("Checked", "Problem", "Verification"), "kzfacts.reports"),
    "Filters": "kzfacts.engine.filters",
}
if TYPE_CHECKING:
    T = TypeVar("T")
    Notice = Callable[[str], None]


def __getattr__(name: str) -> object:
    """Return a public class from its module on first use."""
    from importlib import import_module  # noqa: PLC0415

    if name not in _HOMES:
        raise AttributeError(f"module 'kzfacts' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)


def load(data: Path | None = None) -> FactBase:
    """Return the validated fact base (the packaged one by default); raise DataError on problems."""
    from kzfacts import store  # noqa: PLC0415 - keeps `import kzfacts` free of YAML

    return store.load(data)


def open_index(data: Path | None = None, **options: object) -> Index:
    """Return the search index of a fact base, built or taken from the cache."""
    from kzfacts import cache  # noqa: PLC0415

    return cache.open_index(data, **options)  # type: ignore[arg-type]


def _answer(data: Path | None, question: Callable[[Index], T], **options: object) -> T:
    """Return question(index); a damaged cached index is rebuilt once and asked again."""
    import sqlite3  # noqa: PLC0415

    try:
        return question(open_index(data, **options))
    except sqlite3.DatabaseError:
        return question(open_index(data, rebuild=True, **options))


def _filtered(data: Path | None, filters: Filters | None, ask: Callable[[Index], T], **options: object) -> T:
    """Return ask(index) once the filters are checked against the fact base (UsageError for unknown values)."""

    def question(index: Index) -> T:
        if filters:
            filters.check(index)
        return ask(index)

    return _answer(data, question, **options)


def search(
    query: str, *, data: Path | None = None, filters: Filters | None = None, limit: int | None = 10,
    exact: bool = False, **options: object,
) -> Results:  # fmt: skip
    """Return the facts best matching query, best first (exact: literal words only); UsageError for bad filters."""
    from kzfacts.engine import query as queries  # noqa: PLC0415

    return _filtered(data, filters, lambda index: queries.search(index, query, filters, limit, exact=exact), **options)


def timeline(
    query: str | None, *, data: Path | None = None, filters: Filters | None = None, limit: int | None = 50,
    exact: bool = False, **options: object,
) -> Results:  # fmt: skip
    """Return the dated facts matching query (all dated facts without one), oldest first; exact: literal words."""
    from kzfacts.engine import query as queries  # noqa: PLC0415

    def ask(index: Index) -> Results:
        return queries.timeline(index, query, filters, limit, exact=exact)

    return _filtered(data, filters, ask, **options)


def fact(fact_id: str, *, data: Path | None = None, **options: object) -> Fact:
    """Return the fact with this id; raise NotFoundError (with a close id as hint) if there is none."""
    from kzfacts.engine import query as queries  # noqa: PLC0415
    from kzfacts.errors import NotFoundError  # noqa: PLC0415

    def ask(index: Index) -> Fact:
        found = index.fact(fact_id)
        if found is None:
            close = queries.suggest_id(index, fact_id)
            raise NotFoundError(f"no fact with id {fact_id!r}", f"did you mean {close!r}?" if close else None)
        return found

    return _answer(data, ask, **options)


def facts_at(file: str, line: int, *, data: Path | None = None, **options: object) -> list[Fact]:
    """Return the facts quoting line `line` of seed `file` (`seeds/` prefix optional)."""
    name = file.removeprefix("seeds/")

    def ask(index: Index) -> list[Fact]:
        facts = index.facts(index.documents(None)).values()
        return [f for f in facts if any(c.file == name and c.line == line for c in f.citations)]

    return _answer(data, ask, **options)


def sources(*, data: Path | None = None, **options: object) -> list[tuple[Source, int]]:
    """Return each source with how many facts cite it."""

    def ask(index: Index) -> list[tuple[Source, int]]:
        counts = index.counts_by_source()
        return [(source, counts[source_id]) for source_id, source in index.sources.items()]

    return _answer(data, ask, **options)


def topics(*, data: Path | None = None, **options: object) -> list[tuple[str, str, int]]:
    """Return each topic id with its description and how many facts are on it."""

    def ask(index: Index) -> list[tuple[str, str, int]]:
        counts = index.counts_by_topic()
        return [(topic, description, counts[topic]) for topic, description in index.topics.items()]

    return _answer(data, ask, **options)


def ids(*, data: Path | None = None, **options: object) -> list[str]:
    """Return every fact id, in file order."""
    return _answer(data, lambda index: index.ids(), **options)


def export(
    *, data: Path | None = None, filters: Filters | None = None, limit: int | None = None, **options: object
) -> list[Fact]:
    """Return the facts passing the filters, in file order."""

    def ask(index: Index) -> list[Fact]:
        docs = index.documents(filters)[:limit]
        found = index.facts(docs)
        return [found[doc] for doc in docs]

    return _filtered(data, filters, ask, **options)


def export_sqlite(
    path: Path, *, data: Path | None = None, filters: Filters | None = None, limit: int | None = None,
    **options: object,
) -> int:  # fmt: skip
    """Write the facts passing the filters to an SQLite database for Datasette, and its metadata; return how many."""
    from kzfacts import publish  # noqa: PLC0415 - sqlite-utils only for this export
    from kzfacts.errors import NotFoundError  # noqa: PLC0415

    facts = export(data=data, filters=filters, limit=limit, **options)
    if not facts:
        raise NotFoundError("no facts pass the filters")
    vocabulary = {topic: description for topic, description, _ in topics(data=data, **options)}
    publish.write(path, facts, sources_by_id(data=data, **options), vocabulary)
    return len(facts)


def cite(
    fact_ids: Sequence[str] | None = None, *, style: str = "text", data: Path | None = None, **options: object
) -> str:
    """Return citations in a style: each fact's sources with its quote and seed line; without ids, every source.

    Styles: text, apa, chicago, mla, bibtex, csl-json, ris. Raise NotFoundError for an unknown fact id.
    """
    from kzfacts import bibliography  # noqa: PLC0415
    from kzfacts.errors import UsageError  # noqa: PLC0415
    from kzfacts.records import STYLES  # noqa: PLC0415

    if style not in STYLES:
        raise UsageError(f"unknown style {style!r} (choose from {', '.join(STYLES)})", "--format")
    sources = sources_by_id(data=data, **options)
    if fact_ids is None:
        return bibliography.write(sources, None, style)
    facts = [fact(fact_id, data=data, **options) for fact_id in dict.fromkeys(fact_ids)]
    pinpoints = [bibliography.Pinpoint(found.id, citation) for found in facts for citation in found.citations]
    return bibliography.write(sources, pinpoints, style)


def check(data: Path | None = None) -> Checked:
    """Return every problem of the fact base (errors and warnings, sorted by file and line) and its size."""
    from kzfacts import store  # noqa: PLC0415 - YAML only for the commands that read the files
    from kzfacts.errors import DataError  # noqa: PLC0415
    from kzfacts.reports import Checked  # noqa: PLC0415

    try:
        base, problems = store.read(data)
    except DataError as error:  # not a fact base at all
        return Checked(tuple(error.problems), 0, 0)
    return Checked(tuple(problems), len(base.facts), len(base.sources))


def coverage(data: Path | None = None) -> list[SeedCoverage]:
    """Return how much of each seed's factual sentences the facts quote."""
    from kzfacts import sentences as measure  # noqa: PLC0415

    return measure.measure(load(data))


def sources_by_id(*, data: Path | None = None, **options: object) -> dict[str, Source]:
    """Return the sources by id."""
    return _answer(data, lambda index: index.sources, **options)


def _seed(root: Path, file: str) -> Seed:
    """Return the seed file's text; raise DataError if it cannot be read."""
    from kzfacts import paths  # noqa: PLC0415
    from kzfacts.errors import DataError  # noqa: PLC0415
    from kzfacts.reports import Problem  # noqa: PLC0415
    from kzfacts.seeds import Seed  # noqa: PLC0415

    try:
        return Seed(paths.read_text(paths.seed_path(root, file)))
    except paths.UnreadableFileError as error:
        raise DataError(
            [Problem(paths.display_path(root / "seeds" / file), error.line, "bad-seed", str(error))]
        ) from None


def seeds_of(fact: Fact, data: Path | None = None) -> dict[str, Seed]:
    """Return the seeds a fact cites, by source id; raise DataError if one cannot be read."""
    from kzfacts import paths  # noqa: PLC0415

    root = paths.data_dir(data)
    return {citation.source: _seed(root, citation.file) for citation in fact.citations}


def verify(text: str, *, sources: Sequence[str] = (), data: Path | None = None, **options: object) -> Verification:
    """Return whether a source (any, or one of these) says text: as written, normalised or nearly, and who cites it."""
    from kzfacts import paths, verification  # noqa: PLC0415
    from kzfacts.engine.filters import Filters  # noqa: PLC0415

    text = verification.checked_text(text)
    facts = export(data=data, filters=Filters(sources=tuple(sources)), limit=None, **options)  # checks sources
    root = paths.data_dir(data)
    seeds = {
        source_id: (source.file, _seed(root, source.file))
        for source_id, source in sources_by_id(data=data, **options).items()
        if not sources or source_id in sources
    }
    return verification.verify(text, seeds, facts)


def semantic_status() -> str | None:
    """Return why semantic matching is off (the model file is missing or unreadable), or None when it is on."""
    from kzfacts.engine import semantic  # noqa: PLC0415

    return semantic.status()


def suggest(query: str, *, data: Path | None = None, **options: object) -> str | None:
    """Return the query with unknown words replaced by the closest indexed words, if any are close."""
    from kzfacts.engine import query as queries  # noqa: PLC0415

    words = _answer(data, lambda index: queries.suggest(index, query), **options)
    return " ".join(words) if words else None
