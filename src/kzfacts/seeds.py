"""Seed documents: a quote found with whitespace (and quote marks) normalised, its line, paragraph, closest passage."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")
# Lines that are not the article's text: metadata, references, table and image captions.
METADATA = re.compile(
    r"^(Publication|Image|Image source|Author|By|Featured Image|Table)\b|^\[[ivxlcdm\d]+\]|https?://|Credit Image"
)
_QUOTE_MARKS = str.maketrans(dict.fromkeys("‘’‚‛′", "'") | dict.fromkeys("“”„‟″«»", '"'))


def fold_quotes(text: str) -> str:
    """Return text with curly and other quote marks made straight, character for character."""
    return text.translate(_QUOTE_MARKS)


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Seed:
    """A seed's text with a whitespace-collapsed copy that maps back to the original offsets."""

    text: str
    _flat: str = field(init=False, repr=False)
    _folded: str = field(init=False, repr=False)
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
        object.__setattr__(self, "_folded", fold_quotes(self._flat))
        object.__setattr__(self, "_offsets", offsets)
        starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        object.__setattr__(self, "_line_starts", starts)

    def find_all(self, quote: str, *, fold: bool = False, words: bool = False) -> Iterator[tuple[int, int]]:
        """Yield the (start, end) offsets of every occurrence of quote, whitespace normalised.

        With fold, quote marks are made straight on both sides; with words, only occurrences that begin and end
        at word boundaries count (`common bord` is not in `common border`).
        """
        needle, haystack = (fold_quotes(_flat(quote)), self._folded) if fold else (_flat(quote), self._flat)
        at = haystack.find(needle) if needle else -1
        while at >= 0:
            end = at + len(needle)
            if not words or (self._edge(at, needle[0], -1) and self._edge(end - 1, needle[-1], 1)):
                yield self._offsets[at], self._offsets[end - 1] + 1
            at = haystack.find(needle, at + 1)

    def _edge(self, at: int, char: str, step: int) -> bool:
        """Return whether the match's character at `at` ends a word on the side `step` points to."""
        beside = at + step
        return not char.isalnum() or not 0 <= beside < len(self._flat) or not self._flat[beside].isalnum()

    def find(self, quote: str) -> tuple[int, int] | None:
        """Return the (start, end) offsets of the first occurrence of quote in the text, or None.

        An occurrence on a metadata or caption line counts only when there is no other: a sentence an image
        caption repeats is where the article says it.
        """
        found = list(self.find_all(quote))
        in_text = (span for span in found if not METADATA.search(self._line(span[0]).strip()))
        return next(in_text, found[0] if found else None)

    def _line(self, offset: int) -> str:
        """Return the line an offset is on."""
        number = self.line_of(offset)
        end = self._line_starts[number] if number < len(self._line_starts) else len(self.text)
        return self.text[self._line_starts[number - 1] : end]

    def line_of(self, offset: int) -> int:
        """Return the 1-based line number of an offset."""
        return bisect_right(self._line_starts, offset)

    def align(self, quote: str) -> tuple[int, int, float] | None:
        """Return the passage most like quote (rapidfuzz alignment, quote marks folded, widened to whole words).

        The passage is given as its (start, end) offsets and its similarity to quote, 0 to 100.
        """
        from rapidfuzz import fuzz  # noqa: PLC0415 - only a quote that is not found pays for it

        needle = fold_quotes(_flat(quote))
        found = fuzz.partial_ratio_alignment(needle, self._folded) if needle else None
        if found is None or found.dest_end <= found.dest_start:
            return None
        start, end = found.dest_start, found.dest_end
        while start > 0 and self._flat[start - 1].isalnum():
            start -= 1
        while end < len(self._flat) and self._flat[end].isalnum():
            end += 1
        # The alignment is as long as the quote; a quote that leaves words out matches a longer passage.
        spare = needle.count(" ") // 4 + 2
        starts, ends = [start], [end]
        for _ in range(spare):
            starts.append(self._flat.rfind(" ", 0, max(starts[-1] - 1, 0)) + 1)
            following = self._flat.find(" ", ends[-1] + 1)
            ends.append(len(self._flat) if following < 0 else following)
        ends += [self._word_end(e) for e in ends]  # the words without the punctuation that follows them
        spans = [(s, e) for s in dict.fromkeys(starts) for e in dict.fromkeys(ends)]
        scored = [(fuzz.ratio(needle, self._folded[s:e]), s - e, s, e) for s, e in spans]  # ties: the shorter
        score, _, start, end = max(scored)
        return self._offsets[start], self._offsets[end - 1] + 1, score

    def _word_end(self, end: int) -> int:
        while end > 1 and not self._flat[end - 1].isalnum():
            end -= 1
        return end

    def closest(self, quote: str) -> tuple[int, str] | None:
        """Return the line and text of the passage most like quote (rapidfuzz alignment), or None."""
        found = self.align(quote)
        if found is None:
            return None
        start, end, _ = found
        return self.line_of(start), " ".join(self.text[start:end].split())

    def paragraph(self, start: int, end: int) -> tuple[int, int]:
        """Return the (start, end) offsets of the paragraph around a span.

        A paragraph is a block between blank lines; in a text without blank lines, each line is one.
        """
        breaks = "\n\n" if "\n\n" in self.text else "\n"
        before = self.text.rfind(breaks, 0, start)
        after = self.text.find(breaks, end)
        first = 0 if before < 0 else before + len(breaks)
        return first, len(self.text.rstrip()) if after < 0 else after
