"""Answering a query from an index: its words, their aliases and spelling variants, scores, timelines.

A search is a sequence of steps, each a function here with its constants in `ranking.py`: parse the query
into concepts (units), score the facts matching any of them (BM25F), weigh each fact by the share of the
concepts it matches, keep the facts the filters allow, then reorder the best of them for a phrase match
and for what a question asks (a date, a quantity). Notes say what was done with the words.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

from kzfacts import text
from kzfacts.engine import ranking
from kzfacts.engine.index import Index, find_phrases
from kzfacts.engine.ranking import (
    ALIAS_WEIGHT,
    DATE_WEIGHT,
    FUZZY_CUTOFF,
    FUZZY_WEIGHT,
    INFLECTION_LETTERS,
    MIN_FUZZY_LENGTH,
    MIN_INFLECTED_LENGTH,
    PHRASE_BONUS,
    POOL,
    SUGGEST_CUTOFF,
    TIMELINE_CUTOFF,
    TIMELINE_SHARE,
    TRANSLITERATION_WEIGHT,
    YEARS,
    idf,
    term_score,
)
from kzfacts.records import Fact, Hit, Results

if TYPE_CHECKING:
    from kzfacts.engine.filters import Filters

_WORD = re.compile(r"\w+")


class Unit(NamedTuple):
    """The indexed terms that can stand for some query words, each with its weight, and the concept it is part of.

    A concept is a word, or an alias name with its words: `Nur-Sultan` is one concept of three units
    (`nur`, `sultan` and the group of Astana's names).
    """

    alternatives: tuple[tuple[str, float], ...]
    words: frozenset[str]
    concept: int = 0


class Query(NamedTuple):
    """A parsed query: its terms, its units (one per word or alias), what it asks for, and what became of its words."""

    terms: tuple[str, ...]
    units: tuple[Unit, ...]
    wanted: str | None = None
    corrections: tuple[tuple[str, str], ...] = ()
    unmatched: tuple[str, ...] = ()
    exact: bool = False


class Scored(NamedTuple):
    """Each matching document's score, the indexed terms it matched and the query words those stand for."""

    scores: dict[int, float]
    matched: dict[int, set[str]]
    covered: dict[int, set[str]]


def _fuzzy(index: Index, term: str, cutoff: float, limit: int) -> list[tuple[str, float]]:
    """Return indexed terms spelled like term, with their similarity (0-100)."""
    if len(term) < MIN_FUZZY_LENGTH or term[0].isdigit():
        return []
    from rapidfuzz import fuzz, process  # noqa: PLC0415 - only queries with unknown words pay for it

    return [(match, score) for match, score, _ in process.extract(
        term, index.vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit
    )]  # fmt: skip


def _written(query: str, *, exact: bool = False) -> dict[str, str]:
    """Return each term (literal word, with exact) of the query mapped to the word it was written as."""
    normal = text.normal(query)
    written: dict[str, str] = {}
    for start, end, term in text.spans(normal, exact=exact):
        written.setdefault(term, normal[start:end])
    return written


def _is_year(term: str) -> bool:
    return len(term) == 4 and term.isdigit() and YEARS[0] <= int(term) <= YEARS[1]  # noqa: PLR2004 - four digits


def _name_form(index: Index, term: str) -> str:
    """Return the Cyrillic alias-name term that an inflected Cyrillic term is a form of, else the term."""
    if not text.is_cyrillic(term):
        return term
    names = index.other_script_names
    if term in names:
        return term
    for cut in range(1, min(INFLECTION_LETTERS, len(term) - MIN_INFLECTED_LENGTH) + 1):  # the longest name first
        if term[:-cut] in names:
            return term[:-cut]
    longer = [name for name in names if name.startswith(term) and len(name) - len(term) <= INFLECTION_LETTERS // 2]
    return min(longer, key=len) if len(term) >= MIN_INFLECTED_LENGTH and longer else term


def _transliterated(index: Index, term: str, written: str) -> tuple[tuple[str, float], ...]:
    """Return indexed terms a Cyrillic word no alias has may stand for, by transliteration (протесты -> protest)."""
    best: dict[str, float] = {}
    for latin in {text.latin(term), text.latin(text.fold(written))}:
        if latin in index.postings([latin]):
            best[latin] = max(best.get(latin, 0.0), TRANSLITERATION_WEIGHT)
        for match, score in _fuzzy(index, latin, FUZZY_CUTOFF, 2):
            best[match] = max(best.get(match, 0.0), TRANSLITERATION_WEIGHT * score / 100)
    return tuple(sorted(best.items(), key=lambda item: -item[1]))


def _alternatives(
    index: Index, term: str, written: str, known: set[str], *, in_alias: bool
) -> tuple[tuple[tuple[str, float], ...], str | None]:
    """Return the indexed terms that may stand for one query term, and the word a spelling correction used."""
    alternatives: tuple[tuple[str, float], ...] = ()
    corrected = None
    if term in known:
        alternatives = ((term, 1.0),)
    elif in_alias:
        pass
    elif text.is_cyrillic(term):
        alternatives = _transliterated(index, term, written)
    else:
        variants = _fuzzy(index, term, FUZZY_CUTOFF, 3)
        alternatives = tuple((match, FUZZY_WEIGHT * score / 100) for match, score in variants)
        if variants:
            corrected = index.word(variants[0][0])
            corrected = corrected.lower() if written.islower() else corrected
    if _is_year(term) and f"@{term}" in known:
        alternatives = (*alternatives, (f"@{term}", DATE_WEIGHT))
    return alternatives, corrected


def _parse_exact(index: Index, query: str) -> Query:
    """Return the units of a literal query: each word as written (folded), no stems, variants, aliases or dates."""
    words = list(dict.fromkeys(text.words(query)))
    known = index.postings("=" + word for word in words)
    written = _written(query, exact=True)
    units = tuple(
        Unit((("=" + word, 1.0),), frozenset([word]), at) for at, word in enumerate(words) if "=" + word in known
    )
    unmatched = tuple(written.get(word, word) for word in words if "=" + word not in known)
    wanted = ranking.asks_for(_WORD.findall(text.fold(text.normal(query))))
    return Query(tuple(text.words(query)), units, wanted, (), unmatched, exact=True)


def _translated(index: Index, terms: list[str], written: dict[str, str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Return the terms with words of other languages replaced by the English terms they translate.

    Also return each (word as written, English word) pair; alias names are kept whole, as the aliases match them.
    """
    if (all(term.isascii() for term in terms) and not index.ascii_translations) or not index.translations:
        return terms, []
    found = find_phrases(terms, {**index.translations, **index.phrases})  # an alias name maps to its group, `~…`
    english: list[str] = []
    pairs: list[tuple[str, str]] = []
    at = 0
    for start, end, translation in found:
        is_name = translation.startswith("~")
        english += terms[at:end] if is_name else terms[at:start]
        if not is_name:
            english += translation.split()
            typed = " ".join(written.get(term, term) for term in terms[start:end])
            pairs.append((typed, " ".join(index.word(term).lower() for term in translation.split())))
        at = end
    return english + terms[at:], pairs


def parse(index: Index, query: str, *, exact: bool = False) -> Query:
    """Return the query's terms and units: words, alias names, years as dates, variants of unknown words.

    With exact, only the literal words (folded for case and diacritics) match.
    """
    if exact:
        return _parse_exact(index, query)
    written = _written(query)
    terms, corrections = _translated(index, [_name_form(index, term) for term in text.terms(query)], written)
    phrases = find_phrases(terms, index.phrases)
    concept_of = {at: number for number, (start, end, _) in enumerate(phrases) for at in range(start, end)}
    known = set(index.postings([*terms, *(f"@{term}" for term in terms if _is_year(term))]))
    units: list[Unit] = []
    unmatched: list[str] = []
    for at, term in enumerate(terms):
        if term in terms[:at]:
            continue
        typed = written.get(term, term)
        alternatives, corrected = _alternatives(index, term, typed, known, in_alias=at in concept_of)
        if corrected:
            corrections.append((typed, corrected))
        if alternatives:
            units.append(Unit(alternatives, frozenset([term]), concept_of.get(at, len(phrases) + at)))
        elif at not in concept_of:
            unmatched.append(typed)
    for number, (start, end, group) in enumerate(phrases):
        units.append(Unit(((group, ALIAS_WEIGHT),), frozenset(terms[start:end]), number))
    wanted = ranking.asks_for(_WORD.findall(text.fold(text.normal(query))))
    return Query(tuple(terms), tuple(units), wanted, tuple(corrections), tuple(unmatched))


def _scores(index: Index, query: Query) -> Scored:
    """Return each matching document's BM25F score (the best alternative of each unit), weighed by coverage."""
    postings = index.postings(term for unit in query.units for term, _ in unit.alternatives)
    scores: dict[int, float] = defaultdict(float)
    matched: dict[int, set[str]] = defaultdict(set)
    covered: dict[int, set[str]] = defaultdict(set)
    concepts: dict[int, set[int]] = defaultdict(set)
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
            concepts[doc].add(unit.concept)
    total = len({unit.concept for unit in query.units})
    if total > 1:
        for doc in scores:
            scores[doc] *= ranking.coverage(len(concepts[doc]), total)
    return Scored(scores, matched, covered)


def _highlight_terms(index: Index, matched: set[str]) -> frozenset[str]:
    """Return the matched terms and literal words, alias group terms replaced by their names' terms."""
    words = {term for term in matched if not term.startswith(("~", "@"))}
    words.update(term for phrase, group in index.phrases.items() if group in matched for term in phrase)
    return frozenset(words)


def _contains(haystack: list[str], needle: tuple[str, ...]) -> bool:
    size = len(needle)
    return any(tuple(haystack[at : at + size]) == needle for at in range(len(haystack) - size + 1))


def _hits(index: Index, docs: list[int], scores: dict[int, float], matched: dict[int, set[str]]) -> list[Hit]:
    facts = index.facts(docs)
    return [Hit(facts[doc], round(scores[doc], 4), _highlight_terms(index, matched[doc])) for doc in docs]


def _bonus(fact: Fact, query: Query) -> float:
    """Return the multiplier of a candidate fact: the phrase bonus, and what a question asks for."""
    claim = text.words(fact.claim) if query.exact else text.terms(fact.claim)
    bonus = PHRASE_BONUS if len(query.terms) > 1 and _contains(claim, query.terms) else 1.0
    if query.wanted:
        numeric = ranking.has_number(_WORD.findall(text.fold(fact.claim)))
        bonus *= ranking.answer_bonus(query.wanted, fact.kind, fact.date is not None, numeric)
    return bonus


def _with_meaning(index: Index, query: str, ranked: list[int], scores: dict[int, float]) -> list[int]:
    """Return the ranking with the best facts by words rescored by their similarity in meaning to the query."""
    from kzfacts.engine import semantic  # noqa: PLC0415

    candidates = ranked[: ranking.SEMANTIC_POOL]
    best = scores[candidates[0]]
    for doc, similarity in semantic.similarities(index.conn, query, candidates).items():
        scores[doc] = ranking.fused(scores[doc], best, similarity)
    # Candidates only gain, so they stay above every fact after them: only they need sorting again.
    return sorted(candidates, key=lambda doc: (-scores[doc], doc)) + ranked[len(candidates) :]


def notes(query: Query, found: int, unfiltered: int, filters: Filters | None) -> tuple[str, ...]:
    """Return what a person should know about the query: corrections, words that matched nothing, filters."""
    said = [f"{typed} → {used}" for typed, used in query.corrections]
    if query.unmatched:
        said.append("no fact has " + ", ".join(repr(word) for word in query.unmatched))
    if filters and not found and unfiltered:
        said.append(f"no match with {filters.describe()}; {unfiltered} without it")
    return tuple(said)


def search(
    index: Index, query: str, filters: Filters | None = None, limit: int | None = 10, *, exact: bool = False
) -> Results:
    """Return the facts best matching query, best first (all of them when limit is None); exact: literal words only."""
    parsed = parse(index, query, exact=exact)
    scores, matched, _ = _scores(index, parsed)
    unfiltered = len(scores)
    if filters:
        allowed = index.select(filters, scores)
        scores = {doc: score for doc, score in scores.items() if doc in allowed}
    ranked = sorted(scores, key=lambda doc: (-scores[doc], doc))
    if index.semantic and not exact and ranked:
        ranked = _with_meaning(index, query, ranked, scores)
    pool = ranked if limit is None else ranked[: limit * 3 + POOL]
    if len(parsed.terms) > 1 or parsed.wanted:
        for doc, fact in index.facts(pool).items():
            scores[doc] *= _bonus(fact, parsed)
    shown = sorted(pool, key=lambda doc: (-scores[doc], doc))[:limit]
    said = notes(parsed, len(scores), unfiltered, filters)
    return Results(tuple(_hits(index, shown, scores, matched)), len(scores), said)


def timeline(
    index: Index, query: str | None, filters: Filters | None = None, limit: int | None = 50, *, exact: bool = False
) -> Results:
    """Return the dated facts matching query well (every dated fact without one), oldest first.

    A timeline is not ranked, so it keeps only facts that match most of what the best facts match
    (two query words of three, both of two) and score at least TIMELINE_CUTOFF of the best; the best
    facts dated or not, so that a query best answered by undated facts gets no timeline of weak matches.
    """
    if not query:
        dated = index.select(filters, dated=True)
        chosen = sorted(dated, key=lambda doc: (dated[doc][1:], doc))
        return Results(tuple(_hits(index, chosen[:limit], dict.fromkeys(chosen, 0.0), defaultdict(set))), len(chosen))
    parsed = parse(index, query, exact=exact)
    scores, matched, covered = _scores(index, parsed)
    unfiltered = len(index.select(None, scores, dated=True)) if filters else 0
    passing = index.select(filters, scores)
    best = max((scores[doc] for doc in passing), default=0.0)
    needed = math.ceil(TIMELINE_SHARE * max((len(covered[doc]) for doc in passing), default=0))
    good = [doc for doc in passing if scores[doc] >= TIMELINE_CUTOFF * best and len(covered[doc]) >= needed]
    chosen = sorted((doc for doc in good if passing[doc][1]), key=lambda doc: (passing[doc][1:], doc))
    said = notes(parsed, len(chosen), unfiltered, filters)
    hits = tuple(_hits(index, chosen[:limit], scores, matched))
    return Results(hits, len(chosen), said, undated=len(good) - len(chosen))


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
