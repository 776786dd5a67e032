"""Measure how well kzfacts finds the facts that answer a set of queries, against a BM25 baseline over the seeds.

Usage: python benchmarks/retrieval.py [--misses [--all]] [--json] [--queries DIR]

The queries are every *.yaml file in benchmarks/queries/: a YAML list of items
``{query, command: search|when, kind, expect: [regex, ...], seeds: ['000', ...]}``.

Each item runs through the real CLI as a subprocess, the query passed as one argument (it is a phrase):
``kzfacts search --json -n 5 -- QUERY`` (``kzfacts when --json -n 50 -- QUERY`` for command when). Exit code 1
means no results. A returned fact is a hit when any ``expect`` regex matches (re.search, case-insensitive) its
claim or the quote of any of its citations; the item's rank is the 1-based position of the first hit within the
top k (k = 5 for search, 50 for when), else none. Any other exit code, or output that is not a JSON list, is a
CLI failure: the item counts as a miss, the failures are reported on stderr and the script exits 1.

The baseline, computed in the same run, is BM25 (k1 = 1.2, b = 0.75, idf = ln(1 + (N - df + 0.5) / (df + 0.5)))
over the sentences of seeds/*.txt: each non-empty line split into sentences at [.!?] followed by whitespace;
tokens are lowercase words (runs of word characters), no stemming, minus a small English stop list; each
distinct query term counts once. Sentences scoring 0 are never retrieved. An item is a BM25 hit when any
expect regex matches one of its top k sentences.

Items are split into two fixed halves so that tuning on one leaves the other as a check: an item is in "tune"
when the first byte of blake2b(query text as UTF-8) is even, else in "test". The split depends only on the query
text, so it is the same on every run and machine and an item keeps its half when others are added.

Output: a markdown table, one row per kind and one for all items (the "question" row is the
questions-and-paraphrases figure), with n, the engine's top-k share in each half, its MRR over all items and the
BM25 top-k share over all items; then one summary line, e.g.
``overall: engine 87.0% (tune 88.0%, test 86.0%), BM25 60.0%, n=230``.
--misses lists the engine's misses in the tune half (every half with --all) with the top claim returned;
--json writes the per-item results to stdout as JSON (the table then goes to stderr).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, TypedDict

import yaml

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries"
SEEDS = HERE.parent / "seeds"
COMMANDS = {"search": 5, "when": 50}  # command -> k, the number of results asked for and judged
KINDS = ("keyword", "question", "when", "typo", "alias", "quantity", "disagreement")
HALVES = ("tune", "test")
WORKERS = 2
TIMEOUT = 120.0
K1 = 1.2
B = 0.75
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "been", "by", "did", "do", "does", "for", "from", "had", "has",
    "have", "how", "in", "into", "is", "it", "its", "of", "on", "or", "than", "that", "the", "their", "them",
    "there", "these", "they", "this", "those", "to", "was", "were", "what", "when", "where", "which", "who", "whom",
    "whose", "why", "will", "with"
})  # fmt: skip
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Item:
    """One query of the evaluation set, with the regexes that recognise an answer."""

    query: str
    command: str
    kind: str
    expect: tuple[str, ...]
    seeds: tuple[str, ...] = ()
    file: str = ""

    @property
    def k(self) -> int:
        """Return how many results are asked for and judged."""
        return COMMANDS[self.command]

    @property
    def half(self) -> str:
        """Return "tune" or "test": the parity of the first byte of blake2b of the query text."""
        return HALVES[hashlib.blake2b(self.query.encode("utf-8")).digest()[0] % 2]

    def patterns(self) -> list[re.Pattern[str]]:
        """Return the expect regexes compiled case-insensitively."""
        return [re.compile(pattern, re.IGNORECASE) for pattern in self.expect]


class ItemResult(TypedDict):
    """What the engine and the baseline did with one item."""

    file: str
    query: str
    command: str
    kind: str
    half: str
    seeds: list[str]
    expect: list[str]
    k: int
    engine_rank: int | None
    engine_results: int
    top_claim: str | None
    error: str | None
    bm25_rank: int | None


class Row(TypedDict):
    """The figures of one kind (or of all items)."""

    kind: str
    n: int
    n_tune: int
    n_test: int
    engine_hits: int
    engine_tune_hits: int
    engine_test_hits: int
    engine_share: float | None
    engine_tune_share: float | None
    engine_test_share: float | None
    engine_mrr: float | None
    bm25_hits: int
    bm25_share: float | None


class Evaluation(TypedDict):
    """The result of evaluate(): per-item results, per-kind rows, the overall row and the CLI failures."""

    items: list[ItemResult]
    rows: list[Row]
    overall: Row
    errors: list[ItemResult]


def _invalid(where: str, problem: str) -> ValueError:
    """Return the error for a malformed query item."""
    return ValueError(f"{where}: {problem}")


def _item(raw: object, where: str, file: str) -> Item:
    """Return the Item for one raw YAML entry, raising ValueError when it is malformed."""
    if not isinstance(raw, dict):
        raise _invalid(where, "an item must be a mapping")
    query, command, kind = raw.get("query"), raw.get("command"), raw.get("kind")
    expect, seeds = raw.get("expect"), raw.get("seeds", [])
    if not isinstance(query, str) or not query.strip():
        raise _invalid(where, "query must be a non-empty string")
    if command not in COMMANDS:
        raise _invalid(where, f"command must be one of {', '.join(COMMANDS)}")
    if not isinstance(kind, str) or not kind:
        raise _invalid(where, "kind must be a non-empty string")
    if not isinstance(expect, list) or not expect or not all(isinstance(p, str) and p for p in expect):
        raise _invalid(where, "expect must be a non-empty list of regexes")
    if not isinstance(seeds, list):
        raise _invalid(where, "seeds must be a list")
    item = Item(query, str(command), kind, tuple(expect), tuple(str(seed) for seed in seeds), file)
    try:
        item.patterns()
    except re.error as error:
        raise _invalid(where, f"bad expect regex: {error}") from None
    return item


def load_items(directory: Path = QUERIES) -> list[Item]:
    """Return the items of every *.yaml file in directory, file by file in name order."""
    items: list[Item] = []
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(raw, list):
            raise _invalid(str(path), "the file must hold a YAML list of items")
        items.extend(_item(entry, f"{path}: item {number}", path.name) for number, entry in enumerate(raw, 1))
    return items


def kzfacts_command() -> list[str]:
    """Return the command that runs kzfacts: the script next to this Python, else `python -m kzfacts`."""
    script = Path(sys.executable).parent / "kzfacts"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kzfacts"]


def _matches(patterns: Iterable[re.Pattern[str]], texts: Iterable[object]) -> bool:
    """Return whether any pattern matches any of the texts that are strings."""
    strings = [text for text in texts if isinstance(text, str)]
    return any(pattern.search(text) for pattern in patterns for text in strings)


def _fact_texts(fact: object) -> list[object]:
    """Return a returned fact's claim and the quotes of its citations."""
    if not isinstance(fact, dict):
        return []
    citations = fact.get("citations")
    quotes = [c.get("quote") for c in citations if isinstance(c, dict)] if isinstance(citations, list) else []
    return [fact.get("claim"), *quotes]


def _failure(completed: subprocess.CompletedProcess[str]) -> str:
    """Return a description of a failed CLI call: its exit code and stderr (all of it for a traceback)."""
    stderr = completed.stderr.strip()
    if "Traceback (most recent call last)" in stderr:
        return f"exit {completed.returncode}, traceback:\n{stderr}"
    return f"exit {completed.returncode}: {stderr or '(no stderr)'}"


def run_engine(item: Item, command: Sequence[str]) -> tuple[list[Any], str | None]:
    """Return the facts kzfacts returns for the item, and a description of the failure if the call failed."""
    argv = [*command, item.command, "--json", "-n", str(item.k), "--", item.query]
    try:
        completed = subprocess.run(
            argv, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return [], f"timed out after {TIMEOUT:.0f} s"
    if completed.returncode == 1:
        return [], None
    if completed.returncode != 0:
        return [], _failure(completed)
    try:
        facts = json.loads(completed.stdout)
    except json.JSONDecodeError as error:
        return [], f"exit 0 but stdout is not JSON ({error})"
    if not isinstance(facts, list):
        return [], "exit 0 but stdout is not a JSON list"
    return facts, None


def engine_rank(item: Item, facts: Sequence[object]) -> int | None:
    """Return the 1-based rank of the first fact that the item's regexes recognise within the top k, else None."""
    patterns = item.patterns()
    for rank, fact in enumerate(facts[: item.k], 1):
        if _matches(patterns, _fact_texts(fact)):
            return rank
    return None


def tokens(text: str) -> list[str]:
    """Return the lowercase words of text, stop words left out."""
    return [word for word in WORD.findall(text.lower()) if word not in STOP_WORDS]


def seed_sentences(directory: Path = SEEDS) -> list[str]:
    """Return the sentences of every seed file: non-empty lines split at [.!?] followed by whitespace."""
    sentences: list[str] = []
    for path in sorted(directory.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                sentences.extend(part.strip() for part in SENTENCE_END.split(line.strip()) if part.strip())
    return sentences


class Bm25:
    """An Okapi BM25 index over a list of sentences."""

    def __init__(self, sentences: Sequence[str], k1: float = K1, b: float = B) -> None:
        self.sentences = list(sentences)
        self.k1, self.b = k1, b
        self.counts = [Counter(tokens(sentence)) for sentence in self.sentences]
        self.lengths = [sum(counts.values()) for counts in self.counts]
        self.average = sum(self.lengths) / len(self.lengths) if self.lengths else 0.0
        frequencies = Counter(term for counts in self.counts for term in counts)
        n = len(self.sentences)
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequencies.items()}

    def score(self, terms: Sequence[str], index: int) -> float:
        """Return the BM25 score of sentence number index for the query terms."""
        counts, length = self.counts[index], self.lengths[index]
        norm = self.k1 * (1 - self.b + self.b * length / self.average) if self.average else self.k1
        return sum(self.idf[t] * counts[t] * (self.k1 + 1) / (counts[t] + norm) for t in terms if t in counts)

    def top(self, query: str, k: int) -> list[str]:
        """Return the k best-scoring sentences for the query, best first (ties in seed order), none scoring 0."""
        terms = list(dict.fromkeys(tokens(query)))
        scored = [(self.score(terms, index), index) for index in range(len(self.sentences))]
        best = sorted((pair for pair in scored if pair[0] > 0), key=lambda pair: (-pair[0], pair[1]))[:k]
        return [self.sentences[index] for _, index in best]


def bm25_rank(item: Item, index: Bm25) -> int | None:
    """Return the 1-based rank of the first of the baseline's top k sentences that the item recognises, else None."""
    patterns = item.patterns()
    for rank, sentence in enumerate(index.top(item.query, item.k), 1):
        if _matches(patterns, [sentence]):
            return rank
    return None


def _share(hits: int, n: int) -> float | None:
    """Return hits / n, or None when there is nothing to divide by."""
    return hits / n if n else None


def _row(kind: str, results: Sequence[ItemResult]) -> Row:
    """Return the figures of a group of item results."""
    halves = {half: [r for r in results if r["half"] == half] for half in HALVES}
    hits = {half: sum(r["engine_rank"] is not None for r in group) for half, group in halves.items()}
    bm25_hits = sum(r["bm25_rank"] is not None for r in results)
    reciprocal = sum(1 / r["engine_rank"] for r in results if r["engine_rank"] is not None)
    n = len(results)
    return Row(
        kind=kind,
        n=n,
        n_tune=len(halves["tune"]),
        n_test=len(halves["test"]),
        engine_hits=hits["tune"] + hits["test"],
        engine_tune_hits=hits["tune"],
        engine_test_hits=hits["test"],
        engine_share=_share(hits["tune"] + hits["test"], n),
        engine_tune_share=_share(hits["tune"], len(halves["tune"])),
        engine_test_share=_share(hits["test"], len(halves["test"])),
        engine_mrr=reciprocal / n if n else None,
        bm25_hits=bm25_hits,
        bm25_share=_share(bm25_hits, n),
    )


def evaluate(
    items: Sequence[Item], *, command: Sequence[str] | None = None, seeds: Path = SEEDS, workers: int = WORKERS
) -> Evaluation:
    """Run every item through kzfacts and the BM25 baseline and return the per-item results and figures."""
    kz = list(command) if command is not None else kzfacts_command()
    index = Bm25(seed_sentences(seeds))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = list(pool.map(lambda item: run_engine(item, kz), items))
    results: list[ItemResult] = []
    for item, (facts, error) in zip(items, answers, strict=True):
        top = facts[0] if facts and isinstance(facts[0], dict) else {}
        claim = top.get("claim")
        results.append(
            ItemResult(
                file=item.file,
                query=item.query,
                command=item.command,
                kind=item.kind,
                half=item.half,
                seeds=list(item.seeds),
                expect=list(item.expect),
                k=item.k,
                engine_rank=engine_rank(item, facts),
                engine_results=len(facts),
                top_claim=claim if isinstance(claim, str) else None,
                error=error,
                bm25_rank=bm25_rank(item, index),
            )
        )
    kinds = [kind for kind in KINDS if any(r["kind"] == kind for r in results)]
    kinds += sorted({r["kind"] for r in results} - set(KINDS))
    rows = [_row(kind, [r for r in results if r["kind"] == kind]) for kind in kinds]
    return Evaluation(items=results, rows=rows, overall=_row("all", results), errors=[r for r in results if r["error"]])


def _percent(share: float | None) -> str:
    """Return a share as a percentage with one decimal, or a dash when undefined."""
    return "–" if share is None else f"{share * 100:.1f}%"


def _cell(share: float | None, hits: int, n: int) -> str:
    """Return a table cell: the percentage and the counts behind it."""
    return "–" if share is None else f"{_percent(share)} ({hits}/{n})"


def table(evaluation: Evaluation) -> str:
    """Return the markdown table of the figures, one row per kind and one for all items."""
    header = ["kind", "n", "engine top-k (tune)", "engine top-k (test)", "engine MRR (all)", "BM25 top-k (all)"]
    lines = [
        [
            row["kind"],
            str(row["n"]),
            _cell(row["engine_tune_share"], row["engine_tune_hits"], row["n_tune"]),
            _cell(row["engine_test_share"], row["engine_test_hits"], row["n_test"]),
            "–" if row["engine_mrr"] is None else f"{row['engine_mrr']:.3f}",
            _cell(row["bm25_share"], row["bm25_hits"], row["n"]),
        ]
        for row in [*evaluation["rows"], evaluation["overall"]]
    ]
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(header))]

    def render(cells: Sequence[str]) -> str:
        """Return one table line, text left-aligned and figures right-aligned."""
        padded = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join("-" * (w + 1) + (":" if i else "-") for i, w in enumerate(widths)) + "|"
    return "\n".join([render(header), rule, *(render(cells) for cells in lines)])


def summary(evaluation: Evaluation) -> str:
    """Return the one-line summary: overall engine share, by half, the BM25 share and n."""
    row = evaluation["overall"]
    return (
        f"overall: engine {_percent(row['engine_share'])} (tune {_percent(row['engine_tune_share'])}, "
        f"test {_percent(row['engine_test_share'])}), BM25 {_percent(row['bm25_share'])}, n={row['n']}"
    )


def misses(evaluation: Evaluation, *, every_half: bool = False) -> str:
    """Return the engine's misses (the tune half's unless every_half) with the top claim each got."""
    chosen = [r for r in evaluation["items"] if r["engine_rank"] is None and (every_half or r["half"] == "tune")]
    lines = [f"{len(chosen)} misses ({'both halves' if every_half else 'tune half'}):"]
    for r in chosen:
        lines.append(f"- [{r['kind']}, {r['command']}, {r['half']}, {r['file']}] {r['query']!r}")
        lines.append(f"    expect: {' | '.join(r['expect'])}")
        got = "CLI failed" if r["error"] else (r["top_claim"] or "no results")
        lines.append(f"    top of {r['engine_results']}: {got}")
    return "\n".join(lines)


def _report_errors(errors: Sequence[ItemResult], stream: TextIO) -> None:
    """Write the CLI failures to stream: how many, and each distinct message once."""
    print(f"kzfacts failed on {len(errors)} items; these count as misses:", file=stream)
    for message, count in Counter(r["error"] for r in errors if r["error"]).most_common():
        print(f"- {count}×: {message}", file=stream)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation and print the table; return 1 if any CLI call failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--misses", action="store_true", help="list the engine's misses (tune half)")
    parser.add_argument("--all", action="store_true", help="with --misses, list the misses of both halves")
    parser.add_argument("--json", action="store_true", help="write the per-item results to stdout as JSON")
    parser.add_argument("--queries", type=Path, default=QUERIES, metavar="DIR", help="the query files' directory")
    arguments = parser.parse_args(argv)
    items = load_items(arguments.queries)
    if not items:
        parser.error(f"no query items in {arguments.queries}/*.yaml")
    evaluation = evaluate(items)
    human = sys.stderr if arguments.json else sys.stdout
    if arguments.json:
        json.dump(evaluation["items"], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    if evaluation["errors"]:
        _report_errors(evaluation["errors"], sys.stderr)
    if arguments.misses:
        print(misses(evaluation, every_half=arguments.all) + "\n", file=human)
    print(table(evaluation), file=human)
    print("\ntop-k: a hit among the first 5 results (50 for when); MRR counts a miss as 0.\n", file=human)
    print(summary(evaluation), file=human)
    return 1 if evaluation["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
