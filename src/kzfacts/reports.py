"""The records that report on a fact base rather than state its facts: Problem, Checked, Difference, Verification.

They are apart from `records.py` because only `check`, `verify` and failures need them: a search never pays
for defining them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kzfacts.records import VERDICTS, json_record


@dataclass(frozen=True, slots=True)
class Checked:
    """What `check` found: every problem, errors and warnings, and how many facts and sources are valid."""

    problems: tuple[Problem, ...]
    facts: int
    sources: int

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Return the problems that make the base unusable."""
        return tuple(p for p in self.problems if p.severity == "error")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong (or doubtful, as a warning) in the data, at a file and line, with a stable code."""

    path: str
    line: int
    code: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {label}{self.message} [{self.code}]"

    def to_json(self) -> dict[str, Any]:
        """Return the problem as JSON data."""
        return {
            "file": self.path,
            "line": self.line,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Difference:
    """Words of a checked text (`given`) and the words a source has in their place (`found`); either may be empty."""

    given: str
    found: str

    def to_json(self) -> dict[str, Any]:
        """Return the difference as JSON data."""
        return json_record(self)


@dataclass(frozen=True, slots=True)
class Verification:
    """Whether a source says a text: the verdict, the passage closest to it and where, what differs, who cites it.

    `score` is the similarity (0 to 100) of the text and the passage with whitespace and quote marks normalised;
    an `absent` verdict has no passage.
    """

    text: str
    verdict: str
    score: float
    source: str | None = None
    file: str | None = None
    line: int | None = None
    passage: str | None = None
    diff: tuple[Difference, ...] = ()
    facts: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        """Return whether a source says the text as written (whitespace and quote marks aside)."""
        return self.verdict in VERDICTS[:2]

    @property
    def location(self) -> str | None:
        """Return where the passage is: `seeds/<file>:<line>`."""
        return f"seeds/{self.file}:{self.line}" if self.file else None

    def to_json(self) -> dict[str, Any]:
        """Return the verification as JSON data, with its `location`."""
        return {**json_record(self), "location": self.location}
