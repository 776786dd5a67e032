"""Every constant that decides an order, and the scoring functions that use them.

Build time: each field's weight and BM25F length normalisation. Query time: BM25 saturation, how much
an alias, a spelling correction or a stemmed form counts against the word itself, the phrase bonus,
the preference for facts that match more of the query's concepts, and what a timeline keeps.
"""

from __future__ import annotations

import math

FIELD_WEIGHTS = {"claim": 3.0, "entities": 2.0, "topics": 1.5, "quote": 1.0, "questions": 1.5}
LENGTH_NORM = 0.75  # BM25 b
SATURATION = 1.2  # BM25 k1
ALIAS_WEIGHT = 0.8
FUZZY_WEIGHT = 0.6
FUZZY_CUTOFF = 80.0
SUGGEST_CUTOFF = 70.0
MIN_FUZZY_LENGTH = 4
PHRASE_BONUS = 1.3
TIMELINE_CUTOFF = 0.35
TIMELINE_SHARE = 0.6
POOL = 20  # candidates beyond 3 × the limit that the phrase bonus may reorder


def idf(documents: int, frequency: int) -> float:
    """Return the BM25 inverse document frequency of a term found in `frequency` of `documents`."""
    return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))


def term_score(weight: float, inverse_frequency: float, frequency: float) -> float:
    """Return the BM25 score of a term's weighted frequency in a document."""
    return weight * inverse_frequency * frequency * (SATURATION + 1) / (frequency + SATURATION)
