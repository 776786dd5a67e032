"""Alias phrases: every name of a group maps to one term, longest names first."""

from kzfacts.index import alias_phrases, find_phrases
from kzfacts.text import terms

GROUPS = [("Belt and Road Initiative", "Belt and Road", "BRI", "One Belt One Road"), ("Astana", "Nur-Sultan")]


def test_every_name_maps_to_its_group() -> None:
    phrases = alias_phrases(GROUPS)
    assert phrases[("bri",)] == phrases[("belt", "road", "initiative")] == "~belt-road-initiative"
    assert phrases[("nur", "sultan")] == "~astana"


def test_the_longest_name_wins() -> None:
    words = terms("the Belt and Road Initiative reached Nur-Sultan")
    found = find_phrases(words, alias_phrases(GROUPS))
    assert [(words[start:end], group) for start, end, group in found] == [
        (["belt", "road", "initiative"], "~belt-road-initiative"),
        (["nur", "sultan"], "~astana"),
    ]
