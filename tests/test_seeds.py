from kzfacts.seeds import Seed

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
