"""`export --format sqlite`: a database Datasette serves as it is, checked with the real Datasette."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import kzfacts
from tests.conftest import FIXTURE, Run, Shell

TABLES = {"facts", "citations", "sources", "topics", "entities", "fact_topics", "fact_entities"}


@pytest.fixture
def database(run: Run, tmp_path: Path) -> Path:
    path = tmp_path / "kzfacts.db"
    result = run("export", "--format", "sqlite", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return path


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def _datasette(*args: str) -> Any:
    command = [sys.executable, "-m", "datasette", *args]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_tables_keys_and_rows(run: Run, database: Path) -> None:
    names = {name for (name,) in _rows(database, "select name from sqlite_master where type = 'table'")}
    assert names >= TABLES | {"facts_fts"}
    exported = run("export", "--json").json()
    assert [row[0] for row in _rows(database, "select id from facts order by rowid")] == [f["id"] for f in exported]
    citations = sum(len(f["citations"]) for f in exported)
    assert _rows(database, "select count(*) from citations") == [(citations,)]
    foreign = {
        (table, column, other)
        for table in TABLES
        for _, _, other, column, *_ in _rows(database, f"pragma foreign_key_list({table})")
    }
    assert foreign == {
        ("citations", "fact", "facts"),
        ("citations", "source", "sources"),
        ("fact_topics", "fact", "facts"),
        ("fact_topics", "topic", "topics"),
        ("fact_entities", "fact", "facts"),
        ("fact_entities", "entity", "entities"),
    }
    assert _rows(database, "pragma foreign_key_check") == []
    (row,) = _rows(
        database, "select date, date_precision, topics, conflicts_with from facts where id = 'border-length-1600-km'"
    )
    assert row == (None, None, '["border"]', '["border-length-1108-miles"]')
    (row,) = _rows(database, "select date, date_precision from facts where id = 'tokayev-invited-csto-troops-2022'")
    assert row == ("2022-01", "month")
    assert _rows(database, "select author, facts from sources where id = 'globalsecurity'") == [(None, 6)]


def test_full_text_index_covers_claims_quotes_and_questions(database: Path) -> None:
    def search(words: str) -> set[str]:
        sql = f"select id from facts where rowid in (select rowid from facts_fts where facts_fts match '{words}')"
        return {fact for (fact,) in _rows(database, sql)}

    assert search("pipelines") == {"cnpc-epc-contractor-pipelines"}  # stemmed, from the claim and quote
    assert search("quotes:delineate") == {"border-length-1600-km"}
    assert search("claim:delineate") == set()


def test_full_text_index_covers_the_questions(tmp_path: Path) -> None:
    path = tmp_path / "packaged.db"
    kzfacts.export_sqlite(path)  # the packaged base: its facts have reader questions
    sql = "select id from facts where rowid in (select rowid from facts_fts where facts_fts match 'questions:frontier')"
    assert ("kz-cn-border-length-1600km",) in _rows(path, sql)


def test_datasette_searches_the_facts_table(database: Path) -> None:
    found = _datasette(str(database), "--get", "/kzfacts/facts.json?_search=pipeline&_shape=array")
    assert [row["id"] for row in found] == ["cnpc-epc-contractor-pipelines"]
    assert found[0]["claim"].startswith("The China National Petroleum Corporation is the EPC contractor")
    table = _datasette(str(database), "--get", "/kzfacts/facts.json?_search=pipeline")
    assert [row[0] for row in table["rows"]] == ["cnpc-epc-contractor-pipelines"]


def test_datasette_reads_the_metadata(database: Path) -> None:
    metadata = database.with_suffix(".metadata.json")
    written = json.loads(metadata.read_text(encoding="utf-8"))
    served = _datasette(str(database), "-m", str(metadata), "--get", "/-/metadata.json")
    assert served["title"] == written["title"] == "kzfacts: Kazakhstan–China relations, cited facts"
    assert served["license"] == "MIT"
    assert "weitz2012: Richard Weitz, “Kazakhstan-China Security Ties”, 2012-02-26" in served["source"]
    tables = served["databases"]["kzfacts"]["tables"]
    assert "No date or author is printed" in tables["sources"]["description"]
    rows = _datasette(
        str(database), "-m", str(metadata), "--get", "/kzfacts/citations.json?_shape=array&source=weitz2012"
    )
    assert {row["fact"] for row in rows} == {"diplomatic-relations-established-1992", "border-length-1600-km"}


def test_licence_is_the_projects(database: Path) -> None:
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    metadata = json.loads(database.with_suffix(".metadata.json").read_text(encoding="utf-8"))
    assert f'license = "{metadata["license"]}"' in pyproject


def test_filters_and_a_replaced_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "energy.sqlite"
    path.write_text("not a database", encoding="utf-8")
    assert run("export", "--format", "sqlite", "--topic", "energy", str(path)).exit_code == 0
    assert _rows(path, "select id from facts") == [("cnpc-epc-contractor-pipelines",)]
    assert (tmp_path / "energy.metadata.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["energy.metadata.json", "energy.sqlite"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--format", "sqlite"], 2, "give the database to write"),
        (["--format", "sqlite", "--json", "x.db"], 2, "drop --json"),
        (["--format", "csv", "x.db"], 2, "only --format sqlite writes to a FILE"),
        (["x.db"], 2, "only --format sqlite writes to a FILE"),
        (["--format", "sqlite", "--since", "2030", "x.db"], 1, "no facts pass the filters"),
        (["--format", "sqlite", "missing-dir/x.db"], 2, "cannot write missing-dir/x.db"),
    ],
)
def test_export_sqlite_errors(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_from_a_real_process_and_the_library(shell: Shell, tmp_path: Path) -> None:
    path = tmp_path / "base.db"
    result = shell(["export", "--format", "sqlite", str(path), "--data", str(FIXTURE)])
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert kzfacts.export_sqlite(tmp_path / "again.db", data=FIXTURE) == len(kzfacts.export(data=FIXTURE))
    assert _rows(path, "select count(*) from facts") == _rows(tmp_path / "again.db", "select count(*) from facts")
