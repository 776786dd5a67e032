"""Boilerplate patterns: those open to catastrophic backtracking are refused, ordinary ones are not."""

from __future__ import annotations

import re

import pytest

from kzfacts.rules import pattern_problem
from tests.conftest import ROOT


@pytest.mark.parametrize(
    "pattern",
    [
        r"^(\w+\s?)*$",
        r"(a|a)*$",
        r"(a|aa)+$",
        r"(?:a|b|ab)*c",
        r"((ab)*)*$",
        r"(.*)*x",
        r"^(a+)+$",
        r"(x+x+)+y",
        r"^(\w+\s?){1,50}$",
        r"\w*\w*\w*x",
        r".*.*x",
        r"\w+\s?\w+",
    ],
)
def test_patterns_that_backtrack_catastrophically_are_refused(pattern: str) -> None:
    problem = pattern_problem(pattern)
    assert problem is not None
    assert problem.endswith("can take hours to match")


def _written_patterns() -> list[str]:
    text = (ROOT / "facts" / "sources.yaml").read_text(encoding="utf-8")
    return re.findall(r'^\s+- "(\^[^"]*)"$', text, re.MULTILINE)


@pytest.mark.parametrize(
    "pattern",
    [
        *_written_patterns(),
        r"^Photo: .*$",
        r"^\s*Advertisement\s*$",
        r".*x.*y",
        r"\w+\s\w+",
        r"(?:ab)+",
        r"[a-z]{2,5}",
        r"^By [A-Z]\w+ [A-Z]\w+$",
        r"(\w|\d)+$",
        r"^\[\d+\]",
    ],
)
def test_ordinary_patterns_are_accepted(pattern: str) -> None:
    assert pattern_problem(pattern) is None


@pytest.mark.parametrize("pattern", ["(", "a{99999999999}", "(" * 2000 + ")" * 2000])
def test_invalid_patterns_are_refused_not_raised(pattern: str) -> None:
    problem = pattern_problem(pattern)
    assert problem is not None
    assert problem.startswith("invalid pattern: ")


def test_the_fact_base_has_patterns_to_check() -> None:
    assert _written_patterns(), "no boilerplate patterns found in facts/sources.yaml"
