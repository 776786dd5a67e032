"""The derived index on disk: keyed by a content hash of the fact base, built once, written atomically.

Guarantees: an index is stored only under the hash of the bytes it was built from (a file edited during
a build is noticed and the index is not kept); a damaged or unreadable index is rebuilt; concurrent
processes build a missing index once (the others wait on a lock); pruning never removes an index that
another process may be opening; temporary files of killed builds are removed later.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from kzfacts.engine.index import FORMAT, Index
from kzfacts.paths import RESERVED, UnreadableFileError, check_data_dir, data_dir, fact_files, read_bytes
from kzfacts.version import __version__

try:  # the built-in module: hashlib would load OpenSSL, a few milliseconds at every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

KEEP = 8
RACY_SECONDS = 2
GRACE_SECONDS = 60  # an index or temporary file younger than this may be in use by another process
STALE_TEMPORARY_SECONDS = 3600

Progress = Callable[[int, int], None]
Notice = Callable[[str], None]


def cache_dir() -> Path:
    """Return $KZFACTS_CACHE_DIR, else $XDG_CACHE_HOME/kzfacts, else ~/.cache/kzfacts."""
    if os.environ.get("KZFACTS_CACHE_DIR"):
        return Path(os.environ["KZFACTS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kzfacts"


def _inputs(root: Path) -> list[Path]:
    """Return every file the index may be derived from."""
    seeds = sorted(path for path in (root / "seeds").iterdir() if not path.name.startswith("."))
    return [root / "facts" / name for name in RESERVED] + fact_files(root) + seeds


def fingerprint(root: Path, files: list[Path]) -> str:
    """Return a hash of the files' names and contents and of the index format."""
    digest = blake2b(f"kzfacts {__version__} index {FORMAT}".encode(), digest_size=20)
    for path in files:
        digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
        try:
            digest.update(read_bytes(path))
        except UnreadableFileError as error:
            digest.update(b"\1" + str(error).encode())
    return digest.hexdigest()


def _signature(root: Path, files: list[Path]) -> tuple[str, int]:
    """Return a hash of the files' names, sizes, times (ctime too) and inodes, and the newest time."""
    digest = blake2b(str(root.resolve()).encode(), digest_size=20)
    newest = 0
    for path in files:
        try:
            status = path.stat()
        except OSError:
            digest.update(f"{path.name}:missing;".encode())
            continue
        times = f"{status.st_mtime_ns}:{status.st_ctime_ns}"
        digest.update(f"{path.name}:{status.st_mode}:{status.st_size}:{times}:{status.st_ino};".encode())
        newest = max(newest, status.st_mtime_ns)
    return digest.hexdigest(), newest


def content_key(root: Path, directory: Path) -> str:
    """Return the fingerprint of the fact base, read from a memo when no file changed since it was written.

    Hashing every file costs tens of milliseconds for a large fact base, so the fingerprint is memoised
    under the files' sizes, times and inodes. As in git, a memo is written only when every file is older
    than RACY_SECONDS, so that a later edit always changes a time the memo is keyed by.
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
    """Return the index at path if it exists, is readable and was built for key."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
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


def _build(root: Path, conn: sqlite3.Connection, key: str, progress: Progress | None) -> bool:
    """Build the index into conn; return whether the files still hash to key (else it must not be kept)."""
    from kzfacts import store  # noqa: PLC0415 - YAML and validation only when rebuilding
    from kzfacts.engine import index  # noqa: PLC0415

    # A rebuild allocates millions of objects and no reference cycles; left running, the cyclic
    # garbage collector rescans them again and again, which doubled the time for 100,000 facts.
    collecting = gc.isenabled()
    gc.disable()
    try:
        base = store.load(root, progress)
        index.build(base, conn, key)
    finally:
        if collecting:
            gc.enable()
    return fingerprint(root, _inputs(root)) == key


def _in_memory(root: Path, key: str, progress: Progress | None) -> Index:
    conn = sqlite3.connect(":memory:")
    _build(root, conn, key, progress)
    return Index(conn)


def _prune(directory: Path, keep: Path) -> None:
    """Remove all but the most recent indexes and memos, and temporary files of builds long dead."""
    now = time.time()
    for pattern in ("index-*.sqlite", "stat-*"):
        found = []
        for path in directory.glob(pattern):
            with suppress(OSError):
                found.append((path.stat().st_mtime, path))
        found.sort(reverse=True)
        for modified, old in found[KEEP:]:
            if old != keep and now - modified > GRACE_SECONDS:
                with suppress(OSError):
                    old.unlink()
    for temporary in directory.glob(".index-*.tmp*"):
        with suppress(OSError):
            if now - temporary.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                temporary.unlink()


def _build_locked(root: Path, directory: Path, key: str, path: Path, progress: Progress | None) -> Index:
    """Build the index once across processes: under a lock, unless another process just built it."""
    import fcntl  # noqa: PLC0415 - only when rebuilding
    import tempfile  # noqa: PLC0415

    with (directory / f".lock-{key[:32]}").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        cached = _open_cached(path, key)
        if cached is not None:
            return cached
        handle, temp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=directory)
        os.close(handle)
        try:
            conn = sqlite3.connect(temp)
            try:
                unchanged = _build(root, conn, key, progress)
            finally:
                conn.close()
            if not unchanged:  # a file changed while it was read: answer from what is on disk now
                return _in_memory(root, fingerprint(root, _inputs(root)), progress)
            Path(temp).replace(path)
        finally:
            Path(temp).unlink(missing_ok=True)
            Path(temp + "-journal").unlink(missing_ok=True)
    _prune(directory, path)
    opened = _open_cached(path, key)
    return opened if opened is not None else _in_memory(root, key, progress)


def open_index(
    root: Path | None = None,
    *,
    directory: Path | None = None,
    progress: Progress | None = None,
    notice: Notice | None = None,
    rebuild: bool = False,
) -> Index:
    """Return the index of the fact base at root, from the cache or freshly built; raise DataError.

    With rebuild, a cached index is discarded first (it was found damaged): notice says so.
    """
    root = data_dir(root)
    check_data_dir(root)
    directory = directory or cache_dir()
    key = content_key(root, directory)
    path = directory / f"index-{key[:32]}.sqlite"
    if rebuild:
        if notice:
            notice(f"the cached index {path} is damaged: rebuilding it")
        path.unlink(missing_ok=True)
    cached = _open_cached(path, key)
    if cached is not None:
        return cached
    if path.exists() and notice and not rebuild:
        notice(f"the cached index {path} cannot be read: rebuilding it")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        return _build_locked(root, directory, key, path, progress)
    except (OSError, sqlite3.Error):  # a read-only or full cache directory: build in memory
        return _in_memory(root, key, progress)
