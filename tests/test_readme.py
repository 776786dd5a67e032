"""The README documents every command and every option, and its examples are real."""

import re
import shutil

import pytest
import typer
from typer.core import TyperGroup

from kzfacts.cli import app
from tests.conftest import ROOT
from tests.readme_examples import checked, examples, run

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _group() -> TyperGroup:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup), f"the app is a {type(group).__name__}, not a command group"
    return group


def test_every_command_has_an_example() -> None:
    for name in _group().commands:
        assert re.search(rf"^\$ kzfacts {name}\b", README, re.MULTILINE), f"no example of `kzfacts {name}`"


def test_every_option_is_documented() -> None:
    for name, command in _group().commands.items():
        for parameter in command.params:
            for option in parameter.opts:
                if option.startswith("-") and option not in ("-h", "--help"):
                    assert option in README, f"{option} of `kzfacts {name}` is not in the README"


def test_readme_has_the_two_setup_commands() -> None:
    assert "pip install . && .venv/bin/kzfacts search pipeline" in README
    assert "pip install -e '.[test]' && pytest" in README


def test_ci_runs_the_readme_test_command() -> None:
    assert "pip install -e '.[test]' && pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "output"),
    [(command, output) for command, output in examples(README) if checked(command, output)],
    ids=lambda value: value[:40],
)
def test_readme_examples_show_real_output(command: str, output: str) -> None:
    if "| jq" in command and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    assert run(command) == output, "README example is stale: run `python tests/readme_examples.py --update`"
