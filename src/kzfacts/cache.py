"""The derived index on disk: keyed by a content hash of the fact base, built once, written atomically.

Guarantees: an index is built from one snapshot of the files' bytes and stored under the hash of exactly
those bytes, so an edit during a build can never be served under another content's key; a damaged or
unreadable index is rebuilt; concurrent processes build a missing index once (the others wait on a
lock); pruning never removes an index that another process may be opening; temporary files of killed
builds are removed by the next build, as soon as no live process holds their lock.
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
from kzfacts.paths import RESERVED, Snapshot, check_data_dir, data_dir, fact_files, reading, snapshot
from kzfacts.version import __version__

try:  # the built-in module: hashlib would load OpenSSL, a few milliseconds at every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

KEEP = 8
RACY_SECONDS = 2
GRACE_SECONDS = 60  # an index or memo younger than this may be in use by another process
STALE_LOCK_SECONDS = 3600
KEY_CHARS = 32

Progress = Callable[[int, int], None]
Notice = Callable[[str], None]


def cache_dir() -> Path:
    """Return $KZFACTS_CACHE_DIR, else $XDG_CACHE_HOME/kzfacts, else ~/.cache/kzfacts."""
    if os.environ.get("KZFACTS_CACHE_DIR"):
        return Path(os.environ["KZFACTS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kzfacts"


def _inputs(root: Path) -> list[Path]:
    """Return every file the index may be derived from (hidden files in seeds/ are never sources)."""
    seeds = sorted(path for path in (root / "seeds").iterdir() if not path.name.startswith("."))
    return [root / "facts" / name for name in RESERVED] + fact_files(root) + seeds


def fingerprint(root: Path, files: Snapshot) -> str:
    """Return a hash of the files' names and contents (or why they cannot be read) and of the index format."""
    digest = blake2b(f"kzfacts {__version__} index {FORMAT}".encode(), digest_size=20)
    for path, content in files.items():
        digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(content if isinstance(content, bytes) else b"\1" + str(content).encode())
    return digest.hexdigest()


def _signature(root: Path, files: list[Path]) -> tuple[str, int]:
    """Return a hash of the index format and the files' names, sizes, times (ctime too) and inodes, and the newest time.

    The format is part of it, so that a memo written by another version never names an index of its own format.
    """
    digest = blake2b(f"kzfacts {__version__} index {FORMAT} {root.resolve()}".encode(), digest_size=20)
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


def _key(root: Path, directory: Path) -> tuple[str, Snapshot | None]:
    """Return the fingerprint of the fact base, and the snapshot it was computed from (None from the memo)."""
    files = _inputs(root)
    signature, newest = _signature(root, files)
    memo = directory / f"stat-{signature}"
    try:
        return memo.read_text(encoding="utf-8"), None
    except OSError:
        pass
    taken = snapshot(files)
    key = fingerprint(root, taken)
    # The memo is written only for files that did not change while they were read (else it would name
    # their old signature with their new content), and, as in git, only when every file is older than
    # RACY_SECONDS, so that a later edit always changes a time the memo is keyed by.
    if time.time_ns() - newest > RACY_SECONDS * 10**9 and _signature(root, files)[0] == signature:
        with suppress(OSError):
            temporary = memo.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(key, encoding="utf-8")
            temporary.replace(memo)
    return key, taken


def content_key(root: Path, directory: Path) -> str:
    """Return the fingerprint of the fact base, read from a memo when no file changed since it was written.

    Hashing every file costs tens of milliseconds for a large fact base, so the fingerprint is memoised
    under the files' sizes, times (ctime too) and inodes.
    """
    return _key(root, directory)[0]


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


def _build(root: Path, files: Snapshot, conn: sqlite3.Connection, key: str, progress: Progress | None) -> None:
    """Build the index of the snapshot's bytes (never the files on disk, which may change meanwhile) into conn."""
    from kzfacts import store  # noqa: PLC0415 - YAML and validation only when rebuilding
    from kzfacts.engine import index  # noqa: PLC0415

    # A rebuild allocates millions of objects and no reference cycles; left running, the cyclic
    # garbage collector rescans them again and again, which doubled the time for 100,000 facts.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with reading(files):
            base = store.load(root, progress)
        index.build(base, conn, key)
    finally:
        if collecting:
            gc.enable()


def _in_memory(root: Path, files: Snapshot, progress: Progress | None) -> Index:
    conn = sqlite3.connect(":memory:")
    _build(root, files, conn, fingerprint(root, files), progress)
    return Index(conn)


def _index_path(directory: Path, key: str) -> Path:
    return directory / f"index-{key[:KEY_CHARS]}.sqlite"


def _lock_path(directory: Path, key: str) -> Path:
    return directory / f".lock-{key[:KEY_CHARS]}"


def _unheld(lock: Path) -> int | None:
    """Return an open descriptor holding the lock if no other process holds it, else None."""
    import fcntl  # noqa: PLC0415

    try:
        handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        return None
    return handle


def _prune(directory: Path, keep: Path) -> None:
    """Remove all but the most recent indexes and memos, temporaries of dead builds, and old locks."""
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
        _prune_temporary(directory, temporary, now)
    for lock in directory.glob(".lock-*"):
        with suppress(OSError):
            if now - lock.stat().st_mtime > STALE_LOCK_SECONDS and (handle := _unheld(lock)) is not None:
                lock.unlink()
                os.close(handle)


def _prune_temporary(directory: Path, temporary: Path, now: float) -> None:
    """Remove a build's temporary file if the build is dead: no process holds the lock of its key."""
    key, dash, _ = temporary.name.removeprefix(".index-").partition("-")
    if len(key) != KEY_CHARS or not dash:  # not named after a key (an older version's): removed when old
        with suppress(OSError):
            if now - temporary.stat().st_mtime > STALE_LOCK_SECONDS:
                temporary.unlink()
        return
    handle = _unheld(_lock_path(directory, key))
    if handle is not None:
        with suppress(OSError):
            temporary.unlink()
        os.close(handle)


def _build_locked(root: Path, directory: Path, key: str, files: Snapshot, progress: Progress | None) -> Index:
    """Build the index of the snapshot once across processes: under a lock, unless another process just did."""
    import fcntl  # noqa: PLC0415 - only when rebuilding

    path = _index_path(directory, key)
    # Named before it exists, so that a signal at any moment leaves nothing the finally clause misses;
    # one of a dead process with the same pid can only be left over, as this process holds the lock.
    temp = directory / f".index-{key[:KEY_CHARS]}-{os.getpid()}.tmp"
    journal = temp.with_name(f"{temp.name}-journal")
    with _lock_path(directory, key).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        cached = _open_cached(path, key)
        if cached is not None:
            return cached
        try:
            for leftover in (temp, journal):
                leftover.unlink(missing_ok=True)
            conn = sqlite3.connect(temp)
            try:
                _build(root, files, conn, key, progress)
            finally:
                conn.close()
            temp.replace(path)
        finally:
            temp.unlink(missing_ok=True)
            journal.unlink(missing_ok=True)
    with suppress(OSError):
        _prune(directory, path)
    opened = _open_cached(path, key)
    return opened if opened is not None else _in_memory(root, files, progress)


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
    key, files = _key(root, directory)
    path = _index_path(directory, key)
    if rebuild:
        if notice:
            notice(f"the cached index {path} is damaged: rebuilding it")
        path.unlink(missing_ok=True)
    cached = _open_cached(path, key)
    if cached is not None:
        return cached
    if path.exists() and notice and not rebuild:
        notice(f"the cached index {path} cannot be read: rebuilding it")
    if files is None:  # the key came from the memo: an index is built from bytes read now, keyed by them
        files = snapshot(_inputs(root))
        key = fingerprint(root, files)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        return _build_locked(root, directory, key, files, progress)
    except (OSError, sqlite3.Error):  # a read-only or full cache directory: build in memory
        return _in_memory(root, files, progress)
