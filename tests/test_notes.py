"""Notes on what became of the query's words: on stderr, only when it is a terminal, never with data output."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from tests.conftest import FIXTURE


def _on_a_terminal(*args: str) -> tuple[int, str, str]:
    """Run kzfacts with stderr on a pseudo-terminal; return the exit code, stdout and what the terminal showed."""
    leader, follower = pty.openpty()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "kzfacts", "--data", str(FIXTURE), *args],
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
            check=False,
            env={**os.environ, "KZFACTS_NO_PAGER": "1"},
        )
    finally:
        os.close(follower)
    shown = b""
    try:
        while chunk := os.read(leader, 4096):
            shown += chunk
    except OSError:  # the terminal is closed once everything written is read
        pass
    os.close(leader)
    return completed.returncode, completed.stdout, shown.decode("utf-8", "replace")


def test_a_spelling_correction_is_noted_on_a_terminal() -> None:
    code, stdout, terminal = _on_a_terminal("search", "pipline", "--plain")
    assert code == 0
    assert "CNPC" in stdout or "China National Petroleum" in stdout
    assert "pipline → pipeline" in terminal


def test_words_that_matched_nothing_are_noted() -> None:
    code, _, terminal = _on_a_terminal("search", "pipeline", "zzqxv", "--plain")
    assert code == 0
    assert "no fact has 'zzqxv'" in terminal


def test_a_filter_that_excludes_every_match_is_named() -> None:
    code, stdout, terminal = _on_a_terminal("search", "pipeline", "--source", "weitz2012", "--plain")
    assert code == 1
    assert stdout == ""
    assert "no match with --source weitz2012; 1 without it" in terminal


def test_no_notes_with_json_or_when_stderr_is_piped() -> None:
    _, stdout, terminal = _on_a_terminal("search", "pipline", "--json")
    assert stdout.startswith("[")
    assert "→" not in terminal
    piped = subprocess.run(
        [sys.executable, "-m", "kzfacts", "--data", str(FIXTURE), "search", "pipline"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert piped.returncode == 0
    assert "→" not in piped.stderr
