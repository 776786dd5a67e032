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
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от
    меня еще нет о из ему теперь когда даже ну ли если уже или ни быть был него до вас нибудь опять уж вам ведь
    там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтобы без будто чего раз
    тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы
    нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти
    нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя
    такой им более всегда конечно всю между против сколько какие каком каких почему
    және мен бен пен да де та те бұл сол ол не қашан қандай қанша қалай неше үшін туралы бойынша
    """.split()  # noqa: SIM905 - a word list reads best as text
)


def fold(text: str) -> str:
    """Return text lower-cased with diacritics removed (Ürümqi -> urumqi)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
})  # fmt: skip


def is_cyrillic(term: str) -> bool:
    """Return whether a term is written in Cyrillic (its first letter is)."""
    return "\u0400" <= term[:1] <= "\u04ff"


_ENGLISH = Stemmer.Stemmer("english")
_RUSSIAN = Stemmer.Stemmer("russian")


def stem(word: str) -> str:
    """Return a word's Snowball stem (Russian for Cyrillic words), -ment dropped first (agreements -> agre)."""
    if word.isdigit() or len(word) < MIN_STEM_LENGTH:
        return word
    if is_cyrillic(word):
        return str(_RUSSIAN.stemWord(word))
    if word.endswith(("ment", "ments")) and len(word) >= MIN_STEM_LENGTH + len("ment"):
        word = word[: word.rindex("ment")]
    return str(_ENGLISH.stemWord(word))


# Stop words as terms: folding and stemming turn some into other strings ("does" -> "doe", "бойынша" -> "боиынш").
STOP_TERMS = frozenset(stem(fold(word)) for word in STOP_WORDS)
STOP_FOLDED = frozenset(fold(word) for word in STOP_WORDS)


@lru_cache(maxsize=1 << 16)
def _word(token: str) -> str:
    """Return a token folded, numbers without separators, possessive and joiners dropped: the literal word."""
    folded = fold(token)
    if folded[:1].isdigit():
        return folded.replace(",", "")
    if folded.endswith(("'s", "’s")):
        folded = folded[:-2]
    return folded.translate(_JOINERS)


@lru_cache(maxsize=1 << 16)
def _term(token: str) -> str:
    word = _word(token)
    return word if word[:1].isdigit() else stem(word)


def latin(term: str) -> str:
    """Return a folded Cyrillic term transliterated into Latin letters and stemmed as English (протест -> protest)."""
    return stem(term.translate(_LATIN))


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


def spans(text: str, *, exact: bool = False) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, term) for every word of text, stop words included; exact: literal words, not stems.

    Words are found in the normal form of text (see normal), so that decomposed letters and invisible
    characters inside a word change nothing; start and end are offsets in text itself.
    """
    if text.isascii() or _is_normal(text):
        yield from _spans(text, exact=exact)
        return
    composed, starts, ends = _normalised(text)
    for start, end, term in _spans(composed, exact=exact):
        yield starts[start], ends[end - 1], term


def _spans(text: str, *, exact: bool) -> Iterator[tuple[int, int, str]]:
    normalise = _word if exact else _term
    for match in _WORD.finditer(text):
        word, offset = match.group(), match.start()
        pieces = [(0, len(word))] if word.isascii() and "_" not in word else _pieces(word)
        for start, end in pieces:
            term = normalise(word[start:end])
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


def words(text: str) -> list[str]:
    """Return the literal words of text in order (folded, not stemmed), without stop words."""
    return [word for _, _, word in spans(normal(text), exact=True) if word not in STOP_FOLDED]
