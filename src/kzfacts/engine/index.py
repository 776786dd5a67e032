"""The search index: an SQLite file of facts and weighted postings, built once per fact base."""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from kzfacts import text
from kzfacts.engine import semantic
from kzfacts.engine.ranking import DATE_MAX_YEARS, FIELD_WEIGHTS, LENGTH_NORM
from kzfacts.records import Fact, Source

if TYPE_CHECKING:
    from kzfacts.engine.filters import Filters
    from kzfacts.store import FactBase

# An index built without the model file (search is then lexical) is a different format from one built with it.
FORMAT = "18" + ("" if semantic.MODEL_FILE.is_file() else "-lexical")
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE facts(doc INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, kind TEXT NOT NULL, start TEXT, end TEXT,
                   sources TEXT NOT NULL, topics TEXT NOT NULL, record TEXT NOT NULL, path TEXT NOT NULL,
                   line INTEGER NOT NULL);
CREATE TABLE terms(term TEXT PRIMARY KEY, word TEXT NOT NULL, df INTEGER NOT NULL,
                   docs BLOB NOT NULL, weights BLOB NOT NULL) WITHOUT ROWID;
"""

Phrase = tuple[str, ...]


def alias_phrases(groups: Iterable[tuple[str, ...]]) -> dict[Phrase, str]:
    """Return each alias name's term sequence mapped to its group's term (`~astana`)."""
    phrases: dict[Phrase, str] = {}
    for group in groups:
        token = "~" + "-".join(text.terms(group[0]))
        for name in group:
            phrase = tuple(text.terms(name))
            if phrase:
                phrases[phrase] = token
    return phrases


def translation_phrases(pairs: Iterable[tuple[str, tuple[str, ...]]]) -> dict[Phrase, str]:
    """Return each translation's term sequence mapped to the terms of the English words it translates."""
    phrases: dict[Phrase, str] = {}
    for english, words in pairs:
        terms = " ".join(text.terms(english))
        for word in words:
            phrase = tuple(text.terms(word))
            if phrase and terms:
                phrases[phrase] = terms
    return phrases


def find_phrases(terms: list[str], phrases: dict[Phrase, str]) -> list[tuple[int, int, str]]:
    """Return (start, end, group term) for the longest alias phrases found in terms."""
    longest = max((len(p) for p in phrases), default=0)
    starts = {phrase[0] for phrase in phrases}
    found, at = [], 0
    while at < len(terms):
        if terms[at] not in starts:
            at += 1
            continue
        for size in range(min(longest, len(terms) - at), 0, -1):
            group = phrases.get(tuple(terms[at : at + size]))
            if group:
                found.append((at, at + size, group))
                at += size
                break
        else:
            at += 1
    return found


def year_terms(start: str, end: str) -> list[str]:
    """Return the date terms (`@2019`) of the years a fact's date spans, at most DATE_MAX_YEARS of them."""
    first, last = int(start[:4]), int(end[:4])
    return [f"@{year}" for year in range(first, min(last, first + DATE_MAX_YEARS - 1) + 1)]


def _field_texts(fact: Fact) -> dict[str, str]:
    return {
        "claim": fact.claim,
        "entities": " ; ".join(fact.entities),
        "topics": " ".join(t.replace("-", " ") for t in fact.topics),
        "quote": " ".join(c.quote for c in fact.citations),
        "questions": " ".join(fact.questions),
    }


def _tagged(values: Iterable[str]) -> str:
    return "," + ",".join(values) + ","


def _fields(
    base: FactBase, phrases: dict[Phrase, str]
) -> tuple[list[dict[str, list[str]]], list[dict[str, list[str]]], dict[str, Counter[str]]]:
    """Return each fact's terms and literal words (`=word`) by field, and the words each term was written as."""
    fields: list[dict[str, list[str]]] = []
    exact: list[dict[str, list[str]]] = []
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for fact in base.facts:
        doc_fields, doc_words = {}, {}
        for name, value in _field_texts(fact).items():
            spans = [(value[a:b], term) for a, b, term in text.spans(value) if term not in text.STOP_TERMS]
            terms = [term for _, term in spans]
            if name in ("claim", "entities"):
                for word, term in spans:
                    surface[term][word] += 1
            doc_fields[name] = terms + [group for _, _, group in find_phrases(terms, phrases)]
            literal = text.spans(value, exact=True)
            doc_words[name] = ["=" + word for _, _, word in literal if word not in text.STOP_FOLDED]
        doc_fields["date"] = year_terms(fact.date.start, fact.date.end) if fact.date else []
        fields.append(doc_fields)
        exact.append(doc_words)
    return fields, exact, surface


def _postings(fields: list[dict[str, list[str]]]) -> dict[str, dict[int, float]]:
    """Return each term's weighted, length-normalised frequency in each document (BM25F)."""
    averages = {name: sum(len(f.get(name, ())) for f in fields) / max(len(fields), 1) or 1.0 for name in FIELD_WEIGHTS}
    postings: dict[str, dict[int, float]] = defaultdict(dict)
    for doc, doc_fields in enumerate(fields):
        for name, terms in doc_fields.items():
            norm = FIELD_WEIGHTS[name] / (1 - LENGTH_NORM + LENGTH_NORM * len(terms) / averages[name])
            for term, count in Counter(terms).items():
                postings[term][doc] = postings[term].get(doc, 0.0) + count * norm
    return postings


def build(base: FactBase, conn: sqlite3.Connection, fingerprint: str) -> None:
    """Write the index of base into an empty SQLite database."""
    phrases = alias_phrases(base.aliases)
    fields, exact, surface = _fields(base, phrases)
    postings = _postings(fields) | _postings(exact)
    conn.executescript(_SCHEMA)
    meaning = semantic.build(conn, base.facts)
    conn.executemany(
        "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                doc,
                fact.id,
                fact.kind,
                fact.date.start if fact.date else None,
                fact.date.end if fact.date else None,
                _tagged(c.source for c in fact.citations),
                _tagged(fact.topics),
                json.dumps(fact.to_json(), ensure_ascii=False),
                fact.path,
                fact.line,
            )
            for doc, fact in enumerate(base.facts)
        ),
    )
    conn.executemany(
        "INSERT INTO terms VALUES (?, ?, ?, ?, ?)",
        (
            (
                term,
                surface[term].most_common(1)[0][0] if surface[term] else term.lstrip("~="),
                len(docs),
                array("I", docs).tobytes(),
                array("f", docs.values()).tobytes(),
            )
            for term, docs in postings.items()
        ),
    )
    translated = translation_phrases(base.translations)
    meta = {
        "format": FORMAT,
        "fingerprint": fingerprint,
        "size": str(len(base.facts)),
        "sources": json.dumps([s.to_json() for s in base.sources.values()], ensure_ascii=False),
        "topics": json.dumps(base.topics, ensure_ascii=False),
        "aliases": json.dumps([[*phrase, group] for phrase, group in phrases.items()], ensure_ascii=False),
        "translations": json.dumps([[*phrase, english] for phrase, english in translated.items()], ensure_ascii=False),
        "ascii_translations": "1" if any(term.isascii() for phrase in translated for term in phrase) else "0",
        "semantic": meaning,
    }
    conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    conn.commit()


class Postings:
    """The documents containing one term and the term's weighted frequency in each."""

    __slots__ = ("df", "docs", "weights")

    def __init__(self, df: int, docs: bytes, weights: bytes) -> None:
        self.df = df
        self.docs, self.weights = array("I"), array("f")
        self.docs.frombytes(docs)
        self.weights.frombytes(weights)


class Index:
    """Read access to a built index: facts and sources as records, postings for scoring."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        if meta.get("format") != FORMAT:
            raise sqlite3.DatabaseError("index format changed")
        self.fingerprint = meta["fingerprint"]
        self.size = int(meta["size"])
        self.semantic = meta.get("semantic", "off") != "off"  # whether facts have vectors (the model was there)
        self._meta = meta
        self._postings: dict[str, Postings | None] = {}
        self._facts: dict[int, Fact] = {}

    @cached_property
    def sources(self) -> dict[str, Source]:
        """Return the sources by id."""
        return {data["id"]: Source.from_json(data) for data in json.loads(self._meta["sources"])}

    @cached_property
    def topics(self) -> dict[str, str]:
        """Return the topic vocabulary."""
        result: dict[str, str] = json.loads(self._meta["topics"])
        return result

    @cached_property
    def phrases(self) -> dict[Phrase, str]:
        """Return alias term sequences mapped to their group term."""
        return {tuple(row[:-1]): row[-1] for row in json.loads(self._meta["aliases"])}

    @cached_property
    def ascii_translations(self) -> bool:
        """Return whether some translated word is written in ASCII (else an ASCII query needs no translating)."""
        return self._meta.get("ascii_translations") == "1"

    @cached_property
    def translations(self) -> dict[Phrase, str]:
        """Return the term sequences of words in other languages mapped to the English terms they translate."""
        return {tuple(row[:-1]): row[-1] for row in json.loads(self._meta["translations"])}

    @cached_property
    def other_script_names(self) -> dict[str, str]:
        """Return the Cyrillic terms of alias names and translations, each mapped to itself (for inflected forms)."""
        phrases = [*self.phrases, *self.translations]
        return {term: term for phrase in phrases for term in phrase if text.is_cyrillic(term)}

    @cached_property
    def vocabulary(self) -> list[str]:
        """Return every indexed word term: not alias group (`~`), date (`@`) or exact (`=`) terms."""
        return [term for (term,) in self.conn.execute("SELECT term FROM terms WHERE term NOT GLOB '[~@=]*'")]

    def postings(self, terms: Iterable[str]) -> dict[str, Postings]:
        """Return the postings of those terms that are indexed, reading each term once per index."""
        wanted = set(terms)
        unread = [term for term in wanted if term not in self._postings]
        if unread:
            self._postings.update(dict.fromkeys(unread))
            rows = self.conn.execute(
                "SELECT term, df, docs, weights FROM terms WHERE term IN (SELECT value FROM json_each(?))",
                (json.dumps(unread),),
            )
            self._postings.update((term, Postings(df, docs, weights)) for term, df, docs, weights in rows)
        return {term: found for term in wanted if (found := self._postings[term]) is not None}

    def word(self, term: str) -> str:
        """Return the commonest word in the facts that has this term."""
        row = self.conn.execute("SELECT word FROM terms WHERE term = ?", (term,)).fetchone()
        return str(row[0]) if row else term

    def facts(self, docs: Iterable[int]) -> dict[int, Fact]:
        """Return the facts with these document numbers, reading each fact once per index."""
        wanted = list(docs)
        unread = [doc for doc in wanted if doc not in self._facts]
        if unread:
            rows = self.conn.execute(
                "SELECT doc, record, path, line FROM facts WHERE doc IN (SELECT value FROM json_each(?))",
                (json.dumps(unread),),
            )
            self._facts.update(
                (doc, Fact.from_json(json.loads(record), path, line)) for doc, record, path, line in rows
            )
        return {doc: self._facts[doc] for doc in wanted if doc in self._facts}

    def fact(self, fact_id: str) -> Fact | None:
        """Return the fact with this id, or None."""
        try:
            row = self.conn.execute("SELECT record, path, line FROM facts WHERE id = ?", (fact_id,)).fetchone()
        except UnicodeEncodeError:  # bytes that are not UTF-8 on the command line: no id has them
            return None
        return Fact.from_json(json.loads(row[0]), row[1], row[2]) if row else None

    def ids(self) -> list[str]:
        """Return every fact id."""
        return [fact_id for (fact_id,) in self.conn.execute("SELECT id FROM facts")]

    def _where(self, filters: Filters | None, docs: Iterable[int] | None, *, dated: bool) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if docs is not None:
            clauses.append("doc IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(list(docs)))
        if dated:
            clauses.append("start IS NOT NULL")
        if filters:
            for column, values in (("sources", filters.sources), ("topics", filters.topics)):
                if values:
                    clauses.append("(" + " OR ".join(f"instr({column}, ?)" for _ in values) + ")")
                    params.extend(f",{v}," for v in values)
            if filters.kinds:
                clauses.append(f"kind IN ({', '.join('?' * len(filters.kinds))})")
                params.extend(filters.kinds)
            for clause, day in (("end >= ?", filters.since), ("start <= ?", filters.until)):
                if day:
                    clauses.append(clause)
                    params.append(day)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def select(
        self, filters: Filters | None, docs: Iterable[int] | None = None, *, dated: bool = False
    ) -> dict[int, tuple[str, str, str]]:
        """Return the documents passing the filters (among docs, if given), each with its kind, first and last day."""
        where, params = self._where(filters, docs, dated=dated)
        rows = self.conn.execute(f"SELECT doc, kind, start, end FROM facts{where}", params)
        return {doc: (kind, start or "", end or "") for doc, kind, start, end in rows}

    def documents(self, filters: Filters | None) -> list[int]:
        """Return the documents passing the filters, in file order."""
        where, params = self._where(filters, None, dated=False)
        return [doc for (doc,) in self.conn.execute(f"SELECT doc FROM facts{where} ORDER BY doc", params)]

    def counts_by_source(self) -> dict[str, int]:
        """Return how many facts cite each source."""
        return {
            source: self.conn.execute(
                "SELECT count(*) FROM facts WHERE instr(sources, ?)", (f",{source},",)
            ).fetchone()[0]
            for source in self.sources
        }

    def counts_by_topic(self) -> dict[str, int]:
        """Return how many facts are on each topic."""
        return {
            topic: self.conn.execute("SELECT count(*) FROM facts WHERE instr(topics, ?)", (f",{topic},",)).fetchone()[0]
            for topic in self.topics
        }
