from kzfacts.seeds import Seed
from tests.conftest import Run

TEXT = "Title\n\nFirst line of a paragraph\nthat wraps here.\n\nSecond  paragraph, with\ttabs.\n"


def test_quotes_match_with_whitespace_normalised() -> None:
    seed = Seed(TEXT)
    start, end = seed.find("paragraph that   wraps") or (0, 0)
    assert TEXT[start:end] == "paragraph\nthat wraps"
    assert seed.line_of(start) == 3


def test_other_differences_do_not_match() -> None:
    assert Seed(TEXT).find("Paragraph that wraps") is None
    assert Seed(TEXT).find("") is None


def test_paragraph_is_the_block_between_blank_lines() -> None:
    seed = Seed(TEXT)
    found = seed.find("wraps") or (0, 0)
    start, end = seed.paragraph(*found)
    assert TEXT[start:end] == "First line of a paragraph\nthat wraps here."


def test_without_blank_lines_each_line_is_a_paragraph() -> None:
    """Seed 000 puts one paragraph on each line, with no blank line anywhere."""
    text = "Title\nFirst paragraph, one line.\nSecond paragraph\nThird.\n"
    seed = Seed(text)
    found = seed.find("paragraph, one") or (0, 0)
    assert text[slice(*seed.paragraph(*found))] == "First paragraph, one line."
    across = seed.find("paragraph Third") or (0, 0)  # a span across lines keeps both
    assert text[slice(*seed.paragraph(*across))] == "Second paragraph\nThird."


def test_a_real_seed_without_blank_lines_shows_one_paragraph(run: Run) -> None:
    result = run("show", "kz-cn-trade-12-billion-2008", "--plain", data=None)
    assert result.exit_code == 0
    paragraph = result.stdout.split("seeds/000_17e754e474ee369d.txt:12:\n", 1)[1]
    assert paragraph.lstrip().startswith("»Kazakhstan-China bilateral trade reached $12 billion in 2008«")
    assert "Unrest in Kazakhstan" not in paragraph
