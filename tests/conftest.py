"""Shared fixtures: an isolated cache, a CLI runner with a fixed width, and fact bases to break."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kzfacts.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "base"


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own cache directory and a plain, fixed-width environment."""
    monkeypatch.setenv("KZFACTS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("COLUMNS", "100")
    for name in ("KZFACTS_DATA", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)


@dataclass
class Result:
    """What a command did: exit code, stdout and stderr."""

    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


Run = Callable[..., Result]
Shell = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run() -> Run:
    """Run the CLI in-process with CliRunner: run("search", "pipeline", env={...})."""

    def invoke(*args: str, env: dict[str, str] | None = None, data: Path | None = FIXTURE) -> Result:
        with_data = data is not None and args and args[0] != "--version"
        argv = [args[0], "--data", str(data), *args[1:]] if with_data else list(args)
        result = CliRunner().invoke(app, argv, env=env, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def shell() -> Shell:
    """Run `python -m kzfacts` as a real process; a shell pipeline when given a string."""

    def execute(command: str | list[str], **env: str) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, **env}
        if isinstance(command, str):
            script = command.replace("kzfacts", f"{sys.executable} -m kzfacts")
            return subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=environment, check=False)
        return subprocess.run(
            [sys.executable, "-m", "kzfacts", *command], capture_output=True, text=True, env=environment, check=False
        )

    return execute


@pytest.fixture
def base_copy(tmp_path: Path) -> Path:
    """Return a writable copy of the fixture fact base (symlinks resolved)."""
    target = tmp_path / "base"
    shutil.copytree(FIXTURE, target, symlinks=False)
    return target
