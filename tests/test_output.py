"""Terminal output: rich styling only on a terminal, tables at any width, pager, counts, formats and fields."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shlex
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from kzfacts.cli import COMMANDS
from kzfacts.help import EXAMPLES
from tests.conftest import FIXTURE, Run

ANSI = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")


def _on_a_terminal(args: list[str], env: dict[str, str], rows: int = 24, columns: int = 80) -> str:
    """Return what kzfacts writes to a real terminal (stdout and stderr both on a pty)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    environment = {**os.environ, **env, "TERM": "xterm-256color"}
    environment.pop("COLUMNS", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "kzfacts", *args, "--data", str(FIXTURE)],
        stdin=follower, stdout=follower, stderr=follower, env=environment,
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_gets_styles_links_and_a_count_of_what_was_cut() -> None:
    shown = _on_a_terminal(["search", "China", "-n", "1"], {})
    assert "\x1b[1m" in shown
    assert "\x1b]8;" in shown  # the seed reference is a hyperlink
    assert re.search(r"showing 1 of \d+ \(use -n 0 for all\)", shown)


def test_long_output_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    marker = tmp_path / "paged"
    pager = tmp_path / "pager.sh"
    pager.write_text(f"#!/bin/sh\ncat > {marker}\n", encoding="utf-8")
    pager.chmod(0o755)
    _on_a_terminal(["search", "China", "-n", "0"], {"PAGER": str(pager)}, rows=10)
    assert "1." in ANSI.sub("", marker.read_text(encoding="utf-8"))
    marker.unlink()
    _on_a_terminal(["search", "China", "-n", "0", "--no-pager"], {"PAGER": str(pager)}, rows=10)
    assert not marker.exists()


def test_piped_output_is_plain_without_counts_or_rich(run: Run) -> None:
    result = run("search", "China", "-n", "1")
    assert not ANSI.search(result.stdout)
    assert "showing" not in result.stdout + result.stderr


@pytest.mark.parametrize("width", ["40", "50", "80", "120"])
@pytest.mark.parametrize("command", ["sources", "topics", "coverage"])
def test_tables_wrap_at_word_boundaries(run: Run, command: str, width: str) -> None:
    result = run(command, env={"FORCE_COLOR": "1", "COLUMNS": width})
    assert result.exit_code == 0
    text = ANSI.sub("", result.stdout)
    assert all(len(line) <= int(width) for line in text.splitlines())
    assert not re.search(r"Kazakhs\s+tan|Rela\s+tions", text)  # no word cut in two
    assert "…" not in text  # nothing cut


def test_no_color_keeps_styles_and_color_never_drops_them(run: Run) -> None:
    styled = run("search", "pipeline", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[1m" in styled
    assert not re.search(r"\x1b\[[0-9;]*3[0-7]m", styled)
    assert not ANSI.search(run("search", "pipeline", "--color", "never", env={"FORCE_COLOR": "1"}).stdout)
    assert ANSI.search(run("search", "pipeline", "--color", "always").stdout)


def test_text_from_data_is_never_markup(run: Run) -> None:
    result = run("search", "[bold]pipeline[/bold]", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json", "plain", "table"])
def test_every_listing_command_takes_every_format(run: Run, fmt: str) -> None:
    for command in (["search", "border"], ["when", "CSTO"], ["sources"], ["topics"]):
        result = run(*command, "--format", fmt)
        assert result.exit_code == 0, (command, result.stderr)
        assert result.stdout


def test_fields_choose_keys_and_unknown_fields_are_usage_errors(run: Run) -> None:
    data = run("search", "border", "--json", "--fields", "id,date").json()
    assert data
    assert all(list(item) == ["id", "date"] for item in data)
    header = run("export", "--format", "csv", "--fields", "id,claim").stdout.splitlines()[0]
    assert header == "id,claim"
    bad = run("search", "border", "--json", "--fields", "id,colour")
    assert bad.exit_code == 2
    assert "unknown field 'colour'" in bad.stderr
    assert "claim" in bad.stderr


@pytest.mark.parametrize("args", [["export", "--json", "--jsonl"], ["search", "x", "--json", "--format", "csv"]])
def test_two_formats_are_a_usage_error(run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "choose one output format" in result.stderr


def test_empty_json_is_an_empty_list_with_exit_1(run: Run) -> None:
    for command in (
        ["search", "zzqqxx", "--json"],
        ["export", "--json", "--topic", "water", "--since", "1900", "--until", "1900"],
    ):
        result = run(*command)
        assert result.exit_code == 1
        assert result.stdout == "[]\n"


def test_when_without_words_lists_a_period(run: Run) -> None:
    data = run("when", "--since", "2019", "--until", "2019", "--json").json()
    assert data
    assert all(item["date"][:4] <= "2019" for item in data)


def test_version_short_and_help_examples(run: Run) -> None:
    assert run("-V").stdout.startswith("kzfacts ")
    shown = run("search", "--help").stdout
    assert "Examples:" in shown
    assert "Exit codes" in shown


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("kzfacts search x --source w", "weitz2012"),
        ("kzfacts when --topic wat", "water"),
        ("kzfacts show border-len", "border-length-1600-km"),
    ],
)
def test_shell_completion_offers_sources_topics_and_ids(words: str, expected: str) -> None:
    env = {
        **os.environ,
        "_KZFACTS_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    env["KZFACTS_DATA"] = str(FIXTURE)
    shown = subprocess.run([sys.executable, "-m", "kzfacts"], capture_output=True, text=True, env=env, check=False)
    assert expected in shown.stdout.split()


@pytest.mark.parametrize(
    "example",
    [example for examples in EXAMPLES.values() for example in examples if ">" not in example and "./" not in example],
)
def test_help_examples_are_real_and_succeed(
    run: Run, example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where `export --format sqlite kzfacts.db` writes
    result = run(*shlex.split(example)[1:], data=None)
    assert result.exit_code == 0, (example, result.stderr)
    assert result.stdout or result.stderr.startswith("kzfacts: ok") or (tmp_path / "kzfacts.db").exists()


def test_every_command_has_help_examples() -> None:
    assert set(EXAMPLES) == set(COMMANDS)
    assert all(2 <= len(examples) <= 3 for examples in EXAMPLES.values())


def test_kzfacts_alone_prints_help_and_succeeds(run: Run) -> None:
    result = run(data=None)
    assert result.exit_code == 0
    assert "Usage: kzfacts" in result.stdout
    assert "Examples" not in result.stderr
