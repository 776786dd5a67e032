"""Meaning: a static embedding model (WordLlama) places facts and queries in one space, in pure Python.

Build time (the model loads only then): every fact (claim, questions, quotes) is embedded as the mean of its
tokens' vectors; the index stores the facts' vectors and the model's tokens, token vectors and BPE merges.
Query time needs neither the model nor numpy: a few SQL lookups split the query's words into tokens (BPE over
the stored merges) and fetch their vectors, so the mean-pooled query vector is rebuilt exactly, and the best
facts by words are compared with it by dot product. Without the model file the index has no vectors and
search is lexical.
"""

from __future__ import annotations

import itertools
import json
import math
import operator
import re
import sqlite3
import zlib
from array import array
from collections.abc import Iterable, Sequence
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzfacts import text

if TYPE_CHECKING:
    from kzfacts.records import Fact

MODEL_FILE = Path(__file__).parent / "model" / "wordllama-l2-supercat-256.bin"
VERSION = "wordllama-l2-supercat-256-int8"
_MAGIC = b"KZWL1\n"
_SCHEMA = """
CREATE TABLE vectors(doc INTEGER PRIMARY KEY, scale REAL NOT NULL, vector BLOB NOT NULL);
CREATE TABLE tokens(token TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE token_vectors(id INTEGER PRIMARY KEY, scale REAL NOT NULL, vector BLOB NOT NULL);
CREATE TABLE merges(pair INTEGER PRIMARY KEY, rank INTEGER NOT NULL, merged INTEGER NOT NULL);
"""
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_LEVELS = 127
_NEVER = 1 << 30
_PAIR = 1 << 16  # a merge's key: left token id × _PAIR + right token id
_FIXED = float(1 << 20)  # fixed-point lanes: 20 bits of fraction, an offset keeps each lane positive
_OFFSET = 1 << 24


def words(value: str) -> list[str]:
    """Return the words of a text as the model reads them (normalised, not folded), punctuation left out."""
    return _WORD.findall(text.normal(value))


def _unit_levels(vector: list[float]) -> tuple[float, bytes]:
    """Return a vector as int8 levels and the scale that restores it at length 1 (the direction is all that counts)."""
    top = max(map(abs, vector), default=0.0) or 1.0
    norm = math.sqrt(math.fsum(value * value for value in vector)) or 1.0
    factor = _LEVELS / top
    return top / _LEVELS / norm, array("b", [round(value * factor) for value in vector]).tobytes()


def _restored(scale: float, levels: bytes) -> list[float]:
    return [scale * level for level in array("b", levels)]


def unit(vector: list[float]) -> list[float]:
    """Return the vector scaled to length 1 (a zero vector unchanged)."""
    norm = math.sqrt(sum(value * value for value in vector)) or 1.0
    return [value / norm for value in vector]


class Model:
    """The token vectors and BPE tokenizer of the model file: build time only."""

    def __init__(self, raw: bytes) -> None:
        body = zlib.decompress(raw)
        if not body.startswith(_MAGIC):
            raise ValueError("not a kzfacts model file")
        header_end = body.index(b"\n", len(_MAGIC))
        header = json.loads(body[len(_MAGIC) : header_end])
        self.dims: int = header["dims"]
        parts, at = [], header_end + 1
        for size in header["sections"]:
            parts.append(body[at : at + size])
            at += size
        tokens, merges, scales, vectors = parts
        self.tokens = tokens.decode("utf-8").split("\n")
        self.ids = {token: number for number, token in enumerate(self.tokens)}
        pairs = array("H", merges)
        self.ranks = {(pairs[at], pairs[at + 1]): at // 2 for at in range(0, len(pairs), 2)}
        self.scales = array("f", scales)
        self.vectors = memoryview(vectors).cast("b")
        self._packed: dict[int, int] = {}

    @cached_property
    def merged(self) -> dict[tuple[int, int], int]:
        """Return the token each merge makes."""
        return {pair: self.ids[self.tokens[pair[0]] + self.tokens[pair[1]]] for pair in self.ranks}

    def tokenize(self, word: str) -> list[int]:
        """Return the token ids of a word as the Llama 2 tokenizer splits it (`▁` first, bytes for unknown ones)."""
        symbols = _symbols(word, self.ids)
        merged = self.merged
        while (step := _merge_at(symbols, self.ranks)) is not None:
            symbols[step : step + 2] = [merged[symbols[step], symbols[step + 1]]]
        return symbols

    def packed(self, token: int) -> int:
        """Return a token's vector packed as one integer: fixed-point lanes, so that adding integers adds vectors."""
        found = self._packed.get(token)
        if found is None:
            scale, start = self.scales[token] * _FIXED, token * self.dims
            lanes = array("Q", [round(scale * level) + _OFFSET for level in self.vectors[start : start + self.dims]])
            found = self._packed[token] = int.from_bytes(lanes.tobytes(), "little")
        return found

    def levels(self, token: int) -> tuple[float, bytes]:
        """Return a token's vector as stored: its scale and int8 levels."""
        start = token * self.dims
        return self.scales[token], self.vectors[start : start + self.dims].tobytes()

    def unpacked(self, total: int, count: int) -> list[float]:
        """Return the vector sum that `total` packs, of `count` token vectors."""
        lanes = array("Q")
        lanes.frombytes(total.to_bytes(self.dims * 8, "little"))
        offset = count * _OFFSET
        return [(lane - offset) / _FIXED for lane in lanes]


def _symbols(word: str, ids: dict[str, int]) -> list[int]:
    """Return a word's first BPE symbols: `▁` and its characters, UTF-8 bytes for characters not in the vocabulary."""
    symbols: list[int] = []
    for char in "▁" + word:
        if char in ids:
            symbols.append(ids[char])
        else:
            symbols.extend(ids[f"<0x{byte:02X}>"] for byte in char.encode("utf-8") if f"<0x{byte:02X}>" in ids)
    return symbols


def _merge_at(symbols: list[int], ranks: dict[tuple[int, int], int]) -> int | None:
    """Return where the next BPE merge applies (the pair of lowest rank, leftmost), or None."""
    rank, at = min(
        ((ranks.get(pair, _NEVER), at) for at, pair in enumerate(itertools.pairwise(symbols))), default=(_NEVER, 0)
    )
    return None if rank == _NEVER else at


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_FILE) -> Model | None:
    """Return the model, or None when its file is missing or unreadable (search is then lexical)."""
    try:
        return Model(path.read_bytes())
    except (OSError, ValueError, zlib.error, KeyError):
        return None


def status() -> str | None:
    """Return why semantic matching is off, or None when the model is there."""
    if load_model() is None:
        return f"semantic matching is off: the model file {MODEL_FILE.name} is missing or unreadable; search is lexical"
    return None


def _fact_text(fact: Fact) -> str:
    return " ".join([fact.claim, *fact.questions, *(citation.quote for citation in fact.citations)])


def build(conn: sqlite3.Connection, facts: Sequence[Fact]) -> str:
    """Write the facts' vectors and the model's tokens, token vectors and merges; return the model version, or "off"."""
    model = load_model()
    conn.executescript(_SCHEMA)
    if model is None:
        return "off"
    packed: dict[str, tuple[int, int]] = {}  # each word's packed token sum and token count

    def word_sum(word: str) -> tuple[int, int]:
        found = packed.get(word)
        if found is None:
            tokens = model.tokenize(word)
            found = packed[word] = (sum(model.packed(token) for token in tokens), len(tokens))
        return found

    rows = []
    for doc, fact in enumerate(facts):
        sums = [word_sum(word) for word in _WORD.findall(_fact_text(fact))]
        total, count = sum(total for total, _ in sums), sum(count for _, count in sums)
        rows.append((doc, *_unit_levels(model.unpacked(total, count))))
    conn.executemany("INSERT INTO vectors VALUES (?, ?, ?)", rows)
    conn.executemany("INSERT INTO tokens VALUES (?, ?)", ((token, number) for number, token in enumerate(model.tokens)))
    conn.executemany(
        "INSERT INTO token_vectors VALUES (?, ?, ?)",
        ((token, *model.levels(token)) for token in range(len(model.tokens))),
    )
    conn.executemany(
        "INSERT INTO merges VALUES (?, ?, ?)",
        ((left * _PAIR + right, rank, model.merged[left, right]) for (left, right), rank in model.ranks.items()),
    )
    return VERSION


def _rows(conn: sqlite3.Connection, query: str, values: Iterable[object]) -> list[Any]:
    """Return the rows of a query whose one parameter is a JSON list of values (`IN (SELECT value FROM json_each)`)."""
    return conn.execute(query, (json.dumps(sorted(values, key=str)),)).fetchall()


def tokenized(conn: sqlite3.Connection, written: list[str]) -> dict[str, list[int]]:
    """Return the token ids of words as the model's tokenizer splits them, from the index's tokens and merges."""
    chars = {char for word in written for char in "▁" + word}
    wanted = chars | {f"<0x{byte:02X}>" for char in chars for byte in char.encode("utf-8")}
    ids = dict(_rows(conn, "SELECT token, id FROM tokens WHERE token IN (SELECT value FROM json_each(?))", wanted))
    symbols = {word: _symbols(word, ids) for word in written}
    ranks: dict[tuple[int, int], int] = {}
    merged: dict[tuple[int, int], int] = {}
    asked: set[int] = set()
    moved = True
    while moved:
        pairs = {left * _PAIR + right for found in symbols.values() for left, right in itertools.pairwise(found)}
        if pairs - asked:
            query = "SELECT pair, rank, merged FROM merges WHERE pair IN (SELECT value FROM json_each(?))"
            for pair, rank, token in _rows(conn, query, pairs - asked):
                ranks[divmod(pair, _PAIR)], merged[divmod(pair, _PAIR)] = rank, token
            asked |= pairs
        moved = False
        for found in symbols.values():
            if (step := _merge_at(found, ranks)) is not None:
                found[step : step + 2] = [merged[found[step], found[step + 1]]]
                moved = True
    return symbols


def _parts(conn: sqlite3.Connection, written: list[str]) -> list[list[float]]:
    """Return the token vectors of the words, split by the model's tokenizer from the index's tokens and merges."""
    split = tokenized(conn, list(dict.fromkeys(written)))
    query = "SELECT id, scale, vector FROM token_vectors WHERE id IN (SELECT value FROM json_each(?))"
    needed = {token for tokens in split.values() for token in tokens}
    vectors = {token: _restored(scale, vector) for token, scale, vector in _rows(conn, query, needed)}
    return [vectors[token] for word in written for token in split[word] if token in vectors]


def query_vector(conn: sqlite3.Connection, query: str) -> list[float] | None:
    """Return the unit mean-pooled vector of the query's tokens, rebuilt exactly from its words' sums."""
    parts = _parts(conn, words(query))
    return unit([math.fsum(values) for values in zip(*parts, strict=True)]) if parts else None


def similarities(conn: sqlite3.Connection, query: str, docs: Iterable[int]) -> dict[int, float]:
    """Return the cosine similarity of the query to each of these documents (none without vectors)."""
    vector = query_vector(conn, query)
    if vector is None:
        return {}
    rows = conn.execute(
        "SELECT doc, scale, vector FROM vectors WHERE doc IN (SELECT value FROM json_each(?))",
        (json.dumps(list(docs)),),
    )
    return {doc: scale * sum(map(operator.mul, vector, array("b", levels))) for doc, scale, levels in rows}
