"""Command bodies: call the library, then hand the records to the output in the chosen format."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import kzfacts
from kzfacts.errors import CheckFailedError, NotFoundError, UsageError
from kzfacts.output import Output, RebuildProgress, message, note
from kzfacts.paths import data_dir
from kzfacts.records import Fact, Hit, Results, Source, json_fields
from kzfacts.render import clean

if TYPE_CHECKING:
    from kzfacts.engine.filters import Filters
    from kzfacts.render.plain import Plain
    from kzfacts.render.terminal import Terminal
    from kzfacts.reports import Problem

FACT_FIELDS = json_fields(Fact)
HIT_FIELDS = json_fields(Hit)
SOURCE_FIELDS = (*json_fields(Source), "facts")
TOPIC_FIELDS = ("topic", "description", "facts")
PROBLEM_FIELDS = ("file", "line", "severity", "code", "message")
MAX_QUERY_SHOWN = 60


def _shown(words: str) -> str:
    shown = clean(words)
    return shown if len(shown) <= MAX_QUERY_SHOWN else shown[: MAX_QUERY_SHOWN - 1] + "…"


def _query(out: Output, words: Sequence[str]) -> str:
    """Return the words as one query; nothing to look for is no result (an empty JSON list)."""
    from kzfacts import text as terms  # noqa: PLC0415 - the term splitter, not the renderer

    if not words:
        raise UsageError("give some words to look for", "WORDS")
    query = " ".join(words).strip()
    if not query or not terms.terms(query):
        _empty(out)
        shown = f"nothing to search for in {_shown(query)!r}: only common words"
        raise NotFoundError(shown if query else "the query is empty: give some words to look for")
    return query


def _view(out: Output, data: Path | None) -> Plain | Terminal:
    """Return the renderer for text output: rich on a terminal, plain text otherwise."""
    if not out.styled:
        from kzfacts.render.plain import Plain  # noqa: PLC0415 - text only when asked for (bench: 2 ms)

        return Plain(out.width)
    from kzfacts.render.terminal import Terminal  # noqa: PLC0415 - rich only on a terminal (bench: ~20 ms)

    return Terminal(out.width, color=out.color, root=data_dir(data))


def _limit(limit: int) -> int | None:
    if limit < 0:
        raise UsageError(f"{limit} is not a number of facts: give 1 or more, or 0 for all", "--limit")
    return None if limit == 0 else limit


def _empty(out: Output) -> None:
    """Write an empty result as JSON writes it, `[]`, so that scripts always get a document."""
    if out.format == "json":
        out.write("[]\n")


def _listed(out: Output, results: Results, query: str | None, data: Path | None, *, timeline: bool) -> None:
    for line in () if out.is_data else results.notes:  # what became of the words: for people, never with data
        note(line)
    if not results.hits:
        _empty(out)
        words = f" {_shown(query)!r}" if query else ""
        if results.undated:  # the best answers carry no date: a timeline of weaker matches would mislead
            found = "1 fact without a date does" if results.undated == 1 else f"{results.undated} without a date do"
            raise NotFoundError(f"no dated facts match{words}", f"{found}: use search to see them")
        hint = kzfacts.suggest(query, data=data) if query else None
        raise NotFoundError(f"no facts match{words}", f"did you mean {hint!r}?" if hint else None)
    if out.is_data:
        out.items([hit.to_json() for hit in results.hits], HIT_FIELDS)
    else:
        view = _view(out, data)
        out.text(view.timeline(results.hits) if timeline else view.hits(results.hits))
    if len(results.hits) < results.total and not out.is_data:
        note(f"showing {len(results.hits)} of {results.total} (use -n 0 for all)")


def _answer(
    out: Output, query: str | None, filters: Filters, limit: int, data: Path | None, *, timeline: bool,
    exact: bool = False,
) -> None:  # fmt: skip
    """Ask the library (a progress bar on a slow rebuild), then write what it found."""
    ask = kzfacts.timeline if timeline else kzfacts.search
    progress = RebuildProgress()
    try:
        options = {"exact": exact, "progress": progress, "notice": message}
        results = ask(query, data=data, filters=filters, limit=_limit(limit), **options)  # type: ignore[arg-type]
    finally:
        progress.close()
    _listed(out, results, query, data, timeline=timeline)


def search(
    out: Output, words: Sequence[str], filters: Filters, limit: int, data: Path | None, *, exact: bool = False
) -> None:
    """Write the facts best matching the words (exact: the literal words only)."""
    _answer(out, _query(out, words), filters, limit, data, timeline=False, exact=exact)


def when(
    out: Output, words: Sequence[str], filters: Filters, limit: int, data: Path | None, *, exact: bool = False
) -> None:
    """Write the dated facts matching the words (all, without words) as a timeline."""
    query = _query(out, words) if words else None
    if query is None and not filters:
        raise UsageError("give some words, or a filter such as --since 2019", "WORDS")
    _answer(out, query, filters, limit, data, timeline=True, exact=exact)


def show(out: Output, fact_id: str, data: Path | None) -> None:
    """Write one fact in full with its quotes in context, or the facts quoting a `seeds/<file>:<line>`."""
    if fact_id.startswith("seeds/") and ":" in fact_id:
        file, _, line = fact_id.rpartition(":")
        if not line.isdigit():
            raise UsageError(f"{_shown(fact_id)!r}: a seed reference is seeds/<file>:<line>", "ID")
        found = kzfacts.facts_at(file, int(line), data=data, notice=message)
        if not found:
            _empty(out)
            raise NotFoundError(f"no fact quotes {_shown(fact_id)!r}")
        if out.is_data:
            out.items([fact.to_json() for fact in found], FACT_FIELDS)
        else:
            out.text("\n".join(_view(out, data).detail(fact, kzfacts.seeds_of(fact, data)) for fact in found))
        return
    fact = kzfacts.fact(fact_id, data=data, notice=message)
    if out.is_data:
        out.document(fact.to_json(), FACT_FIELDS)
        return
    out.text(_view(out, data).detail(fact, kzfacts.seeds_of(fact, data)))


def sources(out: Output, data: Path | None) -> None:
    """Write the sources with how many facts cite each."""
    listed = kzfacts.sources(data=data, notice=message)
    if out.is_data:
        out.items([{**source.to_json(), "facts": count} for source, count in listed], SOURCE_FIELDS)
    else:
        out.text(_view(out, data).sources_table({s.id: s for s, _ in listed}, {s.id: n for s, n in listed}))


def topics(out: Output, data: Path | None) -> None:
    """Write the topic vocabulary with how many facts are on each topic."""
    listed = kzfacts.topics(data=data, notice=message)
    if out.is_data:
        out.items([dict(zip(TOPIC_FIELDS, row, strict=True)) for row in listed], TOPIC_FIELDS)
    else:
        out.text(_view(out, data).topics_table(listed))


def export(out: Output, filters: Filters, limit: int, data: Path | None) -> None:
    """Write the facts passing the filters, in file order."""
    facts = kzfacts.export(data=data, filters=filters, limit=_limit(limit), notice=message)
    if not out.is_data:
        raise UsageError("export writes data: choose --format json, jsonl, csv or tsv", "--format")
    if not facts:
        _empty(out)
    else:
        out.items([fact.to_json() for fact in facts], FACT_FIELDS)
    if not facts:
        raise NotFoundError("no facts pass the filters")


def export_sqlite(file: Path | None, filters: Filters, limit: int, data: Path | None) -> None:
    """Write the facts passing the filters to an SQLite database for Datasette, with its metadata beside it."""
    from kzfacts.publish import metadata_path  # noqa: PLC0415

    if file is None:
        raise UsageError("give the database to write: kzfacts export --format sqlite kzfacts.db", "FILE")
    count = kzfacts.export_sqlite(file, data=data, filters=filters, limit=_limit(limit))
    metadata = metadata_path(file)
    note(f"wrote {count} facts to {file} and {metadata}; serve them with: datasette {file} -m {metadata}")


def check(out: Output, data: Path | None, annotations: bool) -> None:
    """Write every problem of the fact base; fail when any is an error."""
    checked = kzfacts.check(data)
    problems, errors = checked.problems, checked.errors
    if annotations:
        out.write("".join(_annotation(p) for p in problems))
    elif out.is_data:
        out.items([p.to_json() for p in problems], PROBLEM_FIELDS)
    else:
        out.write("".join(f"{clean(str(p))}\n" for p in problems))
    if errors:
        raise CheckFailedError(f"{len(errors)} problem(s) found")
    counted = f"{checked.facts} facts from {checked.sources} sources"
    message(f"ok: {counted}" + (f" ({len(problems)} warnings)" if problems else ""))
    if off := kzfacts.semantic_status():
        message(off)


def sources_like(incomplete: str) -> list[str]:
    """Return the source ids starting with what was typed (shell completion)."""
    return [source.id for source, _ in kzfacts.sources() if source.id.startswith(incomplete)]


def topics_like(incomplete: str) -> list[str]:
    """Return the topics starting with what was typed (shell completion)."""
    return [topic for topic, _, _ in kzfacts.topics() if topic.startswith(incomplete)]


def ids_like(incomplete: str) -> list[str]:
    """Return the fact ids starting with what was typed (shell completion)."""
    return [fact_id for fact_id in kzfacts.ids() if fact_id.startswith(incomplete)]


def _annotation(problem: Problem) -> str:
    """Return a problem as a GitHub Actions workflow command."""
    level = "error" if problem.severity == "error" else "warning"
    body = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} file={problem.path},line={problem.line or 1},title={problem.code}::{body}\n"


def coverage(out: Output, missing: bool, data: Path | None) -> None:
    """Write the share of each seed's factual sentences that the facts quote."""
    seeds = kzfacts.coverage(data)
    if out.is_data:
        out.items([seed.to_json() for seed in seeds], ("source", "file", "sentences", "covered", "share", "missing"))
    else:
        out.text(_view(out, data).coverage_table(seeds, missing=missing))


def verify(out: Output, quote: str, sources: tuple[str, ...], data: Path | None) -> None:
    """Write whether a source says the text, the passage closest to it and the facts citing that; fail unless said."""
    found = kzfacts.verify(quote, sources=sources, data=data)
    if out.is_data:
        from kzfacts.reports import Verification  # noqa: PLC0415 - only verify defines it (bench: 3 ms)

        out.document(found.to_json(), (*json_fields(Verification), "location"))
    else:
        out.text(_view(out, data).verification(found))
    if found.verdict == "near":
        raise NotFoundError(f"no source says this as written; the closest passage is {found.score:.1f}% similar")
    if not found.found:
        raise NotFoundError("no source says this")


def cite(out: Output, fact_ids: Sequence[str], style: str, data: Path | None, *, every: bool) -> None:
    """Write citations of the facts' sources in a style, with their quotes; or, with every, of all sources."""
    if every == bool(fact_ids):
        raise UsageError("give fact ids to cite, or --all for every source (not both)", "ID")
    written = kzfacts.cite(None if every else fact_ids, style=style, data=data)
    if style in ("bibtex", "csl-json", "ris"):
        out.write(written)
    else:
        out.text(written)
