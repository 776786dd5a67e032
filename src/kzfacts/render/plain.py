"""Text for people when the output is not a terminal: plain, wrapped to a width, nothing interpreted."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kzfacts.render import clean, fact_meta

if TYPE_CHECKING:
    from kzfacts.records import Fact, Hit, Source
    from kzfacts.reports import Verification
    from kzfacts.seeds import Seed
    from kzfacts.sentences import SeedCoverage

DATE_WIDTH = 22
MIN_TEXT_WIDTH = 8
INDENT = "    "


class Plain:
    """Renders records as plain text wrapped to a width; a quote in its paragraph is »marked«."""

    def __init__(self, width: int = 100) -> None:
        self.width = width

    def wrap(self, text: str, first: str = "", rest: str = "") -> list[str]:
        """Return text wrapped to the width, keeping hyphenated names (Kenkiyak-Atyrau) whole."""
        width = max(self.width, len(rest) + MIN_TEXT_WIDTH)
        return textwrap.wrap(clean(text), width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False)

    def _fact(self, fact: Fact, number: str = "") -> list[str]:
        indent = " " * max(len(number) + 1, 4)
        lines = self.wrap(fact.claim, number.ljust(len(indent)), indent)
        lines.append(f"{indent}{fact_meta(fact)} · id: {fact.id}")
        if fact.date_note:
            lines += self.wrap(f"date note: {fact.date_note}", indent, indent)
        for citation in fact.citations:
            lines += self.wrap(f"“{citation.quote}”", indent, indent + " ")
            lines += self.wrap(f"— {citation.label()} ({citation.location})", indent + "  ", indent + "    ")
        if fact.editor_note:
            lines += self.wrap(f"editors' note: {fact.editor_note}", indent, indent)
        if fact.conflicts_with:
            lines += self.wrap(f"conflicts with: {', '.join(fact.conflicts_with)}", indent, indent)
        return lines

    def hits(self, found: Iterable[Hit]) -> str:
        """Return search results, numbered, each with its citations."""
        blocks = ["\n".join(self._fact(hit.fact, f"{n}.")) for n, hit in enumerate(found, 1)]
        return "\n\n".join(blocks) + "\n"

    def timeline(self, found: Iterable[Hit]) -> str:
        """Return dated facts as a timeline: the date, then the claim, its id and first source."""
        rows = []
        for hit in found:
            fact, cite = hit.fact, hit.fact.citations[0]
            date = (fact.date.display() if fact.date else "").ljust(DATE_WIDTH)
            lines = self.wrap(fact.claim, date, " " * DATE_WIDTH)
            lines += self.wrap(f"{fact.id} · {cite.source} ({cite.location})", " " * DATE_WIDTH, " " * DATE_WIDTH)
            rows.append("\n".join(lines))
        return "\n".join(rows) + "\n"

    def paragraph(self, seed: Seed, quote: str) -> list[str]:
        """Return the quote's paragraph, wrapped and indented, with the quote »marked«."""
        found = seed.find(quote)
        if found is None:
            return []
        start, end = seed.paragraph(*found)
        text = seed.text
        marked = f"{text[start : found[0]]}»{text[found[0] : found[1]]}«{text[found[1] : end]}"
        return self.wrap(" ".join(marked.split()), INDENT, INDENT)

    def detail(self, fact: Fact, seeds: dict[str, Seed]) -> str:
        """Return one fact in full, its questions, and each quote shown inside its paragraph of the seed."""
        lines = self._fact(fact)
        if fact.questions:
            lines += ["", "answers:"]
            lines += [line for question in fact.questions for line in self.wrap(question, INDENT, INDENT + "  ")]
        for citation in fact.citations:
            if citation.source in seeds:
                lines += ["", f"{citation.location}:", *self.paragraph(seeds[citation.source], citation.quote)]
        return "\n".join(lines) + "\n"

    def sources_table(self, sources: dict[str, Source], counts: dict[str, int]) -> str:
        """Return a table of the sources (id, facts citing it, date, author, publisher and title), then notes."""
        rows = [("id", "facts", "published", "author", "title, publisher, file")]
        rows += [
            (
                s.id,
                str(counts.get(s.id, 0)),
                s.published,
                s.author or "—",
                ", ".join(part for part in (f"“{s.title}”", s.publisher, f"seeds/{s.file}") if part),
            )
            for s in sources.values()
        ]
        widths = [max(len(clean(row[column])) for row in rows) for column in range(4)]
        indent = sum(widths) + 2 * len(widths)
        lines = []
        for row in rows:
            cells = [clean(row[0]).ljust(widths[0]), clean(row[1]).rjust(widths[1])]
            cells += [clean(cell).ljust(width) for cell, width in zip(row[2:4], widths[2:], strict=True)]
            first = "  ".join(cells) + "  "
            lines += self.wrap(row[4], first, " " * indent) or [first]
        for source in sources.values():
            if source.published_note:
                lines += ["", *self.wrap(f"{source.id}: {source.published_note}", "", "  ")]
        return "\n".join(lines) + "\n"

    def topics_table(self, topics: list[tuple[str, str, int]]) -> str:
        """Return the topics with their fact counts and descriptions."""
        width = max((len(topic) for topic, _, _ in topics), default=5)
        lines = [f"{'topic':<{width}}  facts  description"]
        for topic, description, count in topics:
            first = f"{topic:<{width}}  {count:>5}  "
            lines += self.wrap(description, first, " " * len(first))
        return "\n".join(lines) + "\n"

    def coverage_table(self, seeds: list[SeedCoverage], *, missing: bool) -> str:
        """Return each seed's covered sentences and share; with missing, the sentences no fact covers."""
        lines = []
        for seed in seeds:
            covered = len(seed.sentences) - len(seed.missing)
            share = f"{covered:>4}/{len(seed.sentences):<4} {seed.share:7.1%}"
            lines.append(f"{seed.source.id:<16} {share}  seeds/{seed.source.file}")
            if missing:
                lines += [
                    line for s in seed.missing for line in self.wrap(f"seeds/{seed.source.file}:{s.line}: {s.text}")
                ]
        return "\n".join(lines) + "\n"

    def verification(self, found: Verification) -> str:
        """Return a verification: the verdict and where, the passage, what differs (text → source), who cites it."""
        if found.passage is None:
            return f"{found.verdict}: no source has a passage like this (closest similarity {found.score:.1f})\n"
        heading = f"{found.verdict}: {found.location} ({found.source}), similarity {found.score:.1f}"
        lines = [clean(heading), *self.wrap(found.passage, INDENT, INDENT)]
        if found.diff:
            lines.append("differs (text → source):")
            for change in found.diff:
                lines += self.wrap(
                    f"{change.given or '(nothing)'} → {change.found or '(nothing)'}", INDENT, INDENT + "  "
                )
        cited = ", ".join(found.facts) if found.facts else "no fact"
        lines += self.wrap(f"cited by: {cited}", "", INDENT)
        return "\n".join(lines) + "\n"
