"""Dates at the precision a source gives them: a year, a month, a day, or an interval of these."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PART = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
PRECISIONS = ("year", "month", "day")
MONTHS = 12


@dataclass(frozen=True, slots=True)
class FactDate:
    """A date as written (`2019-09-10/2019-09-12`), with its first and last day and its precision."""

    text: str
    start: str
    end: str
    precision: str

    def display(self) -> str:
        """Return the date for reading: `2019-09-10…12` for an interval within one month."""
        if "/" not in self.text:
            return self.text
        first, last = (part.split("-") for part in self.text.split("/"))
        if len(first) == len(last):
            shared = 0
            while shared < len(first) - 1 and first[shared] == last[shared]:
                shared += 1
            return "-".join(first) + "…" + "-".join(last[shared:])
        return self.text.replace("/", "…")


def _days_in_month(year: int, month: int) -> int:
    if month == 2:  # noqa: PLR2004 - February
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _bounds(part: str) -> tuple[str, str, str]:
    """Return the first day, last day and precision of one `YYYY[-MM[-DD]]` value."""
    match = _PART.fullmatch(part)
    if match is None:
        raise ValueError(f"invalid date {part!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if month is None:
        return f"{year}-01-01", f"{year}-12-31", "year"
    if not 1 <= int(month) <= MONTHS:
        raise ValueError(f"invalid date {part!r}: there is no month {month}")
    last_day = _days_in_month(int(year), int(month))
    if day is None:
        return f"{year}-{month}-01", f"{year}-{month}-{last_day:02d}", "month"
    if not 1 <= int(day) <= last_day:
        raise ValueError(f"invalid date {part!r}: {year}-{month} has {last_day} days")
    return f"{year}-{month}-{day}", f"{year}-{month}-{day}", "day"


def parse(text: str) -> FactDate:
    """Return the FactDate for `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `START/END`; raise ValueError."""
    parts = text.strip().split("/")
    if len(parts) > 2:  # noqa: PLR2004 - START/END
        raise ValueError(f"invalid date {text!r}: an interval has one '/'")
    start, _, first_precision = _bounds(parts[0])
    _, end, last_precision = _bounds(parts[-1])
    if end < start:
        raise ValueError(f"invalid date {text!r}: the interval ends before it starts")
    precision = min(first_precision, last_precision, key=PRECISIONS.index)
    return FactDate("/".join(parts), start, end, precision)


def bound(text: str, *, upper: bool) -> str:
    """Return the first (or, if upper, the last) day of the period a filter date names."""
    start, end, _ = _bounds(text.strip())
    return end if upper else start
