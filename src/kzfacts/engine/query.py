"""Answering a query from an index: its words, their aliases and spelling variants, scores, timelines."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

from kzfacts import text
from kzfacts.engine.index import Index, find_phrases
from kzfacts.engine.ranking import (
    ALIAS_WEIGHT,
    FUZZY_CUTOFF,
    FUZZY_WEIGHT,
    MIN_FUZZY_LENGTH,
    PHRASE_BONUS,
    POOL,
    SUGGEST_CUTOFF,
    TIMELINE_CUTOFF,
    TIMELINE_SHARE,
    idf,
    term_score,
)
from kzfacts.records import Hit, Results

if TYPE_CHECKING:
    from kzfacts.engine.filters import Filters


class Unit(NamedTuple):
    """The indexed terms that can stand for some query words, each with its weight."""

    alternatives: tuple[tuple[str, float], ...]
    words: frozenset[str]


class Query(NamedTuple):
    """A query's terms and its units: one per word (itself or its spelling variants) and one per alias."""

    terms: tuple[str, ...]
    units: tuple[Unit, ...]


def _fuzzy(index: Index, term: str, cutoff: float, limit: int) -> list[tuple[str, float]]:
    """Return indexed terms spelled like term, with their similarity (0-100)."""
    if len(term) < MIN_FUZZY_LENGTH or term[0].isdigit():
        return []
    from rapidfuzz import fuzz, process  # noqa: PLC0415 - only queries with unknown words pay for it

    return [(match, score) for match, score, _ in process.extract(
        term, index.vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit
    )]  # fmt: skip


def parse(index: Index, query: str) -> Query:
    """Return the query's terms and units: exact terms, alias groups, and fuzzy variants of unknown words."""
    terms = text.terms(query)
    phrases = find_phrases(terms, index.phrases)
    in_alias = {at for start, end, _ in phrases for at in range(start, end)}
    known = index.postings(terms)
    units: list[Unit] = []
    seen: set[str] = set()
    for at, term in enumerate(terms):
        if term in seen:
            continue
        seen.add(term)
        if term in known:
            units.append(Unit(((term, 1.0),), frozenset([term])))
        elif at not in in_alias:
            variants = _fuzzy(index, term, FUZZY_CUTOFF, 3)
            alternatives = tuple((match, FUZZY_WEIGHT * score / 100) for match, score in variants)
            units.append(Unit(alternatives, frozenset([term])))
    for start, end, group in phrases:
        units.append(Unit(((group, ALIAS_WEIGHT),), frozenset(terms[start:end])))
    return Query(tuple(terms), tuple(unit for unit in units if unit.alternatives))


def _scores(index: Index, query: Query) -> tuple[dict[int, float], dict[int, set[str]], dict[int, set[str]]]:
    """Return each matching document's score, the indexed terms it matched and the query words they stand for."""
    postings = index.postings(term for unit in query.units for term, _ in unit.alternatives)
    scores: dict[int, float] = defaultdict(float)
    matched: dict[int, set[str]] = defaultdict(set)
    covered: dict[int, set[str]] = defaultdict(set)
    for unit in query.units:
        best: dict[int, tuple[float, str]] = {}
        for term, weight in unit.alternatives:
            found = postings.get(term)
            if found is None:
                continue
            rarity = idf(index.size, found.df)
            for doc, tf in zip(found.docs, found.weights, strict=True):
                score = term_score(weight, rarity, tf)
                if score > best.get(doc, (0.0, ""))[0]:
                    best[doc] = (score, term)
        for doc, (score, term) in best.items():
            scores[doc] += score
            matched[doc].add(term)
            covered[doc] |= unit.words
    return scores, matched, covered


def _highlight_terms(index: Index, matched: set[str]) -> frozenset[str]:
    """Return the matched terms with alias group terms replaced by their names' terms."""
    words = {term for term in matched if not term.startswith("~")}
    words.update(term for phrase, group in index.phrases.items() if group in matched for term in phrase)
    return frozenset(words)


def _contains(haystack: list[str], needle: tuple[str, ...]) -> bool:
    size = len(needle)
    return any(tuple(haystack[at : at + size]) == needle for at in range(len(haystack) - size + 1))


def _hits(index: Index, docs: list[int], scores: dict[int, float], matched: dict[int, set[str]]) -> list[Hit]:
    facts = index.facts(docs)
    return [Hit(facts[doc], round(scores[doc], 4), _highlight_terms(index, matched[doc])) for doc in docs]


def search(index: Index, query: str, filters: Filters | None = None, limit: int | None = 10) -> Results:
    """Return the facts best matching query, best first (all of them when limit is None)."""
    parsed = parse(index, query)
    scores, matched, _ = _scores(index, parsed)
    if filters:
        allowed = index.select(filters, scores)
        scores = {doc: score for doc, score in scores.items() if doc in allowed}
    ranked = sorted(scores, key=lambda doc: (-scores[doc], doc))
    pool = ranked if limit is None else ranked[: limit * 3 + POOL]
    if len(parsed.terms) > 1:
        for doc, fact in index.facts(pool).items():
            if _contains(text.terms(fact.claim), parsed.terms):
                scores[doc] *= PHRASE_BONUS
    shown = sorted(pool, key=lambda doc: (-scores[doc], doc))[:limit]
    return Results(tuple(_hits(index, shown, scores, matched)), len(scores))


def timeline(index: Index, query: str | None, filters: Filters | None = None, limit: int | None = 50) -> Results:
    """Return the dated facts matching query well (every dated fact without one), oldest first.

    A timeline is not ranked, so it keeps only facts that match most of what the best facts match
    (two query words of three, both of two) and score at least TIMELINE_CUTOFF of the best.
    """
    if not query:
        dated = index.select(filters, dated=True)
        chosen = sorted(dated, key=lambda doc: (dated[doc][1:], doc))
        return Results(tuple(_hits(index, chosen[:limit], dict.fromkeys(chosen, 0.0), defaultdict(set))), len(chosen))
    scores, matched, covered = _scores(index, parse(index, query))
    dated = index.select(filters, scores, dated=True)
    best = max((scores[doc] for doc in dated), default=0.0)
    needed = math.ceil(TIMELINE_SHARE * max((len(covered[doc]) for doc in dated), default=0))
    chosen = sorted(
        (doc for doc in dated if scores[doc] >= TIMELINE_CUTOFF * best and len(covered[doc]) >= needed),
        key=lambda doc: (dated[doc][1:], doc),
    )
    return Results(tuple(_hits(index, chosen[:limit], scores, matched)), len(chosen))


def suggest(index: Index, query: str) -> list[str]:
    """Return indexed words close to the query's words that are not indexed."""
    terms = [term for term in text.terms(query) if term not in index.postings([term])]
    suggestions = []
    for term in terms:
        close = _fuzzy(index, term, SUGGEST_CUTOFF, 1)
        if close:
            suggestions.append(index.word(close[0][0]))
    return suggestions


def suggest_id(index: Index, fact_id: str) -> str | None:
    """Return the fact id spelled most like fact_id, if any is close."""
    from rapidfuzz import process  # noqa: PLC0415

    close = process.extractOne(fact_id, index.ids(), score_cutoff=SUGGEST_CUTOFF)
    return str(close[0]) if close else None
