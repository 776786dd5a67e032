"""Command bodies: call the library, then hand the records to the output in the chosen format."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

import kzfacts
from kzfacts.errors import CheckFailedError, NotFoundError, UsageError
from kzfacts.output import Output, RebuildProgress, message, note
from kzfacts.records import Fact, Problem, Results, Source
from kzfacts.render import clean
from kzfacts.render import plain as text

if TYPE_CHECKING:
    from kzfacts.engine.filters import Filters

FACT_FIELDS = (*(f.name for f in fields(Fact) if f.name not in Fact.DERIVED), "date_precision", "score")
SOURCE_FIELDS = (*(f.name for f in fields(Source) if f.name != "boilerplate"), "facts")
TOPIC_FIELDS = ("topic", "description", "facts")
PROBLEM_FIELDS = ("file", "line", "severity", "code", "message")
MAX_QUERY_SHOWN = 60


def _shown(words: str) -> str:
    shown = clean(words)
    return shown if len(shown) <= MAX_QUERY_SHOWN else shown[: MAX_QUERY_SHOWN - 1] + "…"


def _query(words: Sequence[str]) -> str:
    from kzfacts import text as terms  # noqa: PLC0415 - the term splitter, not the renderer

    if not words:
        raise UsageError("give some words to look for", "WORDS")
    query = " ".join(words).strip()
    if not query:
        raise NotFoundError("the query is empty: give some words to look for")
    if not terms.terms(query):
        raise NotFoundError(f"nothing to search for in {_shown(query)!r}: only common words")
    return query


def _page(out: Output) -> text.Page:
    palette = (text.COLOUR if out.color else text.MONOCHROME) if out.styled else text.PLAIN
    return text.Page(palette, out.width)


def _limit(limit: int) -> int | None:
    return None if limit == 0 else limit


def _listed(out: Output, results: Results, query: str | None, data: Path | None, *, timeline: bool) -> None:
    for line in () if out.is_data else results.notes:  # what became of the words: for people, never with data
        note(line)
    if not results.hits:
        hint = kzfacts.suggest(query, data=data) if query else None
        words = f" {_shown(query)!r}" if query else ""
        raise NotFoundError(f"no facts match{words}", f"did you mean {hint!r}?" if hint else None)
    if out.is_data:
        out.items([hit.to_json() for hit in results.hits], FACT_FIELDS)
    else:
        render = text.timeline if timeline else text.hits
        out.text(render(_page(out), results.hits))
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
        results = ask(query, data=data, filters=filters, limit=_limit(limit), exact=exact, progress=progress)  # type: ignore[arg-type]
    finally:
        progress.close()
    _listed(out, results, query, data, timeline=timeline)


def search(
    out: Output, words: Sequence[str], filters: Filters, limit: int, data: Path | None, *, exact: bool = False
) -> None:
    """Write the facts best matching the words (exact: the literal words only)."""
    _answer(out, _query(words), filters, limit, data, timeline=False, exact=exact)


def when(
    out: Output, words: Sequence[str], filters: Filters, limit: int, data: Path | None, *, exact: bool = False
) -> None:
    """Write the dated facts matching the words (all, without words) as a timeline."""
    query = _query(words) if words else None
    if query is None and not filters:
        raise UsageError("give some words, or a filter such as --since 2019", "WORDS")
    _answer(out, query, filters, limit, data, timeline=True, exact=exact)


def show(out: Output, fact_id: str, data: Path | None) -> None:
    """Write one fact in full with its quotes in context, or the facts quoting a `seeds/<file>:<line>`."""
    if fact_id.startswith("seeds/") and ":" in fact_id:
        file, _, line = fact_id.rpartition(":")
        if not line.isdigit():
            raise UsageError(f"{_shown(fact_id)!r}: a seed reference is seeds/<file>:<line>", "ID")
        found = kzfacts.facts_at(file, int(line), data=data)
        if not found:
            raise NotFoundError(f"no fact quotes {_shown(fact_id)!r}")
        if out.is_data:
            out.items([fact.to_json() for fact in found], FACT_FIELDS)
        else:
            out.text("\n".join(text.detail(_page(out), fact, kzfacts.seeds_of(fact, data)) for fact in found))
        return
    fact = kzfacts.fact(fact_id, data=data)
    if out.is_data:
        out.document(fact.to_json(), FACT_FIELDS)
        return
    out.text(text.detail(_page(out), fact, kzfacts.seeds_of(fact, data)))


def sources(out: Output, data: Path | None) -> None:
    """Write the sources with how many facts cite each."""
    listed = kzfacts.sources(data=data)
    if out.is_data:
        out.items([{**source.to_json(), "facts": count} for source, count in listed], SOURCE_FIELDS)
    else:
        out.text(text.sources_table(_page(out), {s.id: s for s, _ in listed}, {s.id: n for s, n in listed}))


def topics(out: Output, data: Path | None) -> None:
    """Write the topic vocabulary with how many facts are on each topic."""
    listed = kzfacts.topics(data=data)
    if out.is_data:
        out.items([dict(zip(TOPIC_FIELDS, row, strict=True)) for row in listed], TOPIC_FIELDS)
    else:
        out.text(text.topics_table(_page(out), listed))


def export(out: Output, filters: Filters, limit: int, data: Path | None) -> None:
    """Write the facts passing the filters, in file order."""
    facts = kzfacts.export(data=data, filters=filters, limit=_limit(limit))
    if not out.is_data:
        raise UsageError("export writes data: choose --format json, jsonl, csv or tsv", "--format")
    if not facts and out.format == "json":
        out.write("[]\n")
    else:
        out.items([fact.to_json() for fact in facts], FACT_FIELDS)
    if not facts:
        raise NotFoundError("no facts pass the filters")


def check(out: Output, data: Path | None, annotations: bool) -> None:
    """Write every problem of the fact base; fail when any is an error."""
    problems = kzfacts.check(data)
    errors = [p for p in problems if p.severity == "error"]
    if annotations:
        out.write("".join(_annotation(p) for p in problems))
    elif out.is_data:
        out.items([p.to_json() for p in problems], PROBLEM_FIELDS)
    else:
        out.write("".join(f"{clean(str(p))}\n" for p in problems))
    if errors:
        raise CheckFailedError(f"{len(errors)} problem(s) found")
    counted = f"{len(kzfacts.export(data=data))} facts from {len(kzfacts.sources(data=data))} sources"
    message(f"ok: {counted}" + (f" ({len(problems)} warnings)" if problems else ""))
    if off := kzfacts.semantic_status():
        message(off)


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
        out.text(text.coverage_table(_page(out), seeds, missing=missing))
