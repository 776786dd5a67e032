"""The rules a fact base keeps beyond its structure: text, questions, patterns, dates and duplicates."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from kzfacts.records import Fact, Source
from kzfacts.reports import Problem
from kzfacts.seeds import Seed

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
UNDATED_KINDS = ("statement", "assessment", "figure")
NEAR_DUPLICATE = 92.0
NAMING_WORDS = 5  # a quote this short only names something ("Kazakh President Tokayev"): facts may share it
MAX_QUESTIONS = 4
LONG_REPEAT = 100  # a repetition allowed more times than this counts as unbounded
_BACKTRACKING = {
    "nested": "a repeated group that can match text of different lengths (such as (\\w+\\s?)*)",
    "alternation": "a repeated alternation (such as (a|a)*)",
    "adjacent": "two unbounded repetitions in a row (such as \\w*\\w*)",
}


def has_control_characters(text: str) -> bool:
    """Return whether text holds control or bidirectional-override characters (newlines and tabs aside)."""
    return _CONTROL.search(text.replace("\n", " ").replace("\t", " ")) is not None


def pattern_problem(pattern: str) -> str | None:
    """Return why a boilerplate pattern cannot be used (invalid, or open to catastrophic backtracking)."""
    try:
        re.compile(pattern)
        shape = _backtracking(_parser.parse(pattern))
    except (re.error, RecursionError, OverflowError, ValueError) as error:
        return f"invalid pattern: {error}"
    return f"{_BACKTRACKING[shape]} can take hours to match" if shape else None


try:  # the regular expression parser: what a pattern is made of
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _parser

_REPEATS = (_parser.MAX_REPEAT, _parser.MIN_REPEAT, getattr(_parser, "POSSESSIVE_REPEAT", _parser.MAX_REPEAT))


def _width(parsed: Any, items: list[tuple[Any, Any]]) -> tuple[int, int]:  # noqa: ANN401 - the parser is untyped
    """Return the shortest and longest text a sequence of parsed items can match."""
    low, high = _parser.SubPattern(parsed.state, items).getwidth()
    return int(low), int(high)


def _children(value: object) -> list[Any]:
    """Return the parsed sub-patterns inside one item's value (a group's body, a repetition's, branches)."""
    parts = value if isinstance(value, (tuple, list)) else (value,)
    found = [part for part in parts if isinstance(part, _parser.SubPattern)]
    found += [sub for part in parts if isinstance(part, list) for sub in part if isinstance(sub, _parser.SubPattern)]
    return found


def _has_branch(parsed: Any) -> bool:  # noqa: ANN401
    """Return whether a parsed pattern holds an alternation anywhere."""
    return any(op == _parser.BRANCH or any(map(_has_branch, _children(value))) for op, value in parsed.data)


def _backtracking(parsed: Any) -> str | None:  # noqa: ANN401
    """Return the shape of catastrophic backtracking a parsed pattern has, if any (see _BACKTRACKING)."""
    unbounded_before = False  # an unbounded repetition came earlier, with only optional items since
    for op, value in parsed.data:
        if op in _REPEATS and value[1] > 1:
            low, high = _width(parsed, value[2].data)
            if low != high:
                return "nested"
            if _has_branch(value[2]):
                return "alternation"
        for sub in _children(value):
            found = _backtracking(sub)
            if found:
                return found
        low, high = _width(parsed, [(op, value)])
        if high > LONG_REPEAT:
            if unbounded_before:
                return "adjacent"
            unbounded_before = True
        elif low > 0:
            unbounded_before = False
    return None


def question_problems(questions: list[str]) -> list[str]:
    """Return what is wrong with a fact's questions: each ends with '?', none repeated."""
    found = [f"question {q[:60]!r} must end with '?'" for q in questions if not q.endswith("?")]
    if len(set(questions)) < len(questions):
        found.append("'questions' lists the same question twice")
    return found


def _year_printed(fact: Fact, seeds: dict[str, Seed]) -> bool:
    """Return whether each year of the fact's date is printed in a quote or the paragraph around it."""
    if fact.date is None:
        return True
    years = {fact.date.start[:4], fact.date.end[:4]}
    texts = []
    for citation in fact.citations:
        seed = seeds[citation.source]
        found = seed.find(citation.quote)
        if found:
            start, end = seed.paragraph(*found)
            texts.append(seed.text[start:end])
    return all(any(year in text for text in texts) for year in years)


def _date_problems(fact: Fact, sources: dict[str, Source], seeds: dict[str, Seed]) -> Iterable[Problem]:
    if fact.date is None:
        return
    where = (fact.path, fact.line)
    latest = max(sources[c.source].published for c in fact.citations)
    if fact.kind in UNDATED_KINDS and fact.date.start[: len(latest)] > latest:
        message = (
            f"a fact of kind {fact.kind} is dated when it was said: {fact.date.text} is after its source ({latest})"
        )
        yield Problem(*where, "dated-after-source", message)
    if fact.date_note is None and not _year_printed(fact, seeds):
        yield Problem(
            *where, "date-note-missing", f"the year of {fact.date.text} is not in the quoted paragraph: add a date_note"
        )


def _duplicate_problems(facts: list[Fact]) -> Iterable[Problem]:
    by_quote: dict[tuple[str, str], Fact] = {}
    by_line: dict[tuple[str, int], list[Fact]] = defaultdict(list)  # near duplicates quote the same seed line
    for fact in facts:
        for citation in fact.citations:
            words = citation.quote.split()
            if len(words) <= NAMING_WORDS:
                continue
            other = by_quote.setdefault((citation.source, " ".join(words)), fact)
            if other is not fact:
                message = f"quotes the same text as '{other.id}' ({other.defined_at}): merge or distinguish them"
                yield Problem(fact.path, fact.line, "duplicate-quote", message, "warning")
        for where in {(c.source, c.line) for c in fact.citations}:
            by_line[where].append(fact)
    from rapidfuzz import fuzz  # noqa: PLC0415 - only checks and rebuilds compare claims

    reported: set[tuple[str, str]] = set()
    for group in by_line.values():
        for at, fact in enumerate(group):
            for other in group[at + 1 :]:
                pair = (other.id, fact.id)
                if pair not in reported and fuzz.ratio(fact.claim, other.claim) >= NEAR_DUPLICATE:
                    reported.add(pair)
                    message = f"nearly the same claim as '{fact.id}' ({fact.defined_at}): merge or distinguish them"
                    yield Problem(other.path, other.line, "near-duplicate", message, "warning")


def fact_problems(facts: list[Fact], sources: dict[str, Source], seeds: dict[str, Seed]) -> list[Problem]:
    """Return the problems of valid facts that only the whole base shows: dates against sources, duplicates."""
    found = [problem for fact in facts for problem in _date_problems(fact, sources, seeds)]
    return found + list(_duplicate_problems(facts))
