"""Alias phrases, longest names first; and reading the index as little as possible."""

from kzfacts import open_index
from kzfacts.engine.index import alias_phrases, find_phrases
from kzfacts.engine.query import search
from kzfacts.text import terms
from tests.conftest import FIXTURE

GROUPS = [("Belt and Road Initiative", "Belt and Road", "BRI", "One Belt One Road"), ("Astana", "Nur-Sultan")]


def test_every_name_maps_to_its_group() -> None:
    phrases = alias_phrases(GROUPS)
    assert phrases[("bri",)] == phrases[("belt", "road", "initi")] == "~belt-road-initi"
    assert phrases[("nur", "sultan")] == "~astana"


def test_the_longest_name_wins() -> None:
    words = terms("the Belt and Road Initiative reached Nur-Sultan")
    found = find_phrases(words, alias_phrases(GROUPS))
    assert [(words[start:end], group) for start, end, group in found] == [
        (["belt", "road", "initi"], "~belt-road-initi"),
        (["nur", "sultan"], "~astana"),
    ]


def test_a_search_reads_each_term_and_fact_once() -> None:
    index = open_index(FIXTURE)
    statements: list[str] = []
    index.conn.set_trace_callback(statements.append)
    found = search(index, "oil pipeline contractor")
    [hit.to_json() for hit in found]  # what JSON output reads
    assert found
    assert sum("FROM terms" in statement for statement in statements) == 1
    assert sum("FROM facts" in statement for statement in statements) == 1
