"""Normalising text into search terms: case, diacritics, numbers, stop words and light stemming."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+(?:[.,'’][^\W_{_CJK}]+)*")
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


def stem(word: str) -> str:
    """Return a light English stem: plurals, -ing and -ed endings removed."""
    if word.isdigit() or len(word) < MIN_STEM_LENGTH:
        return word
    for suffix, replacement, min_len in (
        ("ies", "y", 5),
        ("sses", "ss", 5),
        ("eed", "ee", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("es", "", 5),
    ):
        if word.endswith(suffix) and len(word) >= min_len:
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "zes", "sses")):
                continue
            return word[: len(word) - len(suffix)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 16)
def _term(token: str) -> str:
    folded = fold(token)
    if folded[:1].isdigit():
        return folded.replace(",", "")
    if folded.endswith(("'s", "’s")):
        folded = folded[:-2]
    return stem(re.sub(r"[.,'’]", "", folded))


def spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, term) for every word of text, stop words included."""
    for match in _TOKEN.finditer(text):
        term = _term(match.group())
        if term:
            yield match.start(), match.end(), term


def terms(text: str) -> list[str]:
    """Return the search terms of text in order, without stop words."""
    return [term for _, _, term in spans(text) if term not in STOP_WORDS]
