"""Rich terminal output: styled, wrapped to the terminal, data never read as markup."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from kzfacts.model import Fact, Hit, Source
from kzfacts.render import fact_meta, location, matched_spans, source_label
from kzfacts.seeds import Seed


def _claim(fact: Fact, matched: frozenset[str]) -> Text:
    claim = Text(fact.claim, style="bold")
    for start, end in matched_spans(fact.claim, matched):
        claim.stylize("bold yellow underline", start, end)
    return claim


def _fact(fact: Fact, sources: dict[str, Source], matched: frozenset[str] = frozenset()) -> Group:
    parts: list[RenderableType] = [
        _claim(fact, matched),
        Text.assemble((fact_meta(fact), "cyan"), (f" · {fact.id}", "dim")),
    ]
    if fact.date_note:
        parts.append(Text(f"date note: {fact.date_note}", style="dim"))
    for citation in fact.citations:
        source = sources[citation.source]
        parts.append(Text(f"“{citation.quote}”", style="italic"))
        parts.append(Text(f"  — {source_label(source)} ({location(source, citation.line)})", style="dim"))
    if fact.conflicts_with:
        parts.append(Text(f"conflicts with: {', '.join(fact.conflicts_with)}", style="red"))
    return Group(*parts)


def hits(console: Console, found: Iterable[Hit], sources: dict[str, Source]) -> None:
    """Print search results, numbered, each with its citations."""
    grid = Table.grid(padding=(0, 1, 1, 0))
    grid.add_column(justify="right", style="dim")
    grid.add_column()
    for number, hit in enumerate(found, 1):
        grid.add_row(f"{number}.", _fact(hit.fact, sources, hit.matched))
    console.print(grid)


def timeline(console: Console, found: Iterable[Hit], sources: dict[str, Source]) -> None:
    """Print dated facts as a compact timeline."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="cyan", no_wrap=True)
    grid.add_column()
    for hit in found:
        fact = hit.fact
        cite = fact.citations[0]
        line = Text.assemble(_claim(fact, hit.matched), (f"  {location(sources[cite.source], cite.line)}", "dim"))
        grid.add_row(fact.date.display() if fact.date else "", line)
    console.print(grid)


def detail(console: Console, fact: Fact, sources: dict[str, Source], seeds: dict[str, Seed]) -> None:
    """Print one fact in full, each quote highlighted inside its paragraph."""
    console.print(_fact(fact, sources))
    for citation in fact.citations:
        seed = seeds.get(citation.source)
        found = seed.find(citation.quote) if seed else None
        if seed is None or found is None:
            continue
        start, end = seed.paragraph(*found)
        paragraph = Text(seed.text[start:end])
        paragraph.stylize("bold yellow", found[0] - start, found[1] - start)
        console.print()
        console.print(Text(location(sources[citation.source], citation.line), style="dim"))
        console.print(paragraph)


def sources_table(console: Console, sources: dict[str, Source], counts: dict[str, int]) -> None:
    """Print the sources with their metadata and fact counts."""
    table = Table(show_lines=False)
    for column in ("id", "title", "author", "publisher", "published", "facts", "file"):
        table.add_column(column, justify="right" if column == "facts" else "left")
    for source in sources.values():
        table.add_row(
            *(
                Text(value or "—")
                for value in (source.id, source.title, source.author, source.publisher, source.published)
            ),
            Text(str(counts.get(source.id, 0))),
            Text(source.file),
        )
    console.print(table)
