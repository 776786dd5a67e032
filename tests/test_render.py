"""Text output: plain or styled, wrapped, never passing control characters through."""

import re

from kzfacts.render import clean
from kzfacts.render.plain import COLOUR, PLAIN, RESET, Page, _paragraph
from kzfacts.seeds import Seed

SEED = Seed("First paragraph.\n\nThe quick brown fox jumps over the lazy dog near the river bank today.\n")


def test_control_characters_are_replaced() -> None:
    assert clean("a\x1b[31mb\x07c\nd") == "a\ufffd[31mb\ufffdc\nd"


def test_plain_paragraph_marks_the_quote() -> None:
    lines = _paragraph(Page(PLAIN, 30), SEED, "fox jumps over the lazy dog")
    assert "\n".join(lines).replace("\n    ", " ").strip() == (
        "The quick brown »fox jumps over the lazy dog« near the river bank today."
    )


def test_styled_paragraph_reopens_the_highlight_on_each_line() -> None:
    lines = _paragraph(Page(COLOUR, 30), SEED, "fox jumps over the lazy dog")
    # At this width the quote starts on the first line and goes on to the second.
    assert lines[0].endswith(f"{COLOUR.match}fox jumps{RESET}")
    assert lines[1].strip().startswith(f"{COLOUR.match}over the lazy dog{RESET}")
    for line in lines:  # each line closes what it opens: no style runs into the margin or the next line
        assert line.count(COLOUR.match) == line.count(RESET)
    highlighted = re.findall(f"{re.escape(COLOUR.match)}(.*?){re.escape(RESET)}", "\n".join(lines))
    assert " ".join(highlighted) == "fox jumps over the lazy dog"
    assert all("»" not in line and "«" not in line for line in lines)
