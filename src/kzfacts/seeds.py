"""Seed documents: finding a quote with whitespace normalised, its line, its paragraph, the closest passage."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Seed:
    """A seed's text with a whitespace-collapsed copy that maps back to the original offsets."""

    text: str
    _flat: str = field(init=False, repr=False)
    _offsets: list[int] = field(init=False, repr=False)
    _line_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        flat: list[str] = []
        offsets: list[int] = []
        for match in re.finditer(r"\S+|\s+", self.text):
            if match.group()[0].isspace():
                if flat:
                    flat.append(" ")
                    offsets.append(match.start())
            else:
                flat.append(match.group())
                offsets.extend(range(match.start(), match.end()))
        object.__setattr__(self, "_flat", "".join(flat))
        object.__setattr__(self, "_offsets", offsets)
        starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        object.__setattr__(self, "_line_starts", starts)

    def find_all(self, quote: str) -> Iterator[tuple[int, int]]:
        """Yield the (start, end) offsets of every occurrence of quote, whitespace normalised."""
        needle = _SPACE.sub(" ", quote).strip()
        at = self._flat.find(needle) if needle else -1
        while at >= 0:
            yield self._offsets[at], self._offsets[at + len(needle) - 1] + 1
            at = self._flat.find(needle, at + 1)

    def find(self, quote: str) -> tuple[int, int] | None:
        """Return the (start, end) offsets of the first occurrence of quote, or None."""
        return next(self.find_all(quote), None)

    def line_of(self, offset: int) -> int:
        """Return the 1-based line number of an offset."""
        return bisect_right(self._line_starts, offset)

    def closest(self, quote: str) -> tuple[int, str] | None:
        """Return the line and text of the passage most like quote (rapidfuzz alignment), or None."""
        from rapidfuzz import fuzz  # noqa: PLC0415 - only a quote that is not found pays for it

        needle = _SPACE.sub(" ", quote).strip()
        if not needle:
            return None
        found = fuzz.partial_ratio_alignment(needle, self._flat)
        if found is None or found.dest_end <= found.dest_start:
            return None
        start = self._offsets[found.dest_start]
        end = self._offsets[found.dest_end - 1] + 1
        return self.line_of(start), " ".join(self.text[start:end].split())

    def paragraph(self, start: int, end: int) -> tuple[int, int]:
        """Return the (start, end) offsets of the paragraph (block between blank lines) around a span."""
        before = self.text.rfind("\n\n", 0, start)
        after = self.text.find("\n\n", end)
        first = 0 if before < 0 else before + 2
        return first, len(self.text.rstrip()) if after < 0 else after
