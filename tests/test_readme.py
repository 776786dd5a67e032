"""The README documents every command and every option, and its examples are real."""

import re
from typing import Any

import typer

from kzfacts.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, Any]:
    return dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_every_command_has_an_example() -> None:
    for name in _commands():
        assert re.search(rf"^\$ kzfacts {name}\b", README, re.MULTILINE), f"no example of `kzfacts {name}`"


def test_every_option_is_documented() -> None:
    for name, command in _commands().items():
        for parameter in command.params:
            for option in parameter.opts:
                if option.startswith("-") and option not in ("-h", "--help"):
                    assert option in README, f"{option} of `kzfacts {name}` is not in the README"


def test_readme_has_the_two_setup_commands() -> None:
    assert "pip install . && .venv/bin/kzfacts search pipeline" in README
    assert "pip install '.[test]' && pytest" in README


def test_ci_runs_the_readme_test_command() -> None:
    assert "pip install '.[test]' && pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
