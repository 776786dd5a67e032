"""Normalising text into search terms: case, diacritics, numbers, stop words and Snowball stemming."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import Stemmer

# A simple pattern: large Unicode ranges in a character class cost milliseconds to compile at every start.
_WORD = re.compile(r"\w+(?:[.,'’]\w+)*")
_JOINERS = str.maketrans("", "", ".,'’")
_FOLD = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ŋ": "n"})

MIN_STEM_LENGTH = 4
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    tell show give list find many much did does ever
    """.split()  # noqa: SIM905 - a word list reads best as text
)


def fold(text: str) -> str:
    """Return text lower-cased with diacritics removed (Ürümqi -> urumqi)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_ENGLISH = Stemmer.Stemmer("english")
_RUSSIAN = Stemmer.Stemmer("russian")


def stem(word: str) -> str:
    """Return a word's Snowball stem (Russian for Cyrillic words), -ment dropped first (agreements -> agre)."""
    if word.isdigit() or len(word) < MIN_STEM_LENGTH:
        return word
    if "\u0400" <= word[0] <= "\u04ff":
        return str(_RUSSIAN.stemWord(word))
    if word.endswith(("ment", "ments")) and len(word) >= MIN_STEM_LENGTH + len("ment"):
        word = word[: word.rindex("ment")]
    return str(_ENGLISH.stemWord(word))


# Stop words as terms: stemming turns some into other strings ("does" -> "doe", "during" -> "dur").
STOP_TERMS = frozenset(stem(word) for word in STOP_WORDS)


@lru_cache(maxsize=1 << 16)
def _term(token: str) -> str:
    folded = fold(token)
    if folded[:1].isdigit():
        return folded.replace(",", "")
    if folded.endswith(("'s", "’s")):
        folded = folded[:-2]
    return stem(folded.translate(_JOINERS))


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u4dbf" or "\u4e00" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _pieces(word: str) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) of a word's parts: split at underscores, each CJK character on its own."""
    start = 0
    for at, char in enumerate(word):
        if char == "_" or _is_cjk(char):
            if at > start:
                yield start, at
            if char != "_":
                yield at, at + 1
            start = at + 1
    if start < len(word):
        yield start, len(word)


def spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, term) for every word of text, stop words included.

    Words are found in the normal form of text (see normal), so that decomposed letters and invisible
    characters inside a word change nothing; start and end are offsets in text itself.
    """
    if text.isascii() or _is_normal(text):
        yield from _spans(text)
        return
    composed, starts, ends = _normalised(text)
    for start, end, term in _spans(composed):
        yield starts[start], ends[end - 1], term


def _spans(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _WORD.finditer(text):
        word, offset = match.group(), match.start()
        pieces = [(0, len(word))] if word.isascii() and "_" not in word else _pieces(word)
        for start, end in pieces:
            term = _term(word[start:end])
            if term:
                yield offset + start, offset + end, term


def printable(text: str, *, lines: bool = True) -> str:
    """Return text safe for a terminal: control characters (escape codes too) replaced by �; newlines kept if lines."""
    kept = "\n" if lines else ""
    return "".join(ch if ch.isprintable() or ch in kept else "\ufffd" for ch in text)


def _is_format(char: str) -> bool:
    return unicodedata.category(char) == "Cf"


def _is_normal(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text) and not any(map(_is_format, text))


def _normalised(text: str) -> tuple[str, list[int], list[int]]:
    """Return normal(text) and, for each of its characters, where in text the characters it came from start and end.

    Each letter is composed with the combining marks and format characters that follow it.
    """
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    while at < len(text):
        end = at + 1
        while end < len(text) and (unicodedata.combining(text[end]) or _is_format(text[end])):
            end += 1
        piece = normal(text[at:end])
        pieces.append(piece)
        starts += [at] * len(piece)
        ends += [end] * len(piece)
        at = end
    return "".join(pieces), starts, ends


def normal(text: str) -> str:
    """Return text in NFC with format characters (zero-width spaces, soft hyphens) removed."""
    composed = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in composed if not _is_format(ch))


def terms(text: str) -> list[str]:
    """Return the search terms of text in order, without stop words; the text is normalised first."""
    return [term for _, _, term in spans(normal(text)) if term not in STOP_TERMS]
