"""`verify`: quotes from articles checked against the seeds, as a fact-checker would use it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzfacts
from tests.conftest import FIXTURE, ROOT, Run, Shell

WEITZ = "002_0ce0def3323fc2a1.txt"
BORDER = "to delineate their new 1,600km (1,000 miles) common border"
HARMONY = "China and Kazakhstan have generally achieved a harmonious relationship in which the two countries"
KEYS = {"text", "verdict", "score", "source", "file", "line", "location", "passage", "diff", "facts"}


def _verified(run: Run, *args: str) -> tuple[int, dict[str, object]]:
    result = run("verify", *args, "--json")
    return result.exit_code, result.json()


def test_a_quote_as_written_is_exact(run: Run) -> None:
    code, found = _verified(run, BORDER)
    assert code == 0
    assert set(found) == KEYS
    assert found == {
        "text": BORDER,
        "verdict": "exact",
        "score": 100.0,
        "source": "weitz2012",
        "file": WEITZ,
        "line": 9,
        "location": f"seeds/{WEITZ}:9",
        "passage": BORDER,
        "diff": [],
        "facts": ["border-length-1600-km"],
    }


def test_one_word_altered_is_near_with_the_word_diff(run: Run) -> None:
    code, found = _verified(run, HARMONY.replace("harmonious", "peaceful"))
    assert code == 1
    assert (found["verdict"], found["file"], found["line"], found["passage"]) == ("near", WEITZ, 7, HARMONY)
    assert found["diff"] == [{"given": "peaceful", "found": "harmonious"}]
    assert 85 < found["score"] < 100  # type: ignore[operator]


def test_a_number_altered_is_near(run: Run) -> None:
    code, found = _verified(run, BORDER.replace("1,600km", "1,700km"))
    assert code == 1
    assert found["verdict"] == "near"
    assert found["diff"] == [{"given": "1,700km", "found": "1,600km"}]
    assert found["facts"] == ["border-length-1600-km"]


def test_words_left_out_are_near_with_what_is_missing(run: Run) -> None:
    code, found = _verified(run, "to delineate their new 1,600km common border")
    assert (code, found["verdict"], found["passage"]) == (1, "near", BORDER)
    assert found["diff"] == [{"given": "", "found": "(1,000 miles)"}]


def test_truncation_at_a_word_is_exact_and_inside_a_word_is_near(run: Run) -> None:
    code, found = _verified(run, "their new 1,600km")
    assert (code, found["verdict"]) == (0, "exact")
    code, found = _verified(run, "their new 1,600km (1,000 miles) common bord")
    assert (code, found["verdict"]) == (1, "near")
    assert found["diff"] == [{"given": "bord", "found": "border"}]


def test_straight_quotes_for_curly_ones_are_normalised(run: Run) -> None:
    code, found = _verified(run, 'In Xi\'s foreign policy concepts, a "community of common destiny"')
    assert (code, found["verdict"], found["score"]) == (0, "normalised", 100.0)
    assert found["passage"] == "In Xi’s foreign policy concepts, a “community of common destiny”"
    assert found["diff"] == [
        {"given": "Xi's", "found": "Xi’s"},
        {"given": '"community', "found": "“community"},
        {"given": 'destiny"', "found": "destiny”"},
    ]
    assert found["facts"] == ["community-of-common-destiny"]


def test_whitespace_is_normalised_and_enclosing_quotes_dropped(run: Run) -> None:
    code, found = _verified(run, "their  new\n1,600km")
    assert (code, found["verdict"], found["passage"], found["diff"]) == (0, "normalised", "their new 1,600km", [])
    code, found = _verified(run, f"“{BORDER}”")
    assert (code, found["verdict"], found["text"]) == (0, "exact", BORDER)


def test_nothing_close_is_absent(run: Run) -> None:
    code, found = _verified(run, "The moon landing was filmed in a studio in Almaty with bananas")
    assert code == 1
    assert found["verdict"] == "absent"
    assert (found["passage"], found["file"], found["line"], found["facts"]) == (None, None, None, [])
    assert found["score"] < 70  # type: ignore[operator]


def test_source_restricts_the_seeds(run: Run) -> None:
    code, found = _verified(run, BORDER, "--source", "cpc2022")
    assert code == 1
    assert found["verdict"] != "exact"
    assert found["source"] in {"cpc2022", None}


def test_the_facts_citing_an_overlapping_passage(run: Run) -> None:
    code, found = _verified(run, "the Republic of Kazakhstan set up diplomatic relations")
    assert (code, found["verdict"], found["facts"]) == (0, "exact", ["diplomatic-relations-established-1992"])


def test_text_output_shows_passage_diff_and_facts(run: Run) -> None:
    result = run("verify", BORDER.replace("1,600km", "1,700km"))
    assert result.exit_code == 1
    assert result.stdout == (
        f"near: seeds/{WEITZ}:9 (weitz2012), similarity 98.3\n"
        f"    {BORDER}\n"
        "differs (text → source):\n"
        "    1,700km → 1,600km\n"
        "cited by: border-length-1600-km\n"
    )
    assert "no source says this as written; the closest passage is 98.3% similar" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [(['""'], "give the text to look for"), (["  "], "give the text"), (["x", "-s", "nope"], "unknown source 'nope'")],
)
def test_usage_errors_exit_2(run: Run, args: list[str], message: str) -> None:
    result = run("verify", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_exit_codes_in_a_real_process(shell: Shell) -> None:
    assert shell(["verify", BORDER, "--data", str(FIXTURE)]).returncode == 0
    assert shell(["verify", BORDER.replace("new", "old"), "--data", str(FIXTURE)]).returncode == 1
    assert shell(["verify", "--data", str(FIXTURE)]).returncode == 2


_LINES = [line for line in (ROOT / "seeds" / WEITZ).read_text(encoding="utf-8").splitlines() if len(line.split()) > 12]


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(_LINES), st.integers(0, 8), st.integers(3, 12))
def test_any_run_of_whole_words_of_a_seed_is_exact(line: str, first: int, length: int) -> None:
    words = line.split()[first : first + length]
    found = kzfacts.verify(" ".join(words), data=FIXTURE)
    assert found.verdict == "exact", found
    assert found.passage == found.text
