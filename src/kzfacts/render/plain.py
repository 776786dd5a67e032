"""Text for people when the output is not a terminal: plain, wrapped to a width, nothing interpreted."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from kzfacts.render import clean, fact_meta, matched_spans

if TYPE_CHECKING:
    from kzfacts.records import Fact, Hit, Source, Verification
    from kzfacts.seeds import Seed
    from kzfacts.sentences import SeedCoverage

RESET = "\x1b[0m"
DATE_WIDTH = 22
_OPEN, _CLOSE = "\x02", "\x03"  # marks around a quote while its paragraph is wrapped
MIN_TEXT_WIDTH = 8


class Palette(NamedTuple):
    """The ANSI codes for each part of the output; all empty for plain text."""

    claim: str = ""
    match: str = ""
    meta: str = ""
    quote: str = ""
    source: str = ""
    warning: str = ""

    def paint(self, text: str, code: str) -> str:
        """Return text wrapped in code and a reset, or unchanged when code is empty."""
        return f"{code}{text}{RESET}" if code and text else text


PLAIN = Palette()
COLOUR = Palette(
    claim="\x1b[1m", match="\x1b[1;4;33m", meta="\x1b[36m", quote="\x1b[3m", source="\x1b[2m", warning="\x1b[31m"
)
MONOCHROME = Palette(claim="\x1b[1m", match="\x1b[1;4m", quote="\x1b[3m", source="\x1b[2m", warning="\x1b[1m")


class Page(NamedTuple):
    """How to write text: the palette and the width to wrap to."""

    palette: Palette = PLAIN
    width: int = 100

    def wrap(self, text: str, first: str = "", rest: str = "", code: str = "") -> list[str]:
        """Return text wrapped to the width and painted, keeping hyphenated names (Kenkiyak-Atyrau) whole."""
        width = max(self.width, len(rest) + MIN_TEXT_WIDTH)
        lines = textwrap.wrap(clean(text), width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False)
        return [self.palette.paint(line, code) for line in lines]


def _claim(page: Page, fact: Fact, matched: frozenset[str], first: str, rest: str) -> list[str]:
    """Return the wrapped claim in bold, the words the query matched highlighted."""
    palette, lines = page.palette, list[str]()
    for line in page.wrap(fact.claim, first, rest):
        indent = len(first) if not lines else len(rest)
        body, painted, at = line[indent:], [], 0
        for start, end in matched_spans(body, matched) if palette.match else []:
            painted += [palette.paint(body[at:start], palette.claim), palette.paint(body[start:end], palette.match)]
            at = end
        painted.append(palette.paint(body[at:], palette.claim))
        lines.append(line[:indent] + "".join(painted))
    return lines


def _fact(page: Page, fact: Fact, matched: frozenset[str], number: str = "") -> list[str]:
    palette = page.palette
    indent = " " * max(len(number) + 1, 4)
    lines = _claim(page, fact, matched, number.ljust(len(indent)), indent)
    lines.append(
        indent + palette.paint(fact_meta(fact), palette.meta) + palette.paint(f" · id: {fact.id}", palette.source)
    )
    if fact.date_note:
        lines += page.wrap(f"date note: {fact.date_note}", indent, indent, palette.source)
    for citation in fact.citations:
        lines += page.wrap(f"“{citation.quote}”", indent, indent + " ", palette.quote)
        reference = f"— {citation.label()} ({citation.location})"
        lines += page.wrap(reference, indent + "  ", indent + "    ", palette.source)
    if fact.editor_note:
        lines += page.wrap(f"editors' note: {fact.editor_note}", indent, indent, palette.warning)
    if fact.conflicts_with:
        lines += page.wrap(f"conflicts with: {', '.join(fact.conflicts_with)}", indent, indent, palette.warning)
    return lines


def hits(page: Page, found: Iterable[Hit]) -> str:
    """Return search results, numbered, each with its citations."""
    blocks = ["\n".join(_fact(page, hit.fact, hit.matched, f"{n}.")) for n, hit in enumerate(found, 1)]
    return "\n\n".join(blocks) + "\n"


def timeline(page: Page, found: Iterable[Hit]) -> str:
    """Return dated facts as a timeline: the date, then the claim and where its first quote is."""
    rows = []
    for hit in found:
        fact, cite = hit.fact, hit.fact.citations[0]
        date = (fact.date.display() if fact.date else "").ljust(DATE_WIDTH)
        lines = _claim(page, fact, hit.matched, " " * DATE_WIDTH, " " * DATE_WIDTH)
        lines[0] = page.palette.paint(date, page.palette.meta) + lines[0][DATE_WIDTH:]
        lines += page.wrap(f"{fact.id} · {cite.source} ({cite.location})", " " * DATE_WIDTH, "", page.palette.source)
        rows.append("\n".join(lines))
    return "\n".join(rows) + "\n"


def _paragraph(page: Page, seed: Seed, quote: str) -> list[str]:
    """Return the quote's paragraph, wrapped and indented, with the quote highlighted (or »marked«)."""
    found = seed.find(quote)
    if found is None:
        return []
    start, end = seed.paragraph(*found)
    text = seed.text
    marked = (
        f"{clean(text[start : found[0]])}{_OPEN}{clean(text[found[0] : found[1]])}{_CLOSE}{clean(text[found[1] : end])}"
    )
    code = page.palette.match
    opening, closing = (code, RESET) if code else ("»", "«")
    lines, inside = [], False
    for line in textwrap.wrap(" ".join(marked.split()), max(page.width - 4, MIN_TEXT_WIDTH), break_on_hyphens=False):
        shown = [code] if inside and code else []
        for char in line:
            if char in (_OPEN, _CLOSE):
                inside = char == _OPEN
                shown.append(opening if inside else closing)
            else:
                shown.append(char)
        if inside and code:
            shown.append(RESET)
        lines.append("    " + "".join(shown))
    return lines


def detail(page: Page, fact: Fact, seeds: dict[str, Seed]) -> str:
    """Return one fact in full, its questions, and each quote shown inside its paragraph of the seed."""
    lines = _fact(page, fact, frozenset())
    if fact.questions:
        lines += ["", page.palette.paint("answers:", page.palette.source)]
        lines += [line for question in fact.questions for line in page.wrap(question, "    ", "      ")]
    for citation in fact.citations:
        if citation.source in seeds:
            heading = f"{citation.location}:"
            lines += ["", page.palette.paint(heading, page.palette.source)]
            lines += _paragraph(page, seeds[citation.source], citation.quote)
    return "\n".join(lines) + "\n"


def sources_table(page: Page, sources: dict[str, Source], counts: dict[str, int]) -> str:
    """Return a table of the sources (id, facts citing it, date, author, publisher and title), then notes."""
    palette = page.palette
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
    for number, row in enumerate(rows):
        cells = [clean(row[0]).ljust(widths[0]), clean(row[1]).rjust(widths[1])]
        cells += [clean(cell).ljust(width) for cell, width in zip(row[2:4], widths[2:], strict=True)]
        first = "  ".join(cells) + "  "
        wrapped = page.wrap(row[4], first, " " * indent) or [first]
        code = palette.meta if number == 0 else ""
        lines += [palette.paint(line, code) for line in wrapped]
    for source in sources.values():
        if source.published_note:
            lines += ["", *page.wrap(f"{source.id}: {source.published_note}", "", "  ", palette.source)]
    return "\n".join(lines) + "\n"


def topics_table(page: Page, topics: list[tuple[str, str, int]]) -> str:
    """Return the topics with their fact counts and descriptions."""
    width = max((len(topic) for topic, _, _ in topics), default=5)
    lines = [page.palette.paint(f"{'topic':<{width}}  facts  description", page.palette.meta)]
    for topic, description, count in topics:
        first = f"{topic:<{width}}  {count:>5}  "
        lines += page.wrap(description, first, " " * len(first))
    return "\n".join(lines) + "\n"


def coverage_table(page: Page, seeds: list[SeedCoverage], *, missing: bool) -> str:
    """Return each seed's covered sentences and share; with missing, the sentences no fact covers."""
    lines = []
    for seed in seeds:
        covered = len(seed.sentences) - len(seed.missing)
        lines.append(
            f"{seed.source.id:<16} {covered:>4}/{len(seed.sentences):<4} {seed.share:7.1%}  seeds/{seed.source.file}"
        )
        if missing:
            lines += [line for s in seed.missing for line in page.wrap(f"seeds/{seed.source.file}:{s.line}: {s.text}")]
    return "\n".join(lines) + "\n"


def _words(words: str) -> str:
    return words or "(nothing)"


def verification(page: Page, found: Verification) -> str:
    """Return a verification: the verdict and where, the passage, what differs (text → source) and who cites it."""
    palette = page.palette
    if found.passage is None:
        return f"{found.verdict}: no source has a passage like this (closest similarity {found.score:.1f})\n"
    heading = f"{found.verdict}: {found.location} ({found.source}), similarity {found.score:.1f}"
    lines = [palette.paint(clean(heading), palette.meta), *page.wrap(found.passage, "    ", "    ", palette.quote)]
    if found.diff:
        lines.append(palette.paint("differs (text → source):", palette.warning))
        for change in found.diff:
            lines += page.wrap(f"{_words(change.given)} → {_words(change.found)}", "    ", "      ")
    cited = ", ".join(found.facts) if found.facts else "no fact"
    lines += page.wrap(f"cited by: {cited}", "", "    ", palette.source)
    return "\n".join(lines) + "\n"
