"""The scoring pieces: coverage, what a question asks for, numbers, transliteration, and their effect on order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kzfacts import Filters, open_index, text
from kzfacts.engine import ranking
from kzfacts.engine.query import parse, search
from tests.conftest import FIXTURE

QUOTE = {"source": "edm2004", "quote": "Never have bilateral relations been so close"}


def _base(tmp_path: Path, facts: list[dict[str, object]]) -> Path:
    """Return a fact base of these facts (each citing one sentence of the fixture seeds)."""
    base = tmp_path / "base"
    shutil.copytree(FIXTURE / "seeds", base / "seeds")
    (base / "facts").mkdir()
    for name in ("sources.yaml", "topics.yaml"):
        shutil.copy(FIXTURE / "facts" / name, base / "facts" / name)
    records = [{"kind": "context", "topics": ["trade"], "citations": [QUOTE], **fact} for fact in facts]
    (base / "facts" / "made.yaml").write_text(json.dumps(records), encoding="utf-8")
    return base


def test_coverage_rewards_the_share_of_concepts_matched() -> None:
    assert ranking.coverage(3, 3) == 1.0
    assert ranking.coverage(2, 3) > ranking.coverage(1, 3) > 0
    assert ranking.coverage(0, 0) == 1.0


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("when did Tokayev visit Beijing?", "when"),
        ("In which year was the SCO founded", "when"),
        ("how many Uyghurs live in Kazakhstan", "quantity"),
        ("How long is the border?", "quantity"),
        ("what share of trade", "quantity"),
        ("сколько уйгуров", "quantity"),
        ("когда основана ШОС", "when"),
        ("pipeline", None),
        ("what happened when the Soviet Union collapsed", None),
    ],
)
def test_what_a_question_asks_for(query: str, wanted: str | None) -> None:
    assert ranking.asks_for(text.fold(query).replace("?", "").split()) == wanted


def test_answer_bonus_prefers_dated_events_for_when_and_figures_for_quantities() -> None:
    assert ranking.answer_bonus("when", "event", dated=True, has_number=False) > ranking.answer_bonus(
        "when", "assessment", dated=False, has_number=True
    )
    assert ranking.answer_bonus("quantity", "figure", dated=False, has_number=True) > ranking.answer_bonus(
        "quantity", "event", dated=True, has_number=False
    )
    assert ranking.answer_bonus(None, "figure", dated=True, has_number=True) == 1.0


def test_numbers_in_words_count_as_numbers() -> None:
    assert ranking.has_number(["nine", "million", "uyghurs"])
    assert ranking.has_number(["1108", "miles"])
    assert not ranking.has_number(["the", "border"])


def test_cyrillic_words_are_transliterated() -> None:
    assert text.latin(text.terms("протесты")[0]) == "protest"
    assert text.is_cyrillic("китай")
    assert not text.is_cyrillic("china")


def test_a_fact_matching_more_concepts_ranks_above_one_repeating_a_concept(tmp_path: Path) -> None:
    filler: list[dict[str, object]] = [
        {"id": f"filler-{n}", "claim": f"A pipeline number {n} crosses the steppe."} for n in range(6)
    ]
    base = _base(
        tmp_path,
        [
            {
                "id": "gas-many-times",
                "claim": "Gas, gas and gas: gas fields, gas prices, gas deals.",
                "entities": ["Gas"],
            },
            {"id": "gas-pipeline", "claim": "A new gas pipeline was opened in the west of the country."},
            *filler,
        ],
    )
    index = open_index(base)
    assert search(index, "gas pipeline")[0].fact.id == "gas-pipeline"


def test_years_match_the_dates_of_facts(tmp_path: Path) -> None:
    base = _base(
        tmp_path,
        [
            {
                "id": "dated",
                "claim": "Protesters gathered in the capital.",
                "kind": "event",
                "date": "2001-09-21",
                "date_note": "Made up.",
            },
            {"id": "undated", "claim": "Protesters gathered in a square."},
        ],
    )
    found = search(open_index(base), "protesters 2001")
    assert found[0].fact.id == "dated"
    assert "@2001" not in found[0].matched  # a date term is never shown as a matched word


def test_when_questions_prefer_dated_events(tmp_path: Path) -> None:
    base = _base(
        tmp_path,
        [
            {"id": "opinion", "claim": "Experts say the railway to the border is slow.", "kind": "assessment"},
            {
                "id": "opened",
                "claim": "The railway to the border opened.",
                "kind": "event",
                "date": "2002",
                "date_note": "Made up.",
            },
        ],
    )
    index = open_index(base)
    assert search(index, "when did the railway to the border open")[0].fact.id == "opened"


def test_inflected_and_transliterated_cyrillic_words_match() -> None:
    index = open_index(FIXTURE)
    parsed = parse(index, "протесты уйгуров Нур-Султане")
    alternatives = {term for unit in parsed.units for term, _ in unit.alternatives}
    assert "protest" in alternatives  # протесты -> protest
    assert search(index, "протесты")[0].fact.id == "uighurs-protested-almaty-2009"


def test_notes_say_what_became_of_the_words() -> None:
    index = open_index(FIXTURE)
    assert "pipline → pipeline" in search(index, "pipline").notes
    assert "no fact has 'zzqxv'" in search(index, "pipeline zzqxv").notes
    assert search(index, "pipeline").notes == ()
    filtered = search(index, "pipeline", Filters(sources=("weitz2012",)))
    assert not filtered.hits
    assert filtered.notes == ("no match with --source weitz2012; 1 without it",)
