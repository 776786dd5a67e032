"""Where a fact base is (packaged, $KZFACTS_DATA or --data), which files it has, and reading them safely."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kzfacts.errors import DataError

RESERVED = ("sources.yaml", "topics.yaml", "aliases.yaml")
DEFAULT_MAX_FILE_MB = 64


class UnreadableFileError(Exception):
    """A file of the fact base that cannot be read; the message says why, `line` where (0: the whole file)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def data_dir(explicit: Path | None = None) -> Path:
    """Return the fact base directory: explicit, else $KZFACTS_DATA, else the packaged data."""
    if explicit is not None:
        return explicit
    if os.environ.get("KZFACTS_DATA"):
        return Path(os.environ["KZFACTS_DATA"])
    packaged = Path(__file__).parent / "data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2]


def display_path(path: Path) -> str:
    """Return path relative to the working directory when it is inside it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _fail(path: Path, code: str, message: str) -> DataError:
    from kzfacts.records import Problem  # noqa: PLC0415 - only failures pay for the record classes

    return DataError([Problem(display_path(path), 0, code, message)])


def check_data_dir(root: Path) -> None:
    """Raise DataError unless root is a fact base: readable facts/ and seeds/ directories."""
    if not root.exists():
        raise _fail(root, "no-fact-base", "no such directory")
    if not root.is_dir():
        raise _fail(root, "no-fact-base", "not a directory")
    missing = [name for name in ("facts", "seeds") if not (root / name).is_dir()]
    if missing:
        raise _fail(root, "no-fact-base", f"not a fact base: no {' or '.join(missing)}/ directory")
    for name in ("facts", "seeds"):
        try:
            next((root / name).iterdir(), None)
        except OSError as error:
            raise _fail(root / name, "unreadable", f"cannot list the directory: {error.strerror}") from None


def fact_files(root: Path) -> list[Path]:
    """Return the fact files of a fact base, sorted."""
    return sorted(p for p in (root / "facts").glob("*.yaml") if p.name not in RESERVED)


def seed_path(root: Path, file: str) -> Path:
    """Return the path of a seed file named in sources.yaml; raise UnreadableFileError unless it is inside seeds/."""
    seeds = root / "seeds"
    path = seeds / file
    if Path(file).name != file or file in ("", ".", ".."):
        raise UnreadableFileError(f"seed file {file!r} must be a file name inside seeds/, not a path")
    try:
        inside = path.resolve().is_relative_to(seeds.resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        raise UnreadableFileError(f"seed file {file!r} resolves outside seeds/")
    return path


def max_file_bytes() -> int:
    """Return the largest file the fact base may hold: $KZFACTS_MAX_FILE_MB megabytes, 64 by default."""
    try:
        return int(os.environ.get("KZFACTS_MAX_FILE_MB") or DEFAULT_MAX_FILE_MB) * 2**20
    except ValueError:
        return DEFAULT_MAX_FILE_MB * 2**20


def read_bytes(path: Path) -> bytes:
    """Return the bytes of a regular file of at most max_file_bytes(); raise UnreadableFileError otherwise."""
    limit = max_file_bytes()
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFileError("not a regular file")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise UnreadableFileError("file not found") from None
    except OSError as error:
        raise UnreadableFileError(f"cannot read: {error.strerror or error}") from None
    if len(data) > limit:
        raise UnreadableFileError(f"file is larger than {limit // 2**20} MiB (set KZFACTS_MAX_FILE_MB to allow more)")
    return data


def read_text(path: Path) -> str:
    """Return the UTF-8 text of a file read by read_bytes; raise UnreadableFileError naming the line of a bad byte."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UnreadableFileError(f"not UTF-8 text (byte 0x{data[error.start]:02x})", line) from None
