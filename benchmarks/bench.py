"""Time kzfacts as whole processes against the floor, side by side: python benchmarks/bench.py [--runs N]."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate

HERE = Path(__file__).resolve().parent
FIXED = {"COLUMNS": "100"}
QUERIES = {
    "search pipeline --json": ["search", "pipeline", "--json"],
    "search pipeline (rendered)": ["search", "pipeline"],
    "when CSTO": ["when", "CSTO"],
    "search pipline (typo)": ["search", "pipline", "--json"],
    "search zzqxv (no result)": ["search", "zzqxv", "--json"],
    "search a question (semantic)": ["search", "how long is the frontier with China?", "--json"],
    "search pipelines --exact": ["search", "pipelines", "--exact", "--json"],
    "search Cyrillic (transliterated)": ["search", "Нур-Султан протесты против Китая 2019", "--json"],
}


def _kzfacts() -> list[str]:
    script = Path(sys.executable).parent / "kzfacts"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kzfacts"]


def _time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - started


def _measure(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, list[float]]:
    """Run every command `runs` times, round-robin so that load on the machine affects all alike."""
    for command, env in commands.values():
        _time(command, env)
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, env) in commands.items():
            timings[name].append(_time(command, env))
    return timings


def _row(name: str, samples: list[float], floor: float) -> str:
    median = statistics.median(samples)
    spread = f"{min(samples) * 1000:6.0f}–{max(samples) * 1000:<6.0f}" if len(samples) > 1 else " " * 13
    return f"| {name:<44} | {median * 1000:7.0f} | {spread} | {median / floor:5.2f}× |"


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    arguments = parser.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="kzfacts-bench-"))
    env = {**os.environ, **FIXED, "KZFACTS_CACHE_DIR": str(cache)}
    for name in ("KZFACTS_DATA", "PYTHONDONTWRITEBYTECODE"):  # byte-code caching is how installed Python runs
        env.pop(name, None)
    rendered = {**env, "FORCE_COLOR": "1"}
    kz = _kzfacts()
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([sys.executable, "-c", "pass"], env),
        "python -c 'import typer, rich, rapidfuzz, yaml'": (
            [sys.executable, "-c", "import typer, rich, rapidfuzz, yaml"],
            env,
        ),
        "minimal Typer app (floor)": ([sys.executable, str(HERE / "minimal_app.py"), "search", "x", "--json"], env),
    }
    for name, args in QUERIES.items():
        commands[f"kzfacts {name}"] = (kz + args, rendered if "rendered" in name else env)
    cold: dict[str, list[float]] = {}
    shutil.rmtree(cache, ignore_errors=True)
    cold["shipped facts: search pipeline --json (cold)"] = [_time(kz + QUERIES["search pipeline --json"], env)]
    for size in arguments.sizes:
        base = HERE / "out" / f"base-{size}"
        if not (base / "facts").exists():
            generate(base, size)
        data = ["--data", str(base)]
        shutil.rmtree(cache, ignore_errors=True)
        cold[f"{size:,} facts: search pipeline --json (cold)"] = [
            _time(kz + QUERIES["search pipeline --json"] + data, env)
        ]
        for name, args in QUERIES.items():
            if "rendered" not in name:
                commands[f"{size:,} facts: {name} (warm)"] = (kz + args + data, env)
    timings = _measure(commands, arguments.runs) | cold
    floor = statistics.median(timings["minimal Typer app (floor)"])
    print(f"{arguments.runs} runs each, round-robin; ratio = median / minimal Typer app")
    print("| command                                      | median ms | min–max ms    | ratio  |")
    print("|----------------------------------------------|-----------|---------------|--------|")
    for name, samples in timings.items():
        print(_row(name, samples, floor))
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
