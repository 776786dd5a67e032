"""Retrieval behaviour on the fixture base: words, questions, typos, aliases, numbers, filters."""

from pathlib import Path

import pytest

from kzfacts import Filters, open_index, text
from kzfacts.engine.index import Index
from kzfacts.engine.query import search, suggest, timeline
from tests.conftest import FIXTURE, Run


@pytest.fixture(scope="module")
def index() -> Index:
    return open_index(FIXTURE)


def _ids(
    index: Index,
    query: str,
    *,
    sources: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    since: str | None = None,
    until: str | None = None,
) -> list[str]:
    filters = Filters(sources=sources, topics=topics, kinds=kinds, since=since, until=until)
    return [hit.fact.id for hit in search(index, query, filters)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pipeline", "cnpc-epc-contractor-pipelines"),
        ("oil pipeline", "cnpc-epc-contractor-pipelines"),
        ("pipline", "cnpc-epc-contractor-pipelines"),
        ("PIPELINES", "cnpc-epc-contractor-pipelines"),
        ("How long is the border with China?", "border-length-1108-miles"),
        ("when did Tokayev visit China?", "tokayev-state-visit-china-2019"),
        ("Tokayev state visit", "tokayev-state-visit-china-2019"),
        ("Astana", "belt-and-road-unveiled-2013"),
        ("Nur-Sultan", "belt-and-road-unveiled-2013"),
        ("OBOR", "belt-and-road-unveiled-2013"),
        ("One Belt One Road", "belt-and-road-unveiled-2013"),
        ("Uyghur protests", "uighurs-protested-almaty-2009"),
        ("Uighurs", "uighurs-protested-almaty-2009"),
        ("Lop Nur", "kazakhstan-protested-lop-nur-tests"),
        ("nuclear tsets", "kazakhstan-protested-lop-nur-tests"),
        ("1,108", "border-length-1108-miles"),
        ("1992", "diplomatic-relations-established-1992"),
        ("ÄLMATY", "uighurs-protested-almaty-2009"),
        ("共同体", "community-of-common-destiny"),
        ("SCO terrorism", "sco-fight-terrorism-2004"),
    ],
)
def test_best_answer_comes_first(index: Index, query: str, expected: str) -> None:
    assert _ids(index, query)[0] == expected


def test_exact_names_rank_above_alias_matches(index: Index) -> None:
    # Both facts name the CSTO in a quote, but only the first writes "CSTO" in its claim; the second
    # has the alias "Collective Security Treaty Organization" there.
    assert _ids(index, "CSTO") == ["csto-troops-arrived-2022-01-07", "tokayev-invited-csto-troops-2022"]


def test_every_hit_matches_a_query_word(index: Index) -> None:
    for hit in search(index, "border China"):
        assert hit.matched & {"border", "china"}


def test_matched_words_include_alias_spellings(index: Index) -> None:
    (hit,) = search(index, "OBOR")
    # OBOR matches its alias group, so the words of every name of the Belt and Road Initiative (One Belt
    # One Road, BRI, …) count as matched, and no others: not Nur-Sultan, which the same claim names.
    assert hit.matched == {"obor", "bri", "belt", "road", "one", *text.terms("Initiative")}


def test_unknown_words_find_nothing_and_suggest(index: Index) -> None:
    assert list(search(index, "zzzzqqq")) == []
    assert suggest(index, "borderz") == ["border"]


def test_filters(index: Index) -> None:
    assert _ids(index, "border", sources=("weitz2012",)) == ["border-length-1600-km"]
    assert _ids(index, "border", kinds=("context",)) == ["kazakhstan-protested-lop-nur-tests"]
    assert _ids(index, "China", since="2019-01-01", until="2019-12-31") == ["tokayev-state-visit-china-2019"]
    assert _ids(index, "border", topics=("nuclear",)) == ["kazakhstan-protested-lop-nur-tests"]


def test_timeline_is_oldest_first_and_dated_only(index: Index) -> None:
    hits = timeline(index, "Kazakhstan China")
    starts = [hit.fact.date.start for hit in hits if hit.fact.date]
    assert len(starts) == len(hits) > 1
    assert starts == sorted(starts)


def test_limit(index: Index) -> None:
    assert len(search(index, "China", limit=2)) == 2


@pytest.mark.parametrize(
    "query",
    [
        "граница Казахстана и Китая",  # Russian, inflected
        "Қазақстан шекарасы",  # Kazakh, with a suffix
        "中哈边境",  # Chinese, no spaces
    ],
)
def test_words_of_other_languages_are_read_in_english(index: Index, query: str) -> None:
    found = _ids(index, query)[:3]
    assert {"border-length-1108-miles", "border-length-1600-km"} <= set(found), found


def test_a_translation_is_noted_and_alias_names_stay_names(index: Index) -> None:
    notes = search(index, "трубопровод").notes
    assert notes == ("трубопровод → pipeline",)
    assert _ids(index, "визит в Нур-Султан")[0] == "belt-and-road-unveiled-2013"  # Astana's name, not a word


def test_exact_translates_nothing(index: Index) -> None:
    assert _ids(index, "граница") != []
    assert [hit.fact.id for hit in search(index, "граница", exact=True)] == []


def test_a_translation_written_in_latin_letters_still_translates(run: Run, base_copy: Path) -> None:
    """ASCII queries skip the lexicon only when no translated word is ASCII (Kazakh in Latin script is)."""
    (base_copy / "facts" / "translations.yaml").write_text("border: [shekara, граница]\n", encoding="utf-8")
    found = run("search", "shekara", "--json", data=base_copy).json()
    assert {"border-length-1108-miles", "border-length-1600-km"} <= {fact["id"] for fact in found}
