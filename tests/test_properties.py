"""Properties over generated input: any query, any valid fact base."""

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzfacts import cache, load, text
from kzfacts.engine.query import parse, search
from tests.conftest import FIXTURE, Run

RELAXED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Each example of the round trip writes a fact base and builds its index: a few are enough to vary the claims.
ROUND_TRIP = settings(RELAXED, max_examples=12)
WORDS = st.text(alphabet=st.characters(categories=["Ll"], max_codepoint=0x24F), min_size=3, max_size=9)


@RELAXED
@given(query=st.text(max_size=80))
def test_any_query_exits_0_or_1_with_valid_json(run: Run, query: str) -> None:
    result = run("search", "--json", "--", query)
    assert result.exit_code in (0, 1)
    if result.exit_code == 0:
        assert isinstance(json.loads(result.stdout), list)
    else:
        assert result.stdout == "[]\n"  # no result is an empty list, as on every command


@RELAXED
@given(query=st.text(max_size=40) | st.lists(WORDS, min_size=1, max_size=4).map(" ".join))
def test_every_hit_matches_a_query_term_alias_or_fuzzy_variant(query: str) -> None:
    index = cache.open_index(FIXTURE)
    parsed = parse(index, query)
    variants = {term for unit in parsed.units for term, _ in unit.alternatives}
    variants |= {term for phrase, group in index.phrases.items() if group in variants for term in phrase}
    for hit in search(index, query):
        assert hit.matched
        assert hit.matched <= variants


@ROUND_TRIP
@given(claims=st.lists(st.lists(WORDS, min_size=2, max_size=6).map(" ".join), min_size=1, max_size=8, unique=True))
def test_generated_fact_bases_round_trip(run: Run, tmp_path_factory: pytest.TempPathFactory, claims: list[str]) -> None:
    base = tmp_path_factory.mktemp("generated")
    shutil.copytree(FIXTURE / "seeds", base / "seeds")
    (base / "facts").mkdir()
    for name in ("sources.yaml", "topics.yaml"):
        shutil.copy(FIXTURE / "facts" / name, base / "facts" / name)
    records = [
        {
            "id": f"generated-{number}",
            "claim": claim,
            "kind": "context",
            "topics": ["trade"],
            "entities": [claim.split()[0]],
            "citations": [{"source": "edm2004", "quote": "Never have bilateral relations been so close"}],
        }
        for number, claim in enumerate(claims)
    ]
    (base / "facts" / "generated.yaml").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert [fact.claim for fact in load(base).facts] == claims
    exported = run("export", "--json", data=base).json()
    assert [fact["claim"] for fact in exported] == claims
    for number, claim in enumerate(claims):
        result = run("search", "--json", "--", claim, data=base)
        if not text.terms(claim):  # only common words ("been when"): nothing to look for, said so, by design
            assert (result.exit_code, result.json()) == (1, [])
            assert "only common words" in result.stderr
            continue
        assert f"generated-{number}" in [fact["id"] for fact in result.json()]
