"""`cite`: the sources of facts in seven formats, each read back by a real parser."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import rispy
from bibtexparser.entrypoint import parse_string

import kzfacts
from kzfacts import bibliography
from kzfacts.records import Source
from tests.conftest import FIXTURE, Run

CSL_SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "csl" / "csl-data.json").read_text(encoding="utf-8"))
INFERRED = {"globalsecurity", "chinabrief2019", "edm2004"}  # their published_note: no date is printed

# What a complete CSL processor (pandoc's citeproc, with the official apa, chicago-author-date and
# modern-language-association styles) makes of the CSL-JSON of `cite --all`, as plain text; MLA's
# inferred web-page date is `[2022?]` here, as for its periodicals, where that style writes `Circa 2022`.
BIBLIOGRAPHIES = {
    "apa": [
        "China’s Relations With Kazakhstan Are Warming, But To What End? (ca. 2004). Eurasia Daily Monitor, 1(43).",
        "Kazakhstan - China Relations. (ca. 2022). GlobalSecurity.org.",
        (
            "Lin, L. (ca. 2019). A State Visit by Kazakhstan’s President Demonstrates China’s Increasing Influence in "
            "Central Asia. China Brief, 19(20)."
        ),
        "Schulz, D. (2022, February 17). China-Kazakhstan Bilateral Relations. Caspian Policy Center.",
        "Weitz, R. (2012, February 26). Kazakhstan-China Security Ties.",
    ],
    "chicago": [
        "“China’s Relations With Kazakhstan Are Warming, But To What End?” [2004?]. Eurasia Daily Monitor 1 (43).",
        "GlobalSecurity.org. [2022?]. “Kazakhstan - China Relations.”",
        (
            "Lin, Leo. [2019?]. “A State Visit by Kazakhstan’s President Demonstrates China’s Increasing Influence in "
            "Central Asia.” China Brief 19 (20)."
        ),
        "Schulz, Dante. 2022. “China-Kazakhstan Bilateral Relations.” Caspian Policy Center, February 17.",
        "Weitz, Richard. 2012. “Kazakhstan-China Security Ties.” February 26.",
    ],
    "mla": [
        (
            "“China’s Relations With Kazakhstan Are Warming, But To What End?” Eurasia Daily Monitor, vol. 1, no. 43, "
            "[2004?]."
        ),
        "“Kazakhstan - China Relations.” GlobalSecurity.org, [2022?].",
        (
            "Lin, Leo. “A State Visit by Kazakhstan’s President Demonstrates China’s Increasing Influence in Central "
            "Asia.” China Brief, vol. 19, no. 20, [2019?]."
        ),
        "Schulz, Dante. “China-Kazakhstan Bilateral Relations.” Caspian Policy Center, 17 Feb. 2022.",
        "Weitz, Richard. Kazakhstan-China Security Ties. 26 Feb. 2012.",
    ],
}


@pytest.mark.parametrize("style", sorted(BIBLIOGRAPHIES))
def test_bibliography_in_each_style(run: Run, style: str) -> None:
    result = run("cite", "--all", "--format", style)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == BIBLIOGRAPHIES[style]


def test_text_bibliography_is_the_house_reference_with_inferred_dates_marked(run: Run) -> None:
    lines = run("cite", "--all").stdout.splitlines()
    assert lines[0] == "“Kazakhstan - China Relations”, GlobalSecurity.org, 2022 (date inferred)"
    assert lines[2] == "Richard Weitz, “Kazakhstan-China Security Ties”, 2012-02-26"
    assert sum("(date inferred)" in line for line in lines) == len(INFERRED)


def test_a_fact_is_cited_with_its_pinpoint_for_each_source(run: Run) -> None:
    result = run("cite", "diplomatic-relations-established-1992", "--format", "apa")
    assert result.exit_code == 0
    assert result.stdout == (
        "diplomatic-relations-established-1992\n"
        "    Kazakhstan - China Relations. (ca. 2022). GlobalSecurity.org.\n"
        "    “On January 3, 1992, the Republic of Kazakhstan set up diplomatic relations with the People's Republic"
        " of China.” (seeds/000_17e754e474ee369d.txt:8)\n"
        "    Weitz, R. (2012, February 26). Kazakhstan-China Security Ties.\n"
        "    “after establishing diplomatic relations in 1992” (seeds/002_0ce0def3323fc2a1.txt:9)\n"
    )


def test_several_facts_each_get_a_block(run: Run) -> None:
    result = run("cite", "border-length-1600-km", "border-length-1108-miles", "border-length-1600-km")
    blocks = result.stdout.split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == ["border-length-1600-km", "border-length-1108-miles"]
    assert "“Kazakhstan shares a 1,108-mile-long border with China” (seeds/001_eb2aac36d509a584.txt:17)" in blocks[1]


@pytest.mark.parametrize("args", [["--all"], ["border-length-1600-km", "sco-fight-terrorism-2004"]])
def test_csl_json_is_valid_against_the_csl_schema(run: Run, args: list[str]) -> None:
    items = run("cite", *args, "--format", "csl-json").json()
    jsonschema.validate(items, CSL_SCHEMA)
    assert items == run("cite", *args, "--json").json()
    for item in items:
        source = item["id"].split(":")[0]
        assert item["issued"].get("circa", False) == (source in INFERRED)
        assert ("author" in item) == (source not in {"globalsecurity", "edm2004"})  # never an invented author


def test_csl_json_carries_the_pinpoint_and_the_metadata(run: Run) -> None:
    (item,) = run("cite", "sco-fight-terrorism-2004", "--json").json()
    assert item["id"] == "edm2004:sco-fight-terrorism-2004"
    assert (item["type"], item["container-title"], item["volume"], item["issue"]) == (
        "article-journal",
        "Eurasia Daily Monitor",
        "1",
        "43",
    )
    assert item["note"].startswith("“the neighbors have expressed their readiness")
    assert "(seeds/004_7f84b538ee34154b.txt:" in item["note"]
    assert "Date inferred: No date or author is printed" in item["note"]


def test_bibtex_parses_with_bibtexparser(run: Run) -> None:
    library = parse_string(run("cite", "--all", "--format", "bibtex").stdout)
    assert not library.failed_blocks
    entries = {entry.key: entry for entry in library.entries}
    assert list(entries) == ["globalsecurity", "cpc2022", "weitz2012", "chinabrief2019", "edm2004"]
    assert entries["weitz2012"].entry_type == "misc"
    assert entries["weitz2012"].fields_dict["author"].value == "Weitz, Richard"
    assert entries["weitz2012"].fields_dict["date"].value == "2012-02-26"
    assert "publisher" not in entries["weitz2012"].fields_dict
    assert "howpublished" not in entries["weitz2012"].fields_dict  # no publisher is printed, none is given
    assert "author" not in entries["globalsecurity"].fields_dict
    assert entries["chinabrief2019"].entry_type == "article"
    assert entries["chinabrief2019"].fields_dict["journal"].value == "China Brief"
    assert "date" not in entries["chinabrief2019"].fields_dict  # only the inferred year, and a note saying so
    assert entries["chinabrief2019"].fields_dict["note"].value.startswith("Date inferred:")


def test_bibtex_of_facts_has_unique_keys_and_the_pinpoint(run: Run) -> None:
    library = parse_string(run("cite", "diplomatic-relations-established-1992", "-f", "bibtex").stdout)
    assert not library.failed_blocks
    keys = [entry.key for entry in library.entries]
    assert keys == [
        "globalsecurity:diplomatic-relations-established-1992",
        "weitz2012:diplomatic-relations-established-1992",
    ]
    assert "seeds/002\\_0ce0def3323fc2a1.txt:9" in library.entries[1].fields_dict["note"].value


def test_ris_parses_with_rispy(run: Run) -> None:
    records = rispy.loads(run("cite", "--all", "--format", "ris").stdout)
    by_id = {record["id"]: record for record in records}
    assert list(by_id) == ["globalsecurity", "cpc2022", "weitz2012", "chinabrief2019", "edm2004"]
    assert by_id["cpc2022"]["type_of_reference"] == "ELEC"
    assert by_id["cpc2022"]["authors"] == ["Schulz, Dante"]
    assert by_id["cpc2022"]["date"] == "2022/02/17/"
    assert by_id["chinabrief2019"]["type_of_reference"] == "JOUR"
    assert (by_id["chinabrief2019"]["volume"], by_id["chinabrief2019"]["number"]) == ("19", "20")
    assert "authors" not in by_id["edm2004"]
    assert "date" not in by_id["edm2004"]
    assert by_id["edm2004"]["year"] == "2004"


def test_ris_of_a_fact_has_its_quote_in_the_note(run: Run) -> None:
    (record,) = rispy.loads(run("cite", "border-length-1600-km", "--format", "ris").stdout)
    assert record["notes"] == [
        "“to delineate their new 1,600km (1,000 miles) common border” (seeds/002_0ce0def3323fc2a1.txt:9)"
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["nope-fact"], 1, "no fact with id 'nope-fact'"),
        ([], 2, "give fact ids to cite, or --all"),
        (["border-length-1600-km", "--all"], 2, "give fact ids to cite, or --all"),
        (["--all", "--format", "apa", "--json"], 2, "choose one output format"),
        (["--all", "--format", "harvard"], 2, "harvard"),
    ],
)
def test_cite_errors(run: Run, args: list[str], code: int, message: str) -> None:
    result = run("cite", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""


def test_library_cite_is_what_the_command_prints(run: Run) -> None:
    assert (
        kzfacts.cite(["border-length-1600-km"], style="mla", data=FIXTURE)
        == run("cite", "border-length-1600-km", "-f", "mla").stdout
    )
    assert kzfacts.cite(style="ris", data=FIXTURE) == run("cite", "--all", "-f", "ris").stdout
    with pytest.raises(kzfacts.UsageError):
        kzfacts.cite(style="harvard", data=FIXTURE)


SHAPES = [  # sources of other shapes, and what the CSL processor makes of them
    (
        Source("doe2004", "x.txt", "A Month Piece", "2004-06", "Jane Doe", "Site"),
        {
            "apa": "Doe, J. (2004, June). A Month Piece. Site.",
            "chicago": "Doe, Jane. 2004. “A Month Piece.” Site, June.",
            "mla": "Doe, Jane. “A Month Piece.” Site, June 2004.",
        },
    ),
    (
        Source("bare2010", "x.txt", "Bare Page", "2010-03-05"),
        {
            "apa": "Bare Page. (2010, March 5).",
            "chicago": "“Bare Page.” 2010. March 5.",
            "mla": "Bare Page. 5 Mar. 2010.",
        },
    ),
    (
        Source("roe2011", "x.txt", "Dated Article", "2011-07-09", "Ann Roe", "Journal, Volume 3, Issue 4"),
        {
            "apa": "Roe, A. (2011). Dated Article. Journal, 3(4).",
            "chicago": "Roe, Ann. 2011. “Dated Article.” Journal 3 (4).",
            "mla": "Roe, Ann. “Dated Article.” Journal, vol. 3, no. 4, July 2011.",
        },
    ),
]


@pytest.mark.parametrize(("source", "expected"), SHAPES, ids=lambda value: getattr(value, "id", ""))
def test_other_shapes_of_source(source: Source, expected: dict[str, str]) -> None:
    for style, reference in expected.items():
        assert bibliography.write({source.id: source}, None, style) == reference + "\n"
    jsonschema.validate(json.loads(bibliography.write({source.id: source}, None, "csl-json")), CSL_SCHEMA)
