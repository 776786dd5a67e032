"""Plain text output: the same information as the terminal view, without styling."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from kzfacts.model import Fact, Hit, Source
from kzfacts.render import fact_meta, location, source_label
from kzfacts.seeds import Seed


def _wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """Return text wrapped to width, keeping hyphenated names (Kenkiyak-Atyrau) whole."""
    return textwrap.wrap(
        text, width, initial_indent=initial_indent, subsequent_indent=subsequent_indent, break_on_hyphens=False
    )


def _fill(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    return "\n".join(_wrap(text, width, initial_indent, subsequent_indent))


def _fact_block(fact: Fact, sources: dict[str, Source], width: int, number: str = "") -> list[str]:
    indent = " " * max(len(number), 4)
    lines = _wrap(fact.claim, width, initial_indent=number.ljust(len(indent)), subsequent_indent=indent)
    lines.append(f"{indent}{fact_meta(fact)} · id: {fact.id}")
    if fact.date_note:
        lines.append(f"{indent}date note: {fact.date_note}")
    for citation in fact.citations:
        source = sources[citation.source]
        lines += _wrap(f"“{citation.quote}”", width, initial_indent=indent, subsequent_indent=indent + " ")
        lines += _wrap(
            f"— {source_label(source)} ({location(source, citation.line)})",
            width,
            initial_indent=indent + "  ",
            subsequent_indent=indent + "    ",
        )
    if fact.conflicts_with:
        lines.append(f"{indent}conflicts with: {', '.join(fact.conflicts_with)}")
    return lines


def hits(found: Iterable[Hit], sources: dict[str, Source], width: int) -> str:
    """Return search results, numbered, each with its citations."""
    blocks = ["\n".join(_fact_block(hit.fact, sources, width, f"{n}.")) for n, hit in enumerate(found, 1)]
    return "\n\n".join(blocks) + "\n"


def timeline(found: Iterable[Hit], sources: dict[str, Source], width: int) -> str:
    """Return dated facts one per line: date, claim, and where the first quote is."""
    rows = []
    for hit in found:
        fact = hit.fact
        date = fact.date.display() if fact.date else ""
        cite = fact.citations[0]
        claim = f"{fact.claim} [{location(sources[cite.source], cite.line)}]"
        rows.append(_fill(claim, width, initial_indent=f"{date:<22}", subsequent_indent=" " * 22))
    return "\n".join(rows) + "\n"


def detail(fact: Fact, sources: dict[str, Source], seeds: dict[str, Seed], width: int) -> str:
    """Return one fact in full, each quote shown inside its paragraph with »…« around it."""
    lines = _fact_block(fact, sources, width)
    for citation in fact.citations:
        seed = seeds.get(citation.source)
        found = seed.find(citation.quote) if seed else None
        if seed is None or found is None:
            continue
        start, end = seed.paragraph(*found)
        shown = seed.text[start : found[0]] + "»" + seed.text[found[0] : found[1]] + "«" + seed.text[found[1] : end]
        lines += ["", f"{location(sources[citation.source], citation.line)}:"]
        lines += _wrap(" ".join(shown.split()), width, initial_indent="    ", subsequent_indent="    ")
    return "\n".join(lines) + "\n"


def sources_table(sources: dict[str, Source], counts: dict[str, int], width: int) -> str:
    """Return the sources with their metadata and fact counts."""
    blocks = []
    for source in sources.values():
        lines = [f"{source.id}  ({counts.get(source.id, 0)} facts)  seeds/{source.file}"]
        lines += _wrap(source_label(source), width, initial_indent="    ", subsequent_indent="    ")
        if source.published_note:
            lines += _wrap(
                f"note: {source.published_note}", width, initial_indent="    ", subsequent_indent="    "
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
