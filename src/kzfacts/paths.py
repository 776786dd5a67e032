"""Where a fact base is: the packaged data, $KZFACTS_DATA or a given directory, and its files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

from kzfacts.errors import DataError

RESERVED = ("sources.yaml", "topics.yaml", "aliases.yaml")


def data_dir(explicit: Path | None = None) -> Path:
    """Return the fact base directory: explicit, else $KZFACTS_DATA, else the packaged data."""
    if explicit is not None:
        return explicit
    if os.environ.get("KZFACTS_DATA"):
        return Path(os.environ["KZFACTS_DATA"])
    packaged = Path(__file__).parent / "data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2]


def check_data_dir(root: Path) -> None:
    """Raise DataError unless root looks like a fact base (facts/ and seeds/ directories)."""
    if not root.exists():
        _fail(root, "no such directory")
    if not root.is_dir():
        _fail(root, "not a directory")
    missing = [name for name in ("facts", "seeds") if not (root / name).is_dir()]
    if missing:
        _fail(root, f"not a fact base: no {' or '.join(missing)}/ directory")


def _fail(root: Path, message: str) -> NoReturn:
    from kzfacts.model import Problem  # noqa: PLC0415 - only failures pay for the record classes

    raise DataError([Problem(str(root), 0, message)])


def display_path(path: Path) -> str:
    """Return path relative to the working directory when it is inside it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def fact_files(root: Path) -> list[Path]:
    """Return the fact files of a fact base, sorted."""
    return sorted(p for p in (root / "facts").glob("*.yaml") if p.name not in RESERVED)
