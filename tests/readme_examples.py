"""The `$ kzfacts …` examples of the README: run them, compare or rewrite their output.

`python tests/readme_examples.py --update` rewrites the README's example output after a change.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
_BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
_UNCHECKED = ("broken-copy", ">", "…")  # examples that need files of their own, or are shortened


def examples(text: str) -> list[tuple[str, str]]:
    """Return (command, shown output) for every `$ kzfacts` line in the README's console blocks."""
    found = []
    for block in _BLOCK.findall(text):
        for chunk in re.split(r"^(?=\$ )", block, flags=re.MULTILINE):
            if chunk.startswith("$ kzfacts"):
                command, _, output = chunk.partition("\n")
                found.append((command[2:], output))
    return found


def checked(command: str, output: str) -> bool:
    """Return whether an example's output is shown whole, so that it can be compared."""
    return bool(output) and not any(mark in command + output for mark in _UNCHECKED)


def run(command: str) -> str:
    """Return what a README command prints (stdout and stderr, as on a terminal at 100 columns)."""
    script = re.sub(r"^kzfacts|(?<=\| )kzfacts", f"{sys.executable} -m kzfacts", command)
    environment = {**os.environ, "COLUMNS": "100"}
    for name in ("KZFACTS_DATA", "NO_COLOR", "FORCE_COLOR"):
        environment.pop(name, None)
    result = subprocess.run(
        ["bash", "-c", script + " 2>&1"], capture_output=True, text=True, env=environment, cwd=ROOT, check=False
    )
    return result.stdout


def update() -> None:
    """Rewrite the output of every checked example in the README."""
    text = README.read_text(encoding="utf-8")
    for command, output in examples(text):
        if checked(command, output):
            text = text.replace(f"$ {command}\n{output}", f"$ {command}\n{run(command)}", 1)
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    update()
