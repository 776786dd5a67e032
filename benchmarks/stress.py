"""Concurrent searches on several fact bases sharing one cache while their files are edited: stress.py [--seconds N].

Each base is a copy of facts/ and seeds/. A background thread edits them: it adds a fact with a word
of its own (written to a temporary file and renamed), renames that word in place (same size, the
mtime put back: only the ctime changes), removes the fact, and appends to a seed and takes it back
(the same bytes again, as with every removal). Meanwhile worker threads run `kzfacts search --json`
processes on the bases, for the word each base was last given, for another base's word, or for a
word every base has. An answer is checked only against a state that held for the whole query: no
edit of that base began after the query started and before it ended. It is wrong if it contradicts
that state; any exit code but 0 and 1, a traceback or a hang is counted too. Exit 1 on any of them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STABLE_WORD = "pipeline"  # in every base, whatever the edits
FACT_ID = "stress-fact"
FACT = """- id: stress-fact
  claim: The stress test wrote {word} into this claim.
  kind: context
  topics: [border]
  citations:
    - source: cpc2022
      quote: Kazakhstan shares a 1,108-mile-long border with China
"""
LETTERS = "bcdfghjklmnpqrstvwxz"  # no vowels: no stemming, and no word of the fact base is spelled alike
HANG_SECONDS = 120


def _word(rng: random.Random) -> str:
    return "zq" + "".join(rng.choice(LETTERS) for _ in range(8))


@dataclass
class Base:
    """One fact base, the state its files are in, and when each edit of it began."""

    path: Path
    word: str | None = None  # the word of the last fact added (kept after the fact is removed)
    present: bool = False
    seed_touched: bool = False
    edits_started: list[float] = field(default_factory=list)

    @property
    def fact_file(self) -> Path:
        """Return the file holding the added fact."""
        return self.path / "facts" / "stress.yaml"


@dataclass
class Tally:
    """What the workers saw."""

    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, detail: str | None = None) -> None:
        """Count one outcome, keeping the first few details of bad ones."""
        with self.lock:
            self.counts[kind] += 1
            if detail is not None and len(self.problems) < 20:
                self.problems.append(detail)


class Editor(threading.Thread):
    """Edits the bases until told to stop; each edit is made and recorded under the shared lock."""

    def __init__(self, bases: list[Base], lock: threading.Lock, stop: threading.Event, rng: random.Random) -> None:
        super().__init__(daemon=True)
        self.bases, self.lock, self.stop, self.rng = bases, lock, stop, rng
        self.edits: Counter[str] = Counter()

    def run(self) -> None:
        """Edit a random base every few tens of milliseconds."""
        while not self.stop.is_set():
            base = self.rng.choice(self.bases)
            with self.lock:
                base.edits_started.append(time.monotonic())
                kind = self._edit(base)
            self.edits[kind] += 1
            self.stop.wait(self.rng.uniform(0.05, 1.0))

    def _edit(self, base: Base) -> str:
        if not base.present:
            base.word = _word(self.rng)
            temporary = base.fact_file.with_suffix(".tmp")
            temporary.write_text(FACT.format(word=base.word), encoding="utf-8")
            temporary.replace(base.fact_file)
            base.present = True
            return "add"
        choice = self.rng.random()
        if choice < 0.3 and base.word is not None:
            new = _word(self.rng)
            data = base.fact_file.read_bytes()
            before = base.fact_file.stat()
            with base.fact_file.open("r+b") as file:
                file.seek(data.index(base.word.encode()))
                file.write(new.encode())
            os.utime(base.fact_file, ns=(before.st_atime_ns, before.st_mtime_ns))
            base.word = new
            return "rename in place"
        if choice < 0.5:
            seed = next((base.path / "seeds").glob("*.txt"))
            text = seed.read_text(encoding="utf-8")
            text = text.removesuffix("\n\n") if base.seed_touched else text + "\n\n"
            temporary = seed.with_name(f".{seed.name}.tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(seed)
            base.seed_touched = not base.seed_touched
            return "seed"
        base.fact_file.unlink()
        base.present = False
        return "remove"


def _query(base: Base, others: list[Base], rng: random.Random) -> tuple[str, str, bool]:
    """Return the word to ask the base for, what kind of question it is, and whether the base holds it now."""
    other = rng.choice(others) if others else None
    roll = rng.random()
    if base.word is not None and roll < 0.6:
        return base.word, "own word", base.present
    if other is not None and other.word is not None and roll < 0.8:
        return other.word, "other base's word", False
    return STABLE_WORD, "stable word", True


def _check(kind: str, present: bool, code: int, stdout: str) -> str | None:
    """Return why an answer contradicts the state the base was in, or None if it does not."""
    if code not in (0, 1):
        return f"exit {code}"
    ids = [fact["id"] for fact in json.loads(stdout)] if code == 0 else []
    if kind == "stable word":
        return None if code == 0 and FACT_ID not in ids else f"exit {code}, ids {ids[:3]}"
    if present:
        return None if code == 0 and FACT_ID in ids else f"exit {code}: the added fact is missing"
    return None if code == 1 else f"exit {code}, ids {ids[:3]}: a fact not on disk was found"


def _worker(bases: list[Base], env: dict[str, str], lock: threading.Lock, stop: threading.Event, tally: Tally,
            seed: int) -> None:  # fmt: skip
    rng = random.Random(seed)
    while not stop.is_set():
        base = rng.choice(bases)
        with lock:  # the state read and the moment noted together: no edit can come between them
            word, kind, present = _query(base, [b for b in bases if b is not base], rng)
            started, edits_before = time.monotonic(), len(base.edits_started)
        command = [sys.executable, "-m", "kzfacts", "search", word, "--json", "--data", str(base.path)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=HANG_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            tally.add("hangs", f"{word} on {base.path.name}: no answer in {HANG_SECONDS} s")
            continue
        with lock:
            edited = len(base.edits_started) > edits_before  # an edit began while the query ran
        tally.add("queries")
        if "Traceback" in done.stderr:
            tally.add("tracebacks", f"{kind} {word} on {base.path.name}:\n{done.stderr[-2000:]}")
            continue
        if edited:
            tally.add("unchecked (an edit overlapped)")
            if done.returncode not in (0, 1):
                tally.add("wrong answers", f"{kind} {word} on {base.path.name}: exit {done.returncode}: {done.stderr}")
            continue
        wrong = _check(kind, present, done.returncode, done.stdout)
        tally.add("checked")
        if wrong:
            state = "present" if present else "absent"
            tally.add("wrong answers", f"{kind} {word} ({state}) on {base.path.name}, started {started:.3f}: {wrong}")


def main() -> None:
    """Parse arguments, run the stress for a bounded time, report, and exit 1 on any wrong answer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to run (default 20)")
    parser.add_argument("--bases", type=int, default=3, help="fact bases sharing the cache (default 3)")
    parser.add_argument("--workers", type=int, default=4, help="concurrent searches (default 4)")
    parser.add_argument("--data", type=Path, default=ROOT, help="the fact base to copy (default: the checkout's)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    arguments = parser.parse_args()
    seed = arguments.seed if arguments.seed is not None else random.randrange(2**32)
    with tempfile.TemporaryDirectory(prefix="kzfacts-stress-") as scratch:
        bases = []
        for number in range(arguments.bases):
            path = Path(scratch) / f"base{number}"
            for part in ("facts", "seeds"):
                shutil.copytree(arguments.data / part, path / part)
            bases.append(Base(path))
        env = {**os.environ, "KZFACTS_CACHE_DIR": str(Path(scratch) / "cache")}
        lock, stop, tally = threading.Lock(), threading.Event(), Tally()
        editor = Editor(bases, lock, stop, random.Random(seed))
        workers = [
            threading.Thread(target=_worker, args=(bases, env, lock, stop, tally, seed + n), daemon=True)
            for n in range(1, arguments.workers + 1)
        ]
        started = time.monotonic()
        editor.start()
        for worker in workers:
            worker.start()
        stop.wait(arguments.seconds)
        stop.set()
        for thread in (editor, *workers):
            thread.join()
        elapsed = time.monotonic() - started
    counts = tally.counts
    print(
        f"stress: {elapsed:.1f} s, seed {seed}, {arguments.bases} bases sharing one cache, {arguments.workers} workers"
    )
    print(f"edits: {sum(editor.edits.values())} ({', '.join(f'{n} {k}' for k, n in sorted(editor.edits.items()))})")
    print(
        f"queries: {counts['queries']} ({counts['checked']} checked against a state that held throughout, "
        f"{counts['unchecked (an edit overlapped)']} overlapping an edit)"
    )
    print(f"wrong answers: {counts['wrong answers']}, tracebacks: {counts['tracebacks']}, hangs: {counts['hangs']}")
    for problem in tally.problems:
        print(f"  {problem}")
    sys.exit(1 if counts["wrong answers"] or counts["tracebacks"] or counts["hangs"] or not counts["checked"] else 0)


if __name__ == "__main__":
    main()
