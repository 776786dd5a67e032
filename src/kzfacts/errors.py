"""The error that carries the problems of a fact base; cheap to import, as every command catches it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kzfacts.model import Problem


class DataError(Exception):
    """The fact base cannot be used; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the fact base")
        self.problems = problems
