"""The library API, and what each path imports."""

import subprocess
import sys

import pytest

import kzfacts
from tests.conftest import FIXTURE


def test_search_and_timeline_from_python() -> None:
    hits = kzfacts.search("oil pipeline", data=FIXTURE, limit=3)
    assert hits[0].fact.id == "cnpc-epc-contractor-pipelines"
    assert hits[0].fact.citations[0].quote.startswith("CNPC is the EPC contractor")
    dated = kzfacts.timeline("CSTO", data=FIXTURE)
    assert [hit.fact.date.text for hit in dated if hit.fact.date] == ["2022-01", "2022-01-07"]


def test_filters_from_python() -> None:
    hits = kzfacts.search("border", data=FIXTURE, filters=kzfacts.Filters(sources=("weitz2012",)))
    assert [hit.fact.id for hit in hits] == ["border-length-1600-km"]


def test_load_returns_records() -> None:
    base = kzfacts.load(FIXTURE)
    assert {fact.kind for fact in base.facts} <= {"event", "figure", "statement", "assessment", "context"}
    assert base.sources["weitz2012"].author == "Richard Weitz"


_PROBE = r"""
import os, sys
from kzfacts.__main__ import main

def report(code):
    watched = ("rich.console", "yaml", "rapidfuzz", "sqlite_utils",
               "kzfacts.bibliography", "kzfacts.publish", "kzfacts.verification")
    sys.stderr.write("\nLOADED:" + " ".join(m for m in watched if m in sys.modules))
    sys.stderr.flush()
    os_exit(code)

os_exit, os._exit = os._exit, report
sys.argv = ["kzfacts", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(
    ("args", "loaded"),
    [
        (["search", "pipeline", "--json"], ""),
        (["when", "CSTO", "--json"], ""),
        (["when", "CSTO", "--plain"], ""),
        (["search", "pipline", "--json"], "rapidfuzz"),
        (["search", "pipeline", "--plain"], ""),
        (["search", "pipeline", "--source", "weitz2012", "--json"], ""),
        (["search", "zzqxv", "--json"], "rapidfuzz"),
    ],
)
def test_commands_import_only_what_they_need(args: list[str], loaded: str) -> None:
    warm = [sys.executable, "-m", "kzfacts", "sources", "--data", str(FIXTURE)]
    subprocess.run(warm, capture_output=True, check=True)  # build the index: only rebuilds need YAML
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *args, "--data", str(FIXTURE)], capture_output=True, text=True, check=False
    )
    assert result.stderr.rsplit("LOADED:", 1)[-1] == loaded, result.stderr
