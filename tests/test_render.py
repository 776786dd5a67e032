"""Text output: plain or styled, wrapped, never passing control characters through."""

from kzfacts.render import clean
from kzfacts.render.plain import COLOUR, PLAIN, Page, _paragraph
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
    assert len(lines) > 1
    for line in lines[1:]:
        if "lazy" in line:
            assert line.strip().startswith(COLOUR.match)
    assert all("»" not in line for line in lines)
