"""The command line end to end: commands, JSON contract, exit codes, terminals and pipes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import typer.core
import typer.main

from kzfacts.cli import app
from tests.conftest import FIXTURE, ROOT, Run, Shell

ANSI = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|9[0-7]|38;[0-9;]+)m")
FACT_KEYS = {
    "id", "claim", "kind", "date", "date_precision", "date_note", "topics", "entities", "citations",
    "conflicts_with", "questions", "editor_note", "score",
}  # fmt: skip
CITATION_KEYS = {"source", "file", "title", "author", "publisher", "published", "quote", "line", "location"}


def test_search_prints_cited_facts(run: Run) -> None:
    result = run("search", "pipeline")
    assert result.exit_code == 0
    assert "CNPC is the EPC contractor" in result.stdout
    assert "seeds/000_17e754e474ee369d.txt:" in result.stdout
    assert "\x1b[" not in result.stdout


def test_search_json_contract(run: Run) -> None:
    result = run("search", "border", "--json")
    data = result.json()
    assert isinstance(data, list)
    assert data
    for fact in data:
        assert set(fact) == FACT_KEYS
        assert isinstance(fact["score"], float)
        for citation in fact["citations"]:
            assert set(citation) == CITATION_KEYS
    assert result.stderr == ""


def test_json_precision_and_conflicts(run: Run) -> None:
    (fact,) = run("search", "1,108", "-n", "1", "--json").json()
    assert fact["conflicts_with"] == ["border-length-1600-km"]
    (visit,) = run("search", "Tokayev visit", "-n", "1", "--json").json()
    assert (visit["date"], visit["date_precision"]) == ("2019-09-10/2019-09-12", "day")


def test_jsonl_writes_one_object_per_line(run: Run) -> None:
    lines = run("search", "China", "--jsonl").stdout.splitlines()
    assert len(lines) > 1
    assert all(json.loads(line)["id"] for line in lines)


def test_json_and_jsonl_together_is_a_usage_error(run: Run) -> None:
    assert run("search", "China", "--json", "--jsonl").exit_code == 2


def test_words_with_or_without_quotes(run: Run) -> None:
    assert run("search", "oil", "pipeline").stdout == run("search", "oil pipeline").stdout


def test_when_lists_dated_facts_oldest_first(run: Run) -> None:
    result = run("when", "CSTO")
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if line[:4].isdigit()]
    assert [line.split()[0] for line in lines] == ["2022-01", "2022-01-07"]


def test_when_lists_no_weak_matches_when_the_best_have_no_date(run: Run) -> None:
    """The undated Lop Nur fact answers this; dated facts that only mention Kazakhstan are not a timeline of it."""
    query = ("when", "Kazakhstan", "nuclear", "tests", "Lop", "Nur")
    result = run(*query)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "kzfacts: no dated facts match 'Kazakhstan nuclear tests Lop Nur'; 1 fact without a date does: "
        "use search to see them\n"
    )
    assert run(*query, "--json").stdout == "[]\n"
    assert run("search", *query[1:], "--json").json()[0]["id"] == "kazakhstan-protested-lop-nur-tests"


def test_when_json_is_sorted_by_date(run: Run) -> None:
    dates = [fact["date"] for fact in run("when", "Kazakhstan", "--json").json()]
    assert dates == sorted(dates)
    assert None not in dates


def _overlaps(date: str | None, since: str | None, until: str | None) -> bool:
    """Return whether a fact's date (a day, month or year, or START/END) overlaps the period.

    Two dates compare at the coarser precision of the two: `2019` ends on or after `--since 2019-09`,
    and `2019-09-10` starts on or before `--until 2019`. An undated fact is in no period.
    """
    if date is None:
        return since is None and until is None
    start, end = date.split("/")[0], date.split("/")[-1]
    ends_after = since is None or end[: len(since)] >= since[: len(end)]
    starts_before = until is None or start[: len(until)] <= until[: len(start)]
    return ends_after and starts_before


def _passes(fact: dict[str, Any], filters: list[str]) -> bool:
    """Return whether a fact (as JSON) passes filter options: every option given, with any of its values."""
    given: dict[str, list[str]] = defaultdict(list)
    for option, value in zip(filters[::2], filters[1::2], strict=True):
        given[option].append(value)
    assert set(given) <= {"--source", "--topic", "--kind", "--since", "--until"}
    cited = {citation["source"] for citation in fact["citations"]}
    return (
        (not given["--source"] or bool(cited & set(given["--source"])))
        and (not given["--topic"] or bool(set(fact["topics"]) & set(given["--topic"])))
        and (not given["--kind"] or fact["kind"] in given["--kind"])
        and _overlaps(fact["date"], next(iter(given["--since"]), None), next(iter(given["--until"]), None))
    )


@pytest.mark.parametrize("command", [["search", "China", "-n", "0"], ["when", "China"], ["export"]])
@pytest.mark.parametrize(
    "filters",
    [
        ["--source", "weitz2012"],
        ["--source", "edm2004", "--source", "weitz2012"],
        ["--topic", "security"],
        ["--kind", "event"],
        ["--since", "2005"],
        ["--until", "2005"],
        ["--since", "2000", "--until", "2015-06"],
        ["--source", "globalsecurity", "--topic", "security", "--kind", "event", "--since", "2022", "--until", "2022"],
    ],
)
def test_filters_work_on_every_listing_command(run: Run, command: list[str], filters: list[str]) -> None:
    unfiltered = run(*command, "--json").json()
    result = run(*command, *filters, "--json")
    assert result.exit_code == 0, result.stderr
    listed = result.json()
    assert listed, "the filters leave some facts to check"
    for fact in listed:
        assert _passes(fact, filters), (fact["id"], fact["citations"], fact["topics"], fact["kind"], fact["date"])
    ids, expected = [fact["id"] for fact in listed], [fact["id"] for fact in unfiltered if _passes(fact, filters)]
    if command[0] == "when":  # a timeline keeps facts scoring near its best one: filtered, it may keep more
        assert set(expected) <= set(ids)
    else:  # nothing that passes is lost, and the order is kept
        assert ids == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "China", "--limit", "-1"], "--limit"),
        (["search", "China", "-n", "-3"], "--limit"),
        (["search", "China", "--since", "2020", "--until", "2019"], "is after"),
        (["search", "China", "--since", "2019-13"], "no month 13"),
        (["when", "China", "--until", "yesterday"], "use YYYY"),
        (["search", "China", "--source", "wikipedia"], "unknown source"),
        (["search", "China", "--topic", "sport"], "unknown topic"),
        (["search", "China", "--kind", "rumour"], "rumour"),
        (["search", "China", "--frobnicate"], "No such option"),
        (["search"], "give some words"),
        (["export", "--format", "xml"], "xml"),
    ],
)
def test_usage_errors_exit_2_with_a_message(run: Run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_no_results_exit_1_with_a_suggestion(run: Run) -> None:
    result = run("search", "brdxr", "zzzzqqq")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no facts match 'brdxr zzzzqqq'; did you mean 'border'?" in result.stderr


def test_empty_query_finds_nothing(run: Run) -> None:
    result = run("search", "  ")
    assert result.exit_code == 1
    assert "the query is empty" in result.stderr


def test_only_stop_words_finds_nothing(run: Run) -> None:
    result = run("search", "what", "is", "the")
    assert result.exit_code == 1
    assert "only common words" in result.stderr


def test_show_quotes_inside_their_paragraph(run: Run) -> None:
    result = run("show", "border-length-1600-km")
    assert result.exit_code == 0
    assert "seeds/002_0ce0def3323fc2a1.txt:9:" in result.stdout
    assert "»to delineate their new 1,600km (1,000 miles) common border«" in result.stdout
    assert "For centuries" in result.stdout


def test_show_json_is_one_object(run: Run) -> None:
    data = run("show", "border-length-1600-km", "--json").json()
    assert isinstance(data, dict)
    assert set(data) == FACT_KEYS - {"score"}


@pytest.mark.parametrize("command", ["show", "search"])
def test_bytes_that_are_not_utf8_are_no_match_not_a_traceback(run: Run, shell: Shell, command: str) -> None:
    word = "border\udcff\udcfe"  # how Python decodes such bytes on the command line
    assert run(command, word).exit_code == (1 if command == "show" else 0)
    # A real process, given the raw bytes: an exception would show as a traceback on stderr.
    result = shell([command, "--data", str(FIXTURE), word])
    assert result.returncode == (1 if command == "show" else 0), result.stderr
    assert "Traceback" not in result.stderr


def test_show_unknown_id_suggests(run: Run) -> None:
    result = run("show", "border-length-1600")
    assert result.exit_code == 1
    assert "did you mean 'border-length-1600-km'?" in result.stderr


def test_sources_counts_citing_facts(run: Run) -> None:
    data = run("sources", "--json").json()
    counts = {source["id"]: source["facts"] for source in data}
    assert counts == {"globalsecurity": 6, "cpc2022": 2, "weitz2012": 2, "chinabrief2019": 2, "edm2004": 1}
    assert "Richard Weitz" in run("sources").stdout


@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv"])
def test_export_writes_the_whole_base(run: Run, output_format: str) -> None:
    result = run("export", "--format", output_format)
    assert result.exit_code == 0
    if output_format == "json":
        rows = result.json()
    elif output_format == "jsonl":
        rows = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 12


def test_check_and_coverage(run: Run) -> None:
    assert run("check").exit_code == 0
    result = run("coverage", "--json")
    data = result.json()
    assert {seed["source"] for seed in data} == {"globalsecurity", "cpc2022", "weitz2012", "chinabrief2019", "edm2004"}
    missing = run("coverage", "--missing").stdout
    assert re.search(r"^seeds/000_17e754e474ee369d\.txt:\d+: Unrest in Kazakhstan", missing, re.MULTILINE)


def test_terminal_output_is_styled(run: Run) -> None:
    result = run("search", "pipeline", env={"FORCE_COLOR": "1"})
    assert COLOUR.search(result.stdout)


@pytest.mark.parametrize(("args", "env"), [(["--no-color"], {}), ([], {"NO_COLOR": "1"}), ([], {"TERM": "dumb"})])
def test_no_colour(run: Run, args: list[str], env: dict[str, str]) -> None:
    result = run("search", "pipeline", *args, env={"FORCE_COLOR": "1", **env})
    assert result.exit_code == 0
    assert not COLOUR.search(result.stdout)
    assert "CNPC" in result.stdout


def test_plain_overrides_a_terminal(run: Run) -> None:
    assert "\x1b[" not in run("search", "pipeline", "--plain", env={"FORCE_COLOR": "1"}).stdout


@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1"}])
def test_data_text_is_never_markup(run: Run, base_copy: Path, env: dict[str, str]) -> None:
    facts = base_copy / "facts" / "markup.yaml"
    facts.write_text(
        "- id: markup\n  claim: '[bold red]Danger[/] [link=x]y[/link] :smile:'\n  kind: context\n  topics: [border]\n"
        "  citations:\n    - source: cpc2022\n      quote: Kazakhstan shares a 1,108-mile-long border\n",
        encoding="utf-8",
    )
    result = run("search", "danger", data=base_copy, env=env)
    assert "[bold red]Danger[/] [link=x]y[/link] :smile:" in ANSI.sub("", result.stdout)


@pytest.mark.parametrize(
    "query", ["[bold red]x[/]", "[/]", "\x1b[31mred", "ok\x00\x07", "🙂", "中国", "كازاخستان", "x" * 10_000]
)
def test_odd_queries_never_crash(run: Run, query: str) -> None:
    result = run("search", query, env={"FORCE_COLOR": "1"})
    assert result.exit_code in (0, 1)
    assert "\x1b[31m" not in result.stderr


def test_tiny_terminal(run: Run) -> None:
    assert run("search", "pipeline", env={"FORCE_COLOR": "1", "COLUMNS": "12"}).exit_code == 0
    assert run("when", "CSTO", env={"COLUMNS": "5"}).exit_code == 0


def test_version_and_help(run: Run) -> None:
    assert run("--version").stdout.startswith("kzfacts ")
    for command in ("search", "when", "show", "sources", "export", "check", "coverage"):
        result = run(command, "-h", data=None)
        assert result.exit_code == 0
        assert "Usage" in result.stdout


def _options(command: str) -> set[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return {name for param in group.commands[command].params for name in param.opts}


@pytest.mark.parametrize("command", ["search", "when", "show", "sources", "topics", "export", "coverage", "verify"])
def test_option_families_are_whole_on_every_command(command: str) -> None:
    """A command that takes --color also takes --no-color; one that lists rows takes every format shorthand."""
    options = _options(command)
    if "--color" in options:
        assert "--no-color" in options
    if "--jsonl" in options or command == "coverage":
        assert {"--json", "--jsonl", "--fields"} <= options
    if {"--color", "--jsonl"} <= options:
        assert "--plain" in options


def test_no_arguments_shows_help(run: Run) -> None:
    result = run(data=None)
    assert "search" in result.stdout + result.stderr
    assert "Usage" in result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_bad_data_directory(run: Run, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "nothing"
    if kind == "file":
        path.write_text("x", encoding="utf-8")
    result = run("search", "China", data=path)
    assert result.exit_code == 2
    assert ("no such directory" if kind == "missing" else "not a directory") in result.stderr


def test_data_from_the_environment(run: Run) -> None:
    result = run("search", "pipeline", "--json", data=None, env={"KZFACTS_DATA": str(FIXTURE)})
    assert result.json()[0]["id"] == "cnpc-epc-contractor-pipelines"


def test_unwritable_cache_still_answers(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = run("search", "pipeline", env={"KZFACTS_CACHE_DIR": str(blocker / "cache")})
    assert result.exit_code == 0
    assert "CNPC" in result.stdout


# Real processes: pipes, signals and the installed module.


@pytest.mark.parametrize(
    "args",
    [
        ["search", "oil", "pipeline", "--json"],
        ["when", "CSTO", "--plain"],
        ["export", "--format", "csv"],
        ["search", "zzqxv"],
        ["search", "border", "--since", "2020-13"],
        ["--version"],
    ],
)
def test_a_real_process_writes_what_the_runner_does(run: Run, shell: Shell, args: list[str]) -> None:
    """The process ends without interpreter teardown: nothing written may be lost, no exit code changed."""
    expected = run(*args)
    argv = args if args == ["--version"] else [args[0], "--data", str(FIXTURE), *args[1:]]
    result = shell(argv)
    stderr = result.stderr.replace("python -m kzfacts", "kzfacts")  # the program name in usage messages
    assert (result.returncode, result.stdout, stderr) == (expected.exit_code, expected.stdout, expected.stderr)


def test_closed_pipe_exits_quietly(shell: Shell) -> None:
    result = shell(f"set -o pipefail; kzfacts search China --data {FIXTURE} --json | head -1")
    assert result.stdout == "[\n"
    assert "Traceback" not in result.stderr
    assert "Error" not in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [f"kzfacts search pipeline --data {FIXTURE} --json", "kzfacts --version"])
def test_a_full_disk_is_an_error_not_a_traceback(shell: Shell, command: str) -> None:
    result = shell(f"{command} > /dev/full")
    assert result.returncode == 2
    assert result.stderr == "kzfacts: cannot write the output: No space left on device\n"


def test_closed_standard_streams_are_no_traceback(shell: Shell) -> None:
    closed_stdout = shell(f"kzfacts search pipeline --data {FIXTURE} >&-")
    assert closed_stdout.returncode == 2
    assert closed_stdout.stderr == "kzfacts: cannot write the output: stdout is closed\n"
    closed_stderr = shell(f"kzfacts search zzqxv --data {FIXTURE} 2>&-")
    assert (closed_stderr.returncode, closed_stderr.stdout) == (1, "")


def test_json_piped_to_a_file_is_utf8(shell: Shell, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = shell(f"kzfacts search 共同体 --data {FIXTURE} --json > {target}", LANG="C", LC_ALL="C")
    assert result.returncode == 0
    assert "命运共同体" in json.loads(target.read_text(encoding="utf-8"))[0]["citations"][0]["quote"]


def test_ctrl_c_exits_130_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    """Ctrl-C while the index is being built: the build's temporary file is removed, the exit code is 130."""
    base = tmp_path / "big"  # 20,000 facts: building their index takes seconds, not milliseconds
    generator = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(base), "--facts", "20000"]
    subprocess.run(generator, check=True)
    cache = tmp_path / "cache"
    process = subprocess.Popen(
        [sys.executable, "-m", "kzfacts", "search", "pipeline", "--data", str(base)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "KZFACTS_CACHE_DIR": str(cache)},
    )
    try:
        deadline = time.monotonic() + 30
        while not list(cache.glob(".index-*.tmp")):  # the build has started when its temporary file exists
            assert process.poll() is None, f"the search ended before the build was seen: {process.communicate()}"
            assert time.monotonic() < deadline, "no index build started within 30 seconds"
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130, stderr
    assert stdout == ""  # interrupted during the build: nothing was found yet
    assert "interrupted" in stderr
    assert "Traceback" not in stderr
    assert not list(cache.glob(".index-*.tmp*"))
    assert not list(cache.glob("index-*.sqlite"))  # an interrupted build is not kept as if complete


def test_kind_choices_are_the_model_kinds() -> None:
    from kzfacts.options import Kind
    from kzfacts.records import KINDS

    assert [kind.value for kind in Kind] == list(KINDS)
