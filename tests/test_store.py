from pathlib import Path

import pytest

from kzfacts import DataError, load
from tests.conftest import FIXTURE, Run

GOOD = """\
- id: good-fact
  claim: Kazakhstan shares a border with China.
  kind: figure
  topics: [border]
  entities: [Kazakhstan]
  citations:
    - source: cpc2022
      quote: Kazakhstan shares a 1,108-mile-long border with China
"""


def test_fixture_base_loads_with_lines() -> None:
    base = load(FIXTURE)
    fact = next(f for f in base.facts if f.id == "border-length-1600-km")
    assert fact.line > 1
    assert fact.path.endswith("security.yaml")
    assert fact.citations[0].line == 9


def _problems(base: Path, text: str | bytes, name: str = "broken.yaml") -> list[str]:
    path = base / "facts" / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(base)
    return [str(p) for p in caught.value.problems]


def _field(name: str, value: str) -> str:
    """Return GOOD with one field's line replaced."""
    lines = [f"  {name}: {value}" if line.startswith(f"  {name}:") else line for line in GOOD.splitlines()]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- id: x\n  claim: [unclosed\n", 3, "invalid YAML"),
        ("- id: x\n\tclaim: tab\n", 2, "invalid YAML"),
        ("- just a string\n", 1, "must be a mapping"),
        ("id: not-a-list\n", 1, "expected a list of facts"),
        (GOOD.replace("  claim: Kazakhstan shares a border with China.\n", ""), 1, "missing 'claim'"),
        (_field("claim", "[1, 2]"), 2, "'claim' must be non-empty text"),
        (_field("topics", "border"), 4, "'topics' must be a list"),
        (_field("kind", "rumour"), 3, "unknown kind 'rumour'"),
        (GOOD.replace("source: cpc2022", "source: nowhere"), 7, "unknown source 'nowhere'"),
        (_field("topics", "[gossip]"), 4, "unknown topic 'gossip'"),
        (GOOD.replace("1,108-mile", "1,109-mile"), 8, "quote not found in seeds/001_eb2aac36d509a584.txt"),
        (GOOD + '  date: "2019-02-30"\n', 9, "2019-02 has 28 days"),
        (GOOD + '  date: "2019-13"\n', 9, "no month 13"),
        (GOOD + '  date: "2020/2019"\n', 9, "ends before it starts"),
        (GOOD + "  date: true\n", 9, "a date must be text"),
        (GOOD + "  conflicts_with: [no-such-fact]\n", 1, "conflicts_with 'no-such-fact': no such fact"),
        (GOOD + "  topic: [border]\n", 9, "unknown field 'topic'"),
        (
            GOOD + "  conflicts_with: [border-length-1600-km]\n",
            1,
            "'border-length-1600-km', which does not list 'good-fact' back",
        ),
        (_field("kind", "event"), 1, "an event needs a date"),
        (GOOD.replace("good-fact", "Not A Slug"), 1, "must be a lower-case slug"),
        (GOOD + GOOD, 9, "duplicate id 'good-fact'"),
        ("- !!python/object/apply:os.system [echo hacked]\n", 1, "unsupported YAML tag"),
        ("- &a {id: x}\n- *a\n", 2, "aliases"),
        ("", 1, "the file is empty"),
        (b"- id: caf\xe9\n", 1, "not UTF-8"),
    ],
)
def test_each_broken_rule_is_reported_with_file_and_line(base_copy: Path, text: str, line: int, message: str) -> None:
    problems = _problems(base_copy, text)
    assert any(f"broken.yaml:{line}: " in p and message in p for p in problems), problems


def test_all_problems_are_reported_at_once(base_copy: Path) -> None:
    text = _field("kind", "rumour") + GOOD.replace("good-fact", "second").replace("cpc2022", "nowhere")
    assert len(_problems(base_copy, text)) == 2


def test_problems_do_not_cascade_to_conflicting_facts(base_copy: Path) -> None:
    path = base_copy / "facts" / "security.yaml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("  claim: The common border of Kazakhstan and China is 1,600 km (1,000 miles) long.\n", "")
    path.write_text(broken, encoding="utf-8")
    problems = _problems(base_copy, GOOD, "ok.yaml")
    assert len(problems) == 1
    assert "missing 'claim'" in problems[0]


def test_missing_seed_file_is_reported_in_sources_yaml(base_copy: Path) -> None:
    (base_copy / "seeds" / "004_7f84b538ee34154b.txt").unlink()
    problems = _problems(base_copy, GOOD, "ok.yaml")
    assert any("sources.yaml:" in p and "004_7f84b538ee34154b.txt: file not found" in p for p in problems)


def test_a_broken_link_is_reported_under_its_own_name(base_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (base_copy / "facts" / "linked.yaml").symlink_to("nowhere.yaml")
    monkeypatch.chdir(base_copy.parent)  # paths under the working directory are shown relative to it
    with pytest.raises(DataError) as caught:
        load(Path(base_copy.name))
    assert [problem.path for problem in caught.value.problems] == ["base/facts/linked.yaml"]


def test_huge_file_is_refused(base_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZFACTS_MAX_FILE_MB", "0")
    assert any("larger than 0 MiB" in p for p in _problems(base_copy, GOOD * 3))


def test_unreadable_data_directory(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="problem"):
        load(tmp_path / "missing")
    with pytest.raises(DataError) as caught:
        load(tmp_path)
    assert "not a fact base" in str(caught.value.problems[0])


def test_check_lists_problems_and_exits_2(run: Run, base_copy: Path) -> None:
    (base_copy / "facts" / "broken.yaml").write_text(_field("kind", "rumour") + "- 42\n", encoding="utf-8")
    result = run("check", data=base_copy)
    assert result.exit_code == 2
    assert "broken.yaml:3: unknown kind 'rumour'" in result.stdout
    assert "broken.yaml:9: each fact must be a mapping" in result.stdout
    assert "2 problem(s) found" in result.stderr


def test_check_is_clean_on_good_data(run: Run) -> None:
    result = run("check")
    assert result.exit_code == 0
    assert "ok: 12 facts" in result.stderr


def test_search_on_broken_data_shows_the_first_problems_and_a_count(run: Run, base_copy: Path) -> None:
    (base_copy / "facts" / "broken.yaml").write_text("- 1\n- 2\n- 3\n- 4\n- 5\n- 6\n- 7\n", encoding="utf-8")
    result = run("search", "border", data=base_copy)
    assert result.exit_code == 2
    assert result.stderr.count("must be a mapping") == 5
    assert "… and 2 more problems" in result.stderr


def test_more_than_four_questions_is_a_warning_not_an_error(base_copy: Path) -> None:
    questions = "".join(f"    - Question number {n}?\n" for n in range(6))
    (base_copy / "facts" / "ok.yaml").write_text(GOOD + "  questions:\n" + questions, encoding="utf-8")
    base = load(base_copy)
    assert "good-fact" in {fact.id for fact in base.facts}
    assert [p.code for p in base.warnings if p.path.endswith("ok.yaml")] == ["too-many-questions"]


def _sharing(quote: str) -> str:
    """Return two facts with their own quotes that both also cite quote."""
    shared = f"    - source: cpc2022\n      quote: {quote}\n"
    other = (
        GOOD.replace("good-fact", "other-fact")
        .replace("shares a border", "borders")
        .replace(
            "Kazakhstan shares a 1,108-mile-long border with China",
            "making the country a key western neighbor for China",
        )
    )
    return GOOD + shared + other + shared


def test_two_facts_quoting_the_same_passage_are_a_warning(base_copy: Path) -> None:
    (base_copy / "facts" / "ok.yaml").write_text(
        _sharing("the country a key western neighbor for China and China an immediate factor"), encoding="utf-8"
    )
    warnings = [p for p in load(base_copy).warnings if p.path.endswith("ok.yaml")]
    assert [p.code for p in warnings] == ["duplicate-quote"]


def test_a_short_quote_that_only_names_something_may_be_shared(base_copy: Path) -> None:
    (base_copy / "facts" / "ok.yaml").write_text(_sharing("Kazakhstan shares"), encoding="utf-8")
    assert not [p for p in load(base_copy).warnings if p.path.endswith("ok.yaml")]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- border\n", 1, "expected a mapping of English words"),
        ("border: граница\n", 1, "'border' needs a list of the words that translate it"),
        ("border: [граница]\nfrontier: [шекара, Граница]\n", 2, "'Граница' translates both 'border' and 'frontier'"),
    ],
)
def test_a_broken_translation_is_reported_with_its_line(base_copy: Path, text: str, line: int, message: str) -> None:
    problems = _problems(base_copy, text, "translations.yaml")
    assert any(f"translations.yaml:{line}: " in p and message in p for p in problems), problems
