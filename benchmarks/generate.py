"""Generate a synthetic fact base of N facts, with seeds to quote from: generate.py DIR --facts N."""

from __future__ import annotations

import argparse
import itertools
import random
from pathlib import Path

FACTS_PER_FILE = 5_000
SENTENCES_PER_SEED = 1_000
TOPICS = ("energy", "trade", "security", "diplomacy", "transport")
KINDS = ("event", "figure", "statement", "assessment", "context")
REAL_WORDS = (
    "pipeline", "oil", "gas", "border", "trade", "CSTO", "Tokayev", "Astana", "Beijing", "uranium",
    "railway", "Khorgos", "investment", "loan", "SCO", "Xinjiang", "treaty", "visit", "summit", "wheat",
)  # fmt: skip


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    words = {
        "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4))) for _ in range(size)
    }
    return sorted(words) + list(REAL_WORDS)


def _sentence(rng: random.Random, vocabulary: list[str], cumulative: list[float]) -> str:
    words = rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(10, 20))
    return " ".join(words).capitalize() + "."


def generate(target: Path, facts: int, seed: int = 0) -> None:
    """Write facts/ and seeds/ for a base of the given number of facts."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng, 20_000)
    weights = [1 / (rank + 10) for rank in range(len(vocabulary))]
    rng.shuffle(weights)
    cumulative = list(itertools.accumulate(weights))
    (target / "facts").mkdir(parents=True, exist_ok=True)
    (target / "seeds").mkdir(parents=True, exist_ok=True)
    seeds = max(1, -(-facts // SENTENCES_PER_SEED))
    sources, sentences = [], []
    for number in range(seeds):
        lines = [_sentence(rng, vocabulary, cumulative) for _ in range(SENTENCES_PER_SEED)]
        (target / "seeds" / f"seed{number:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        sources.append(
            f"- id: seed{number:04d}\n  file: seed{number:04d}.txt\n  title: Synthetic seed {number}\n"
            f"  author: Generator\n  publisher: kzfacts benchmarks\n  published: '2024'\n"
        )
        sentences.extend((f"seed{number:04d}", line) for line in lines)
    (target / "facts" / "sources.yaml").write_text("".join(sources), encoding="utf-8")
    (target / "facts" / "topics.yaml").write_text("".join(f"{t}: Synthetic {t}.\n" for t in TOPICS), encoding="utf-8")
    (target / "facts" / "aliases.yaml").write_text("- [Astana, Nur-Sultan]\n- [CSTO, Collective Security]\n")
    for first in range(0, facts, FACTS_PER_FILE):
        records = []
        for number in range(first, min(first + FACTS_PER_FILE, facts)):
            source, quote = sentences[number]
            kind = rng.choice(KINDS)
            when = f"'{rng.randint(1992, 2023)}-{rng.randint(1, 12):02d}'"
            date = f"  date: {when}\n  date_note: A synthetic date.\n" if kind == "event" else ""
            records.append(
                f"- id: fact-{number}\n  claim: {_sentence(rng, vocabulary, cumulative)}\n  kind: {kind}\n{date}"
                f"  topics: [{rng.choice(TOPICS)}]\n  entities: [{rng.choice(REAL_WORDS)}]\n"
                f"  citations:\n    - source: {source}\n      quote: {quote}\n"
            )
        (target / "facts" / f"part{first // FACTS_PER_FILE:03d}.yaml").write_text("".join(records), encoding="utf-8")


def main() -> None:
    """Parse arguments and generate."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--facts", type=int, default=1_000)
    arguments = parser.parse_args()
    generate(arguments.target, arguments.facts)


if __name__ == "__main__":
    main()
