"""The index cache: reused while the fact base is unchanged, rebuilt whenever any file changes."""

import gc
import os
import time
from pathlib import Path

import pytest

from kzfacts import DataError, cache
from kzfacts.engine.query import search

NEW_FACT = """
- id: new-fact-about-wheat
  claim: A brand-new fact about wheat exports.
  kind: context
  topics: [trade]
  citations:
    - source: cpc2022
      quote: Kazakhstan shares a 1,108-mile-long border with China
"""


def _ids(base: Path, query: str) -> list[str]:
    return [hit.fact.id for hit in search(cache.open_index(base), query)]


def _index_files() -> list[Path]:
    return sorted(cache.cache_dir().glob("index-*.sqlite"))


def test_the_index_is_built_once_and_reused(base_copy: Path) -> None:
    cache.open_index(base_copy)
    (first,) = _index_files()
    stamp = first.stat().st_mtime_ns
    cache.open_index(base_copy)
    assert _index_files() == [first]
    assert first.stat().st_mtime_ns == stamp


def test_editing_a_fact_rebuilds(base_copy: Path) -> None:
    assert _ids(base_copy, "pipeline") == ["cnpc-epc-contractor-pipelines"]
    path = base_copy / "facts" / "energy.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Corporation is the EPC contractor", "Corporation is the EPC builder"),
        encoding="utf-8",
    )
    (hit,) = search(cache.open_index(base_copy), "builder")
    assert hit.fact.claim.startswith("The China National Petroleum Corporation is the EPC builder")


def test_adding_a_fact_file_rebuilds(base_copy: Path) -> None:
    assert _ids(base_copy, "wheat") == []
    (base_copy / "facts" / "trade.yaml").write_text(NEW_FACT, encoding="utf-8")
    assert _ids(base_copy, "wheat") == ["new-fact-about-wheat"]


def test_changing_a_seed_rebuilds_and_revalidates(base_copy: Path) -> None:
    cache.open_index(base_copy)
    seed = base_copy / "seeds" / "001_eb2aac36d509a584.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("1,108-mile", "1,109-mile"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        cache.open_index(base_copy)
    assert "quote not found" in str(caught.value.problems[0])


@pytest.mark.parametrize("damage", [b"", b"not a database at all" * 100, b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_corrupt_cache_file_is_rebuilt(base_copy: Path, damage: bytes) -> None:
    cache.open_index(base_copy)
    (path,) = _index_files()
    path.write_bytes(damage)
    assert _ids(base_copy, "pipeline") == ["cnpc-epc-contractor-pipelines"]


def test_an_unreadable_cache_file_is_rebuilt(base_copy: Path) -> None:
    cache.open_index(base_copy)
    (path,) = _index_files()
    path.unlink()
    path.mkdir()
    assert _ids(base_copy, "pipeline") == ["cnpc-epc-contractor-pipelines"]


def test_an_unwritable_cache_directory_falls_back_to_memory(base_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = base_copy / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("KZFACTS_CACHE_DIR", str(blocker / "cache"))
    assert _ids(base_copy, "pipeline") == ["cnpc-epc-contractor-pipelines"]


def test_old_indexes_are_pruned(base_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "KEEP", 2)
    for number in range(4):
        (base_copy / "facts" / "trade.yaml").write_text(NEW_FACT.replace("wheat", f"wheat{number}"), encoding="utf-8")
        cache.open_index(base_copy)
        for index in _index_files():  # past the grace period in which another process may still open it
            os.utime(index, (time.time() - 2 * cache.GRACE_SECONDS,) * 2)
    assert len(_index_files()) == 2


def test_progress_is_reported_while_building(base_copy: Path) -> None:
    calls: list[tuple[int, int]] = []
    cache.open_index(base_copy, progress=lambda done, total: calls.append((done, total)))
    assert calls
    assert all(done <= total for done, total in calls)


def test_a_build_pauses_the_cycle_collector_and_restores_it(base_copy: Path) -> None:
    states: list[bool] = []
    cache.open_index(base_copy, progress=lambda _done, _total: states.append(gc.isenabled()))
    assert states
    assert not any(states)
    assert gc.isenabled()
    broken = base_copy / "facts" / "broken.yaml"
    broken.write_text("- id: [\n", encoding="utf-8")
    with pytest.raises(DataError):
        cache.open_index(base_copy)
    assert gc.isenabled()


def _age(base: Path, seconds: int) -> None:
    """Make every file of the base look `seconds` old."""
    then = time.time() - seconds
    for path in base.rglob("*"):
        os.utime(path, (then, then))


def test_unchanged_files_are_not_hashed_again(base_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _age(base_copy, 60)
    cache.open_index(base_copy)
    assert list(cache.cache_dir().glob("stat-*"))

    def no_hashing(*_: object) -> str:
        raise AssertionError("hashed again")

    monkeypatch.setattr(cache, "fingerprint", no_hashing)
    assert _ids(base_copy, "pipeline") == ["cnpc-epc-contractor-pipelines"]


def test_recently_changed_files_are_always_hashed(base_copy: Path) -> None:
    _age(base_copy, 0)
    cache.open_index(base_copy)
    assert not list(cache.cache_dir().glob("stat-*"))


def test_an_edit_after_the_memo_is_seen(base_copy: Path) -> None:
    _age(base_copy, 60)
    assert _ids(base_copy, "wheat") == []
    (base_copy / "facts" / "trade.yaml").write_text(NEW_FACT, encoding="utf-8")
    assert _ids(base_copy, "wheat") == ["new-fact-about-wheat"]


def test_a_memo_written_for_another_index_format_is_not_used(base_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _age(base_copy, 60)
    cache.open_index(base_copy)
    assert list(cache.cache_dir().glob("stat-*"))
    monkeypatch.setattr(cache, "FORMAT", "another")
    notices: list[str] = []
    index = cache.open_index(base_copy, notice=notices.append)
    assert index.fingerprint == cache.content_key(base_copy, cache.cache_dir())
    assert notices == []  # an index of another format is not damaged: it is simply not the one wanted
