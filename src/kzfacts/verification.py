"""Does any source say this? A text looked up in the seeds: as written, normalised, or the closest passage."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from kzfacts.errors import UsageError
from kzfacts.records import Fact
from kzfacts.reports import Difference, Verification
from kzfacts.seeds import Seed

NEAR = 70.0  # the least similarity (0 to 100) at which the closest passage is shown as a near match
_OPENING, _CLOSING = "\"'“‘«„‚", "\"'”’»“‘"


def checked_text(text: str) -> str:
    """Return the text to look for: without the quote marks that enclose it; raise UsageError when nothing is left."""
    inner = text.strip()
    while len(inner) > 1 and inner[0] in _OPENING and inner[-1] in _CLOSING:
        inner = inner[1:-1].strip()
    if not inner or inner in (_OPENING + _CLOSING):
        raise UsageError("give the text to look for, such as a quote from an article", "TEXT")
    return inner


def differences(given: str, found: str) -> tuple[Difference, ...]:
    """Return the word differences between a text and a passage, in order."""
    ours, theirs = given.split(), found.split()
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    return tuple(
        Difference(" ".join(ours[i1:i2]), " ".join(theirs[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    )


def _citing(facts: Iterable[Fact], source: str, seed: Seed, start: int, end: int) -> tuple[str, ...]:
    """Return the ids of the facts whose quotes from source overlap the span."""
    return tuple(
        fact.id
        for fact in facts
        if any(s < end and e > start for c in fact.citations if c.source == source for s, e in seed.find_all(c.quote))
    )


def _found(text: str, seeds: Mapping[str, tuple[str, Seed]]) -> tuple[str, str, int, int] | None:
    """Return the verdict, source id and span of the first place the text is, as written or normalised."""
    for verdict, fold in (("exact", False), ("normalised", True)):
        for source, (_, seed) in seeds.items():
            for start, end in seed.find_all(text, fold=fold, words=True):
                if fold or seed.text[start:end] == text:
                    return verdict, source, start, end
    return None


def verify(text: str, seeds: Mapping[str, tuple[str, Seed]], facts: Iterable[Fact]) -> Verification:
    """Return whether the seeds (source id → seed file name and text) say text, and which facts cite the passage."""
    text = checked_text(text)
    found = _found(text, seeds)
    if found:
        verdict, source, start, end = found
        score = 100.0
    else:
        aligned = [(seed.align(text), source) for source, (_, seed) in seeds.items()]
        best = max(((a, s) for a, s in aligned if a), key=lambda pair: pair[0][2], default=None)
        if best is None or best[0][2] < NEAR:
            return Verification(text, "absent", round(best[0][2] if best else 0.0, 1))
        (start, end, score), source = best
        verdict = "near"
    file, seed = seeds[source]
    passage = " ".join(seed.text[start:end].split())
    return Verification(
        text,
        verdict,
        round(score, 1),
        source,
        file,
        seed.line_of(start),
        passage,
        () if verdict == "exact" else differences(text, passage),
        _citing(facts, source, seed, start, end),
    )
