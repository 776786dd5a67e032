"""How much of each seed the facts cover, sentence by sentence.

Rules: a seed line is left out when it is the first line (the title), blank, a heading (fewer than
six words, or not ending in sentence punctuation), a reference (`[i] ...`, or containing a URL),
metadata (`Publication:`, `Image:`, `Author:`, `By ...`, `Featured Image`), a table or image caption
(`Table:`, `Credit Image`), or matches one of its source's `boilerplate` patterns. Other lines are
split into sentences at `.`, `!` or `?` followed by a space and a capital or digit (not after
abbreviations such as `Dr.` or `U.S.`). A sentence is covered when the quotes citing its seed,
wherever their text occurs in it, together span at least half of its non-space characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kzfacts.records import Source
from kzfacts.seeds import METADATA

if TYPE_CHECKING:
    from kzfacts.store import FactBase

_FOOTNOTES = r"(?:\[[ivxlcdm\d]+\])*"
_END = re.compile(r"[.!?][”\"’)]?" + _FOOTNOTES + r"$")
_BREAK = re.compile(r"(?<=[.!?])[”\"’)]?" + _FOOTNOTES + r"\s+(?=[“\"‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "u.s", "u.n", "no", "vs", "e.g", "i.e", "etc", "gen", "prof"}
MIN_WORDS = 6


@dataclass(frozen=True, slots=True)
class Sentence:
    """A factual sentence of a seed: its line, offsets and text."""

    line: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class SeedCoverage:
    """The factual sentences of one seed and those no quote covers."""

    source: Source
    sentences: tuple[Sentence, ...]
    missing: tuple[Sentence, ...]

    @property
    def share(self) -> float:
        """Return the covered share of sentences, 0 to 1."""
        return 1 - len(self.missing) / len(self.sentences) if self.sentences else 1.0

    def to_json(self) -> dict[str, Any]:
        """Return the seed's counts, share and uncovered sentences as JSON data."""
        return {
            "source": self.source.id,
            "file": self.source.file,
            "sentences": len(self.sentences),
            "covered": len(self.sentences) - len(self.missing),
            "share": round(self.share, 4),
            "missing": [
                {"line": s.line, "text": s.text, "location": f"seeds/{self.source.file}:{s.line}"} for s in self.missing
            ],
        }


def _factual(line: str, source: Source) -> bool:
    stripped = line.strip()
    return not (
        len(stripped.split()) < MIN_WORDS
        or not _END.search(stripped)
        or METADATA.search(stripped)
        or any(re.search(pattern, stripped) for pattern in source.boilerplate)
    )


def sentences(text: str, source: Source) -> Iterator[Sentence]:
    """Yield the factual sentences of a seed's text."""
    offset = 0
    for number, line in enumerate(text.split("\n"), 1):
        if number > 1 and _factual(line, source):
            body = line.rstrip()
            start = len(body) - len(body.lstrip())
            for match in _BREAK.finditer(body):
                last_word = re.findall(r"[\w.]+$", body[start : match.start()])
                if last_word and last_word[0].rstrip(".").lower() in _ABBREVIATIONS:
                    continue
                end = match.start() + len(match.group().rstrip())
                yield Sentence(number, offset + start, offset + end, body[start:end])
                start = match.end()
            yield Sentence(number, offset + start, offset + len(body), body[start:])
        offset += len(line) + 1


def measure(base: FactBase) -> list[SeedCoverage]:
    """Return the coverage of every seed by the quotes that cite it."""
    covered: dict[str, set[int]] = {source: set() for source in base.sources}
    for fact in base.facts:
        for citation in fact.citations:
            for start, end in base.seeds[citation.source].find_all(citation.quote):
                covered[citation.source].update(range(start, end))
    result = []
    for source_id, source in base.sources.items():
        text = base.seeds[source_id].text
        factual = tuple(sentences(text, source))
        missing = []
        for sentence in factual:
            chars = [i for i in range(sentence.start, sentence.end) if not text[i].isspace()]
            if 2 * sum(i in covered[source_id] for i in chars) < len(chars):
                missing.append(sentence)
        result.append(SeedCoverage(source, factual, tuple(missing)))
    return result
