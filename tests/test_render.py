"""Text output: plain or styled, wrapped, never passing control characters through."""

import re
from pathlib import Path

from kzfacts.records import Citation, Fact, Source
from kzfacts.render import clean
from kzfacts.render.plain import Plain
from kzfacts.render.terminal import MATCH, Terminal
from kzfacts.seeds import Seed

SEED = Seed("First paragraph.\n\nThe quick brown fox jumps over the lazy dog near the river bank today.\n")
QUOTE = "fox jumps over the lazy dog"
SOURCE = Source("s", "s.txt", "Title", "2020")
FACT = Fact("f", "A fox jumped.", "event", ("x",), (Citation.of(SOURCE, QUOTE, 3),))
ANSI = re.compile(r"\x1b\[([0-9;]*)m")


def test_control_characters_are_replaced() -> None:
    assert clean("a\x1b[31mb\x07c\nd") == "a\ufffd[31mb\ufffdc\nd"


def test_plain_paragraph_marks_the_quote() -> None:
    lines = Plain(30).paragraph(SEED, QUOTE)
    assert "\n".join(lines).replace("\n    ", " ").strip() == (
        "The quick brown »fox jumps over the lazy dog« near the river bank today."
    )


def _highlighted(line: str) -> list[str]:
    """Return the runs of a styled line that are in the match style."""
    runs, style, at = [], "", 0
    for code in ANSI.finditer(line):
        if style == "1;4;33" and code.start() > at:
            runs.append(line[at : code.start()])
        style, at = code.group(1), code.end()
    return runs


def test_styled_paragraph_highlights_the_quote_across_lines() -> None:
    shown = Terminal(30, color=True, root=Path()).detail(FACT, {"s": SEED})
    paragraph = shown.split("seeds/s.txt:3")[-1].splitlines()[1:]
    runs = [run for line in paragraph for run in _highlighted(line)]
    assert len([line for line in paragraph if _highlighted(line)]) > 1  # the quote goes on to the next line
    assert " ".join(run.strip() for run in runs) == QUOTE
    for line in paragraph:  # each line closes what it opens: no style runs into the margin or the next line
        codes = ANSI.findall(line)
        assert not codes or codes[-1] in ("", "0")
    assert "»" not in shown
    assert MATCH == "bold underline yellow"
