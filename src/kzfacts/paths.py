"""Where a fact base is (packaged, $KZFACTS_DATA or --data), which files it has, and reading them safely."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from kzfacts.errors import DataError

RESERVED = ("sources.yaml", "topics.yaml", "aliases.yaml", "translations.yaml")
DEFAULT_MAX_FILE_MB = 64


class UnreadableFileError(Exception):
    """A file of the fact base that cannot be read; the message says why, `line` where (0: the whole file)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


class MissingFileError(UnreadableFileError):
    """A file of the fact base that does not exist."""


Snapshot = dict[Path, "bytes | UnreadableFileError"]
_SNAPSHOT: ContextVar[Snapshot | None] = ContextVar("kzfacts_snapshot", default=None)


def snapshot(files: list[Path]) -> Snapshot:
    """Return the bytes of each file (or why it cannot be read), in the order given.

    A file listed but gone by the time it is read is left out, as if it had been listed a moment later.
    """
    taken: Snapshot = {}
    for path in files:
        try:
            taken[path] = _read_file(path)
        except MissingFileError:
            pass
        except UnreadableFileError as error:
            taken[path] = error
    return taken


@contextmanager
def reading(files: Snapshot) -> Iterator[None]:
    """Within the block, read the fact base from the snapshot: the listing, the bytes, what exists."""
    token = _SNAPSHOT.set(files)
    try:
        yield
    finally:
        _SNAPSHOT.reset(token)


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
    from kzfacts.reports import Problem  # noqa: PLC0415 - only failures pay for the record classes
    from kzfacts.text import printable  # noqa: PLC0415

    return DataError([Problem(printable(display_path(path), lines=False), 0, code, message)])


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
    """Return the fact files of a fact base, sorted (those of the snapshot being read, if any)."""
    files = _SNAPSHOT.get()
    if files is not None:
        facts = root / "facts"
        return sorted(p for p in files if p.parent == facts and p.name.endswith(".yaml") and p.name not in RESERVED)
    return sorted(p for p in (root / "facts").glob("*.yaml") if p.name not in RESERVED)


def exists(path: Path) -> bool:
    """Return whether a file of the fact base exists (in the snapshot being read, if any)."""
    files = _SNAPSHOT.get()
    if files is not None:
        return path in files and not isinstance(files[path], MissingFileError)
    return path.exists()


def seed_path(root: Path, file: str) -> Path:
    """Return the path of a seed file named in sources.yaml; raise UnreadableFileError unless it is inside seeds/."""
    seeds = root / "seeds"
    path = seeds / file
    if Path(file).name != file or file in ("", ".", ".."):
        raise UnreadableFileError(f"seed file {file!r} must be a file name inside seeds/, not a path")
    if file.startswith("."):
        raise UnreadableFileError(f"seed file {file!r} must not be a hidden file")
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
    """Return the bytes of a regular file of at most max_file_bytes(); raise UnreadableFileError otherwise.

    Inside `reading(snapshot)`, the bytes are the snapshot's: a file it does not hold is not found.
    """
    files = _SNAPSHOT.get()
    if files is None:
        return _read_file(path)
    found = files.get(path, MissingFileError("file not found"))
    if isinstance(found, UnreadableFileError):
        raise type(found)(str(found), found.line)
    return found


def _read_file(path: Path) -> bytes:
    """Return the bytes of a regular file of at most max_file_bytes() from disk."""
    limit = max_file_bytes()
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise UnreadableFileError("not a regular file")
        # Non-blocking, so that a FIFO put in the file's place after the check cannot hang the open.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(handle, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise UnreadableFileError("not a regular file")
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise MissingFileError("file not found") from None
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
