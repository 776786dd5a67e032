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


def test_a_quote_also_in_a_caption_is_placed_in_the_text() -> None:
    """A sentence repeated as an image caption is cited where the article says it (seed 002 has one)."""
    text = "Title\n\nTies constrain cooperation. (Credit Image: Bigstock)\n\nBody. Ties constrain cooperation.\n"
    seed = Seed(text)
    start, _ = seed.find("Ties constrain cooperation.") or (0, 0)
    assert seed.line_of(start) == 5
    assert Seed("Only a caption. (Credit Image: X)\n").find("Only a caption.") == (0, 15)  # still found


def test_the_real_caption_duplicate_is_cited_at_its_paragraph(run: Run) -> None:
    result = run("show", "kz-russia-ties-constrain-kz-cn-cooperation", "--json", data=None)
    assert [c["line"] for c in result.json()["citations"]] == [44]
