"""The library's errors, and the one table that maps each to its exit code."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kzfacts.reports import Problem

EXIT_OK, EXIT_NO_RESULTS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141


class KzfactsError(Exception):
    """Something the user can act on; the message says what."""


class DataError(KzfactsError):
    """The fact base cannot be used; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the fact base")
        self.problems = problems


class UsageError(KzfactsError):
    """An option or argument the library cannot use, such as an unknown source id."""

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


class NotFoundError(KzfactsError):
    """Nothing matched: no facts for a query, no fact with an id; `hint` may suggest a spelling."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class CheckFailedError(KzfactsError):
    """`check` found errors in the fact base (and has listed them)."""


class OutputError(KzfactsError):
    """The output cannot be written (a full disk, a closed stdout)."""


EXIT_CODES: dict[type[KzfactsError], int] = {
    DataError: EXIT_USAGE,
    UsageError: EXIT_USAGE,
    OutputError: EXIT_USAGE,
    CheckFailedError: EXIT_USAGE,
    NotFoundError: EXIT_NO_RESULTS,
}


def exit_code(error: KzfactsError) -> int:
    """Return the exit code for a library error."""
    return next((code for kind, code in EXIT_CODES.items() if isinstance(error, kind)), EXIT_USAGE)
