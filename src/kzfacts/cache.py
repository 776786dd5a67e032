"""The derived index on disk: keyed by a content hash of the fact base, rebuilt when it changes."""

from __future__ import annotations

import gc
import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from kzfacts import __version__
from kzfacts.index import FORMAT, Index
from kzfacts.paths import RESERVED, check_data_dir, data_dir, fact_files

try:  # the built-in module: hashlib would load OpenSSL, a few milliseconds at every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

KEEP = 8
RACY_SECONDS = 2


def cache_dir() -> Path:
    """Return $KZFACTS_CACHE_DIR, else $XDG_CACHE_HOME/kzfacts, else ~/.cache/kzfacts."""
    if os.environ.get("KZFACTS_CACHE_DIR"):
        return Path(os.environ["KZFACTS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kzfacts"


def _inputs(root: Path) -> list[Path]:
    """Return every file the index is derived from."""
    return [root / "facts" / name for name in RESERVED] + fact_files(root) + sorted((root / "seeds").iterdir())


def fingerprint(root: Path, files: list[Path]) -> str:
    """Return a hash of the contents of the files and of the index format."""
    digest = blake2b(f"kzfacts {__version__} index {FORMAT}".encode(), digest_size=20)
    for path in files:
        digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\1missing")
    return digest.hexdigest()


def _signature(root: Path, files: list[Path]) -> tuple[str, int]:
    """Return a hash of the files' names, sizes, modification times and inodes, and the newest time."""
    digest = blake2b(str(root.resolve()).encode(), digest_size=20)
    newest = 0
    for path in files:
        try:
            status = path.stat()
        except OSError:
            digest.update(f"{path.name}:missing;".encode())
            continue
        digest.update(f"{path.name}:{status.st_size}:{status.st_mtime_ns}:{status.st_ino};".encode())
        newest = max(newest, status.st_mtime_ns)
    return digest.hexdigest(), newest


def content_key(root: Path, directory: Path) -> str:
    """Return the fingerprint of the fact base, read from a memo when no file changed since it was written.

    Hashing every file costs tens of milliseconds for a large fact base, so the fingerprint is memoised
    under the files' sizes, modification times and inodes. As in git, a memo is written only when every
    file is older than RACY_SECONDS, so that a later edit always changes a modification time.
    """
    files = _inputs(root)
    signature, newest = _signature(root, files)
    memo = directory / f"stat-{signature}"
    try:
        return memo.read_text(encoding="utf-8")
    except OSError:
        pass
    key = fingerprint(root, files)
    if time.time_ns() - newest > RACY_SECONDS * 10**9:
        with suppress(OSError):
            temporary = memo.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(key, encoding="utf-8")
            temporary.replace(memo)
    return key


def _open_cached(path: Path, key: str) -> Index | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        index = Index(conn)
        if index.fingerprint == key:
            return index
    except (sqlite3.Error, KeyError, ValueError):
        pass
    conn.close()
    return None


def _build(root: Path, conn: sqlite3.Connection, key: str, progress: Callable[[int, int], None] | None) -> None:
    from kzfacts import index, store  # noqa: PLC0415 - YAML and validation only when rebuilding

    # A rebuild allocates millions of objects and no reference cycles; left running, the cyclic
    # garbage collector rescans them again and again, which doubled the time for 100,000 facts.
    collecting = gc.isenabled()
    gc.disable()
    try:
        base = store.load(root, progress=(lambda done, total: progress(done, 2 * total)) if progress else None)
        index.build(base, conn, key, (lambda done, total: progress(total + done, 2 * total)) if progress else None)
    finally:
        if collecting:
            gc.enable()


def _prune(directory: Path, keep: Path) -> None:
    """Remove all but the most recent index files and fingerprint memos."""
    for pattern in ("index-*.sqlite", "stat-*"):
        found = sorted(directory.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in found[KEEP:]:
            if old != keep:
                old.unlink(missing_ok=True)


def open_index(
    root: Path | None = None, *, directory: Path | None = None, progress: Callable[[int, int], None] | None = None
) -> Index:
    """Return the index of the fact base at root, from the cache or freshly built; raise DataError."""
    root = data_dir(root)
    check_data_dir(root)
    directory = directory or cache_dir()
    key = content_key(root, directory)
    path = directory / f"index-{key[:32]}.sqlite"
    cached = _open_cached(path, key) if path.exists() else None
    if cached is not None:
        return cached
    import tempfile  # noqa: PLC0415 - only when rebuilding

    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=directory)
        os.close(handle)
    except OSError:
        conn = sqlite3.connect(":memory:")
        _build(root, conn, key, progress)
        return Index(conn)
    try:
        conn = sqlite3.connect(temp)
        try:
            _build(root, conn, key, progress)
        finally:
            conn.close()
        Path(temp).replace(path)
    except (OSError, sqlite3.Error):
        conn = sqlite3.connect(":memory:")
        _build(root, conn, key, progress)
        return Index(conn)
    finally:
        Path(temp).unlink(missing_ok=True)
    _prune(directory, path)
    opened = _open_cached(path, key)
    if opened is None:
        raise OSError(f"cannot read the index just written to {path}")
    return opened
