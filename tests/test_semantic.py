"""The semantic layer: its pure-Python tokenizer, query vectors rebuilt exactly, fusion, and search without it."""

from __future__ import annotations

import math

import pytest

from kzfacts import open_index
from kzfacts.engine import ranking, semantic
from kzfacts.engine.query import search
from tests.conftest import FIXTURE, Run

# Tokens of the Llama 2 tokenizer (tokenizers 0.23, WordLlama's l2_supercat configuration), recorded.
RECORDED = {
    "pipeline": ["▁pipeline"],
    "Tokayev": ["▁Tok", "ay", "ev"],
    "Нур-Султан": ["▁Н", "ур", "-", "С", "у", "л", "тан"],
    "新疆": ["▁", "新", "<0xE7>", "<0x96>", "<0x86>"],
    "1,108": ["▁", "1", ",", "1", "0", "8"],
}


@pytest.fixture(scope="module")
def model() -> semantic.Model:
    found = semantic.load_model()
    assert found is not None, "the model file ships with the package"
    return found


@pytest.mark.parametrize(("word", "tokens"), RECORDED.items())
def test_the_tokenizer_splits_words_as_llama_does(model: semantic.Model, word: str, tokens: list[str]) -> None:
    assert [model.tokens[token] for token in model.tokenize(word)] == tokens


def test_the_index_tokenizes_unknown_words_like_the_model() -> None:
    index = open_index(FIXTURE)
    words = [*RECORDED, "frontier", "протесты", "pipline"]
    model = semantic.load_model()
    assert model is not None
    assert semantic.tokenized(index.conn, words) == {word: model.tokenize(word) for word in words}


def test_the_query_vector_is_the_models_mean_pooled_vector(model: semantic.Model) -> None:
    index = open_index(FIXTURE)
    query = "How long is the frontier between Kazakhstan and China?"
    tokens = [token for word in semantic.words(query) for token in model.tokenize(word)]
    expected = semantic.unit(model.unpacked(sum(model.packed(token) for token in tokens), len(tokens)))
    rebuilt = semantic.query_vector(index.conn, query)
    assert rebuilt is not None
    assert math.fsum(a * b for a, b in zip(expected, rebuilt, strict=True)) > 0.999  # int8 storage, no more


def test_similar_meaning_ranks_first() -> None:
    index = open_index(FIXTURE)
    docs = index.documents(None)
    similar = semantic.similarities(index.conn, "length of the frontier", docs)
    ids = {doc: fact.id for doc, fact in index.facts(docs).items()}
    best = max(similar, key=similar.__getitem__)
    assert ids[best].startswith("border-length")


def test_fusion_adds_only_above_the_floor() -> None:
    assert ranking.fused(2.0, 10.0, ranking.SEMANTIC_FLOOR) == 2.0
    assert ranking.fused(2.0, 10.0, 0.0) == 2.0
    assert ranking.fused(2.0, 10.0, 0.9) > ranking.fused(2.0, 10.0, 0.6) > 2.0


def test_without_the_model_search_is_lexical_and_check_says_so(monkeypatch: pytest.MonkeyPatch, run: Run) -> None:
    monkeypatch.setattr(semantic, "load_model", lambda path=semantic.MODEL_FILE: None)  # noqa: ARG005
    index = open_index(FIXTURE)
    assert not index.semantic
    assert search(index, "pipeline")[0].fact.id == "cnpc-epc-contractor-pipelines"
    result = run("check")
    assert result.exit_code == 0
    assert "semantic matching is off" in result.stderr
    assert run("search", "How long is the border with China?", "--json").json()[0]["id"] == "border-length-1108-miles"


def test_with_the_model_check_says_nothing_of_it(run: Run) -> None:
    result = run("check")
    assert result.exit_code == 0
    assert "semantic" not in result.stderr
