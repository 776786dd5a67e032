"""Restrictions on which facts a command lists, checked against the fact base."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kzfacts import dates
from kzfacts.errors import UsageError
from kzfacts.records import KINDS

if TYPE_CHECKING:
    from kzfacts.engine.index import Index


@dataclass(frozen=True, slots=True)
class Filters:
    """Sources, topics, kinds and a period (first and last day); empty means no restriction."""

    sources: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None

    def __bool__(self) -> bool:
        """Return whether the filters restrict anything."""
        return any((self.sources, self.topics, self.kinds, self.since, self.until))

    def describe(self) -> str:
        """Return the filters as the options that set them (`--source weitz2012 --since 2019-01-01`)."""
        options = [
            *(f"--source {value}" for value in self.sources),
            *(f"--topic {value}" for value in self.topics),
            *(f"--kind {value}" for value in self.kinds),
            *([f"--since {self.since}"] if self.since else []),
            *([f"--until {self.until}"] if self.until else []),
        ]
        return " ".join(options)

    @classmethod
    def of(
        cls,
        sources: tuple[str, ...] = (),
        topics: tuple[str, ...] = (),
        kinds: tuple[str, ...] = (),
        since: str | None = None,
        until: str | None = None,
    ) -> Filters:
        """Return filters from what a reader wrote (dates as YYYY[-MM[-DD]]); raise UsageError."""
        for kind in kinds:
            if kind not in KINDS:
                raise UsageError(f"unknown kind {kind!r} (choose from {', '.join(KINDS)})", "--kind")
        bounds = []
        for option, written, upper in (("--since", since, False), ("--until", until, True)):
            try:
                bounds.append(dates.bound(written, upper=upper) if written else None)
            except ValueError as error:
                raise UsageError(str(error), option) from None
        first, last = bounds
        if first and last and first > last:
            raise UsageError(f"--since {since} is after --until {until}", "--since")
        return cls(sources, topics, kinds, first, last)

    def check(self, index: Index) -> None:
        """Raise UsageError for a source or topic the fact base does not have."""
        for option, values, known in (
            ("--source", self.sources, index.sources),
            ("--topic", self.topics, index.topics),
        ):
            for value in values:
                if value not in known:
                    raise UsageError(f"unknown {option[2:]} {value!r} (choose from {', '.join(known)})", option)
