"""`--exact`: literal words only, for fact-checkers; no stemming, spelling variants, aliases or semantic matching."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Run


def _ids(run: Run, *args: str) -> list[str]:
    result = run(*args, "--json", "--fields", "id")
    assert result.exit_code in (0, 1)
    return [fact["id"] for fact in result.json()] if result.exit_code == 0 else []


@pytest.mark.parametrize(
    ("query", "loose"),
    [
        ("protest", "uighurs-protested-almaty-2009"),  # stemming: the fact says "protests"
        ("pipline", "cnpc-epc-contractor-pipelines"),  # a spelling variant
        ("OBOR", "belt-and-road-unveiled-2013"),  # another name of the Belt and Road Initiative
    ],
)
def test_exact_turns_off_stems_variants_and_aliases(run: Run, query: str, loose: str) -> None:
    assert loose in _ids(run, "search", query)
    assert _ids(run, "search", query, "--exact") == []
    assert run("search", query, "--exact").exit_code == 1


@pytest.mark.parametrize("query", ["protests", "1,108", "1108", "ÄLMATY", "Kassym-Jomart"])
def test_exact_still_folds_case_diacritics_and_number_separators(run: Run, query: str) -> None:
    assert _ids(run, "search", query, "--exact")


def test_exact_on_when(run: Run) -> None:
    assert _ids(run, "when", "OBOR") == ["belt-and-road-unveiled-2013"]  # the claim names the Belt and Road Initiative
    assert _ids(run, "when", "OBOR", "--exact") == []
    assert "belt-and-road-unveiled-2013" in _ids(run, "when", "Nur-Sultan", "--exact")


def test_exact_highlights_only_the_literal_words(run: Run, base_copy: Path) -> None:
    """A stemmed form of a word the query gave is not marked as matched under `--exact`."""
    extra = base_copy / "facts" / "extra.yaml"
    extra.write_text(
        "- id: zq-protests\n"
        "  claim: Zqprotests were zqprotested by those who zqprotest.\n"
        "  kind: context\n  topics: [border]\n"
        "  citations:\n  - source: cpc2022\n    quote: Kazakhstan shares a 1,108-mile-long border with China\n",
        encoding="utf-8",
    )
    colour = {"FORCE_COLOR": "1"}
    marked = re.compile(r"\x1b\[1;4;33m(.*?)\x1b\[0m")
    loose = run("search", "zqprotests", "--color", "always", data=base_copy, env=colour)
    assert marked.findall(loose.stdout) == ["Zqprotests", "zqprotested", "zqprotest"]
    exact = run("search", "zqprotests", "--exact", "--color", "always", data=base_copy, env=colour)
    assert exact.exit_code == 0, exact.stderr
    assert marked.findall(exact.stdout) == ["Zqprotests"]
