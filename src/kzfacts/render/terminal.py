"""Text for a terminal, rendered with rich: styles, tables that wrap at word boundaries, links to seeds.

Imported only when stdout is a terminal (or styling is forced); data from the fact base is always
rich `Text`, never markup, so brackets and escape codes in it are shown as they are.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from kzfacts import text
from kzfacts.render import clean, fact_meta

if TYPE_CHECKING:
    from rich.table import Table

    from kzfacts.records import Citation, Fact, Hit, Source
    from kzfacts.reports import Verification
    from kzfacts.seeds import Seed
    from kzfacts.sentences import SeedCoverage

CLAIM, MATCH, META, QUOTE, SOURCE, WARNING = "bold", "bold underline yellow", "cyan", "italic", "dim", "red"
INDENT = 4
WIDE = 80  # narrower terminals get blocks instead of wide tables
_SPACE = re.compile(r"\s+")
_TRAILING_SPACE = re.compile(r"(?: |\x1b\[[0-9;]*m)+$", re.MULTILINE)  # rich pads cells to the width


class Terminal:
    """Renders records for a terminal of a given width, in colour or not, linking seed references."""

    def __init__(self, width: int, *, color: bool, root: Path) -> None:
        self.width = width
        self.color = color
        self.root = root

    def _render(self, *items: RenderableType) -> str:
        out = io.StringIO()
        console = Console(
            file=out, width=self.width, force_terminal=True, color_system="standard",
            no_color=not self.color, highlight=False, markup=False, emoji=False, soft_wrap=False,
        )  # fmt: skip
        for item in items:
            console.print(item)
        return _TRAILING_SPACE.sub(lambda end: end.group().replace(" ", ""), out.getvalue())

    def _location(self, citation: Citation) -> Text:
        """Return `seeds/<file>:<line>`, a hyperlink to the seed file."""
        link = (self.root / "seeds" / citation.file).absolute().as_uri()
        return Text(citation.location, style=f"{SOURCE} link {link}")

    def _fact(self, fact: Fact, matched: frozenset[str]) -> Group:
        """Return a fact: claim, meta line, notes, each quote with its source, and conflicts."""
        parts: list[RenderableType] = [_marked(fact.claim, matched, CLAIM)]
        parts.append(Text.assemble((fact_meta(fact), META), (f" · id: {fact.id}", SOURCE)))
        if fact.date_note:
            parts.append(Text(f"date note: {clean(fact.date_note)}", style=SOURCE))
        for citation in fact.citations:
            parts.append(_marked(f"“{citation.quote}”", matched, QUOTE))
            reference = Text.assemble(("— ", SOURCE), (clean(citation.label()), SOURCE), (" (", SOURCE))
            reference.append_text(self._location(citation))
            reference.append(")", style=SOURCE)
            parts.append(Padding(reference, (0, 0, 0, 2)))
        if fact.editor_note:
            parts.append(Text(f"editors' note: {clean(fact.editor_note)}", style=WARNING))
        if fact.conflicts_with:
            parts.append(Text(f"conflicts with: {', '.join(fact.conflicts_with)}", style=WARNING))
        return Group(*parts)

    def _hanging(self, label: str, style: str, body: RenderableType, indent: int) -> str:
        """Return body indented, with label (styled) in the margin of its first line, as a hanging indent."""
        shown = self._render(Padding(body, (0, 0, 0, indent)))
        margin = self._render(Text(label, style=style)).rstrip("\n") + " " * max(indent - len(label), 1)
        return margin + shown[indent:]

    def hits(self, found: Iterable[Hit]) -> str:
        """Return search results, numbered, each with its citations."""
        blocks = [
            self._hanging(f"{n}.", "", self._fact(hit.fact, hit.matched), INDENT) for n, hit in enumerate(found, 1)
        ]
        return "\n".join(blocks)

    def timeline(self, found: Iterable[Hit]) -> str:
        """Return dated facts grouped by year: the date, the claim, its id and first source."""
        hits = list(found)
        width = max((len(hit.fact.date.display()) for hit in hits if hit.fact.date), default=4) + 2
        shown = []
        for year, group in groupby(hits, key=lambda hit: hit.fact.date.start[:4] if hit.fact.date else ""):
            shown.append(self._render(Text(year, style="bold")))
            for hit in group:
                fact, first = hit.fact, hit.fact.citations[0]
                source = Text.assemble((f"{fact.id} · {first.source} (", SOURCE))
                source.append_text(self._location(first))
                source.append(")", style=SOURCE)
                body = Group(_marked(fact.claim, hit.matched, ""), source)
                shown.append(self._hanging(fact.date.display() if fact.date else "", META, body, width))
        return "".join(shown)

    def detail(self, fact: Fact, seeds: dict[str, Seed]) -> str:
        """Return one fact in full, its questions, and each quote highlighted inside its paragraph."""
        items: list[RenderableType] = [Padding(self._fact(fact, frozenset()), (0, 0, 0, INDENT))]
        if fact.questions:
            questions = Text("answers:", style=SOURCE)
            for question in fact.questions:
                questions.append(f"\n  {clean(question)}")
            items.append(Padding(questions, (1, 0, 0, INDENT)))
        for citation in fact.citations:
            seed = seeds.get(citation.source)
            found = seed.find(citation.quote) if seed else None
            if seed is None or found is None:
                continue
            start, end = seed.paragraph(*found)
            paragraph = Text(_flat(seed.text[start : found[0]]).lstrip())
            paragraph.append(_flat(seed.text[found[0] : found[1]]), style=MATCH)
            paragraph.append(_flat(seed.text[found[1] : end]).rstrip())
            heading = self._location(citation)
            heading.append(":")
            items += [Text(""), heading, Padding(paragraph, (0, 0, 0, INDENT))]
        return self._render(*items)

    def sources_table(self, sources: dict[str, Source], counts: dict[str, int]) -> str:
        """Return a table of the sources (one block per source when narrow), then the notes on inferred data."""
        items: list[RenderableType] = []
        if self.width >= WIDE:
            table = _table()
            for name, justify in (("id", "left"), ("facts", "right"), ("published", "left"), ("author", "left")):
                table.add_column(name, justify=justify, no_wrap=name != "author")  # type: ignore[arg-type]
            table.add_column("title, publisher, file", ratio=1, overflow="fold")
            for source in sources.values():
                table.add_row(source.id, str(counts.get(source.id, 0)), source.published, source.author or "—",
                              _described(source))  # fmt: skip
            items.append(table)
        else:
            for source in sources.values():
                facts = f"{counts.get(source.id, 0)} facts · {source.published} · {source.author or 'no author'}"
                items.append(Text.assemble((source.id, "bold"), (f"  {facts}\n", META), _described(source)))
        notes = [
            Text(f"\n{s.id}: {clean(s.published_note)}", style=SOURCE) for s in sources.values() if s.published_note
        ]
        return self._render(*items, *notes)

    def topics_table(self, topics: list[tuple[str, str, int]]) -> str:
        """Return the topics with their fact counts and descriptions."""
        table = _table()
        table.add_column("topic", no_wrap=True)
        table.add_column("facts", justify="right")
        table.add_column("description", ratio=1, overflow="fold")
        for topic, description, count in topics:
            table.add_row(topic, str(count), clean(description))
        return self._render(table)

    def verification(self, found: Verification) -> str:
        """Return a verification: the verdict in colour, the passage, what differs and who cites it."""
        style = "bold green" if found.verdict in ("exact", "normalised") else "bold red"
        if found.passage is None:
            return self._render(Text(f"{found.verdict}: no source has a passage like this ({found.score:.1f})", style))
        heading = Text.assemble((found.verdict, style), f": similarity {found.score:.1f}, ")
        if found.file and found.line:
            link = (self.root / "seeds" / found.file).absolute().as_uri()
            heading.append(found.location or "", style=f"{SOURCE} link {link}")
        items: list[RenderableType] = [heading, Padding(Text(clean(found.passage), style=QUOTE), (0, 0, 0, INDENT))]
        if found.diff:
            items.append(Text("differs (text → source):", style=WARNING))
            for change in found.diff:
                changed = Text.assemble(
                    (change.given or "(nothing)", "strike"), " → ", (change.found or "(nothing)", MATCH)
                )
                items.append(Padding(changed, (0, 0, 0, INDENT)))
        items.append(Text(f"cited by: {', '.join(found.facts) if found.facts else 'no fact'}", style=SOURCE))
        return self._render(*items)

    def coverage_table(self, seeds: list[SeedCoverage], *, missing: bool) -> str:
        """Return each seed's covered sentences and share; with missing, the sentences no fact covers."""
        table = _table()
        names = ("source", "covered", "share", "file") if self.width >= WIDE else ("source", "covered", "share")
        for name in names:
            table.add_column(name, justify="right" if name in ("covered", "share") else "left", no_wrap=True)
        for seed in seeds:
            covered = len(seed.sentences) - len(seed.missing)
            table.add_row(
                *(seed.source.id, f"{covered}/{len(seed.sentences)}", f"{seed.share:.1%}", f"seeds/{seed.source.file}")[
                    : len(names)
                ]
            )
        items: list[RenderableType] = [table]
        if missing:
            items += [
                Text.assemble((f"seeds/{seed.source.file}:{sentence.line}: ", SOURCE), clean(sentence.text))
                for seed in seeds
                for sentence in seed.missing
            ]
        return self._render(*items)


def _table() -> Table:
    """Return an empty table in the house style (rich.table is imported only for tables)."""
    from rich.table import Table  # noqa: PLC0415 - bench: 6 ms that search results do not need

    return Table(box=None, header_style=META, pad_edge=False)


def _flat(text: str) -> str:
    """Return text on one line: each run of whitespace one space, control characters replaced."""
    return clean(_SPACE.sub(" ", text))


def _described(source: Source) -> str:
    """Return a source's title, publisher and file on one line."""
    return clean(", ".join(part for part in (f"“{source.title}”", source.publisher, f"seeds/{source.file}") if part))


def _marked(words: str, matched: frozenset[str], style: str) -> Text:
    """Return text in a style, the words the query matched highlighted (only literal words, "=word", if any)."""
    marked = Text(clean(words), style=style)
    literal = any(term.startswith("=") for term in matched)
    for start, end, term in text.spans(words, exact=literal):
        if ("=" + term if literal else term) in matched:
            marked.stylize(MATCH, start, end)
    return marked
