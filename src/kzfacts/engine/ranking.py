"""Every constant that decides an order, and the scoring functions that use them.

Build time: each field's weight and BM25F length normalisation. Query time: BM25 saturation, how much
an alias, a spelling correction or a fact's date counts against the word itself, the phrase bonus, the
share of the query's concepts a fact matches, what a question asks for, and what a timeline keeps.
"""

from __future__ import annotations

import math

FIELD_WEIGHTS = {"claim": 3.0, "entities": 2.0, "topics": 1.5, "quote": 1.0, "questions": 1.5, "date": 1.0}
LENGTH_NORM = 0.75  # BM25 b
SATURATION = 1.2  # BM25 k1
ALIAS_WEIGHT = 0.8
FUZZY_WEIGHT = 0.6
FUZZY_CUTOFF = 80.0
SUGGEST_CUTOFF = 70.0
MIN_FUZZY_LENGTH = 4
# A Cyrillic word is read as an inflected alias name or translation when its term is a prefix of the word
# (Китая, Казахстане, инвестициялары) with at most this many letters more; a Cyrillic word neither has is
# transliterated (протесты -> protest).
INFLECTION_LETTERS = 5
MIN_INFLECTED_LENGTH = 3
TRANSLITERATION_WEIGHT = 0.6
PHRASE_BONUS = 1.3
TIMELINE_CUTOFF = 0.35
TIMELINE_SHARE = 0.6
POOL = 20  # candidates beyond 3 × the limit that the phrase and question bonuses may reorder

# A year in a query also matches facts dated in that year, a little below the number written out.
YEARS = (1000, 2199)
DATE_WEIGHT = 0.7
DATE_MAX_YEARS = 10  # a fact dated over a longer period is indexed under its first ten years

# Coverage: a fact's score is multiplied by (share of the query's concepts it matches) ** COVERAGE, so a
# fact matching two of three concepts ranks above one matching a single concept many times.
COVERAGE = 1.0

# Meaning: the best SEMANTIC_POOL facts by words gain SEMANTIC_WEIGHT × the best word score for each unit of
# cosine similarity above SEMANTIC_FLOOR between the query and the fact (claim, questions and quotes).
SEMANTIC_POOL = 100
SEMANTIC_WEIGHT = 1.5
SEMANTIC_FLOOR = 0.3

# What a question asks for, from its first words: a date (prefer dated events) or a quantity (figures).
WHEN_CUES = (
    "when", "what year", "which year", "in what year", "in which year", "what date", "since when", "когда", "қашан",
)  # fmt: skip
QUANTITY_CUES = (
    "how much", "how many", "how long", "how big", "how large", "how far", "how high", "how old",
    "what share", "what percentage", "what percent", "what proportion", "what part", "сколько", "қанша", "неше",
)  # fmt: skip
NUMBER_WORDS = frozenset(
    """two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty hundred
    hundreds thousand thousands million millions billion billions trillion dozen dozens half quarter third
    percent""".split()  # noqa: SIM905 - a word list reads best as text
)
WHEN_DATED_BONUS = 1.2
WHEN_EVENT_BONUS = 1.1
QUANTITY_FIGURE_BONUS = 1.2
QUANTITY_NUMBER_BONUS = 1.1


def idf(documents: int, frequency: int) -> float:
    """Return the BM25 inverse document frequency of a term found in `frequency` of `documents`."""
    return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))


def term_score(weight: float, inverse_frequency: float, frequency: float) -> float:
    """Return the BM25 score of a term's weighted frequency in a document."""
    return weight * inverse_frequency * frequency * (SATURATION + 1) / (frequency + SATURATION)


def coverage(matched: float, total: float) -> float:
    """Return the multiplier for a fact matching `matched` of the query's `total` concept weight."""
    return (matched / total) ** COVERAGE if total > 0 else 1.0


def fused(lexical: float, best: float, similarity: float) -> float:
    """Return a fact's score from its word score, the best word score of the query and its similarity in meaning."""
    return lexical + SEMANTIC_WEIGHT * best * max(0.0, similarity - SEMANTIC_FLOOR)


def asks_for(words: list[str]) -> str | None:
    """Return "when" or "quantity" when the query's folded words open like a question for one, else None."""
    opening = " ".join(words[:3])
    if any(opening == cue or opening.startswith(cue + " ") for cue in WHEN_CUES):
        return "when"
    joined = " " + " ".join(words) + " "
    if any(f" {cue} " in joined for cue in QUANTITY_CUES):
        return "quantity"
    if any(f" {cue} " in joined for cue in WHEN_CUES[1:]):
        return "when"
    return None


def has_number(words: list[str]) -> bool:
    """Return whether some of these folded words state a quantity: digits or number words."""
    return any(word[:1].isdigit() or word in NUMBER_WORDS for word in words)


def answer_bonus(wanted: str | None, kind: str, dated: bool, has_number: bool) -> float:
    """Return the multiplier for a fact of this kind (dated, with a number in its claim) given what is asked."""
    if wanted == "when":
        return (WHEN_DATED_BONUS if dated else 1.0) * (WHEN_EVENT_BONUS if kind == "event" else 1.0)
    if wanted == "quantity":
        return (QUANTITY_FIGURE_BONUS if kind == "figure" else 1.0) * (QUANTITY_NUMBER_BONUS if has_number else 1.0)
    return 1.0
