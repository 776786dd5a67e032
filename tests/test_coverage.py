"""Which seed lines are factual sentences, and when a sentence counts as covered."""

from kzfacts.records import Source
from kzfacts.sentences import sentences

SOURCE = Source("s", "s.txt", "Title", "2020", boilerplate=("^This piece is part of",))
TEXT = """A Title That Is Long Enough To Look Like A Sentence.
Short heading

Dr. Smith met Mr. Jones in the U.S. capital on Monday. They talked for an hour.[i]
[i] Ibid. https://example.org/reference
Publication: China Brief Volume: 19 Issue: 20
This piece is part of a series by the centre on the region.
Table: Summary List of Agreements Signed in 2019.
"""


def test_only_factual_sentences_count() -> None:
    found = [(s.line, s.text) for s in sentences(TEXT, SOURCE)]
    assert found == [
        (4, "Dr. Smith met Mr. Jones in the U.S. capital on Monday."),
        (4, "They talked for an hour.[i]"),
    ]
