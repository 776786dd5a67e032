"""Attacks on the cache, the file readers and the process edges: never a wrong or stale answer, never a hang.

Real processes wherever timing, signals, descriptors or a hang matter. Nothing here asserts how fast
anything is: a condition is waited for by polling, and DEADLINE only bounds a wait (or a process that
would otherwise hang) so that a regression fails instead of blocking the suite.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURE, ROOT, Run

DEADLINE = 60.0  # seconds: only ever a bound on waiting, never an expectation of speed
MEMORY = 3 * 2**30  # the address space of a child process: reading /dev/zero must fail, not take the machine
SEED = "001_eb2aac36d509a584.txt"  # the seed of source cpc2022
FACT = """
- id: {id}
  claim: {claim}
  kind: context
  topics: [border]
  citations:
    - source: cpc2022
      quote: Kazakhstan shares a 1,108-mile-long border with China
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _environment(cache: Path | None, env: dict[str, str]) -> dict[str, str]:
    environment = {**os.environ, **env}
    if cache is not None:
        environment["KZFACTS_CACHE_DIR"] = str(cache)
    return environment


def _kzfacts(
    *args: str, cache: Path | None = None, prefix: tuple[str, ...] = (), **env: str
) -> subprocess.CompletedProcess[str]:
    """Run `python -m kzfacts ARGS` to its end (bounded by DEADLINE, with at most MEMORY of address space)."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "kzfacts", *args],
        capture_output=True,
        text=True,
        env=_environment(cache, env),
        timeout=DEADLINE,
        preexec_fn=_limit_memory,
        check=False,
    )


def _start(*args: str, cache: Path | None = None, **options: object) -> subprocess.Popen[str]:
    """Start `python -m kzfacts ARGS` without waiting for it."""
    env: dict[str, str] = options.pop("env", {})  # type: ignore[assignment]
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "kzfacts", *args],
        stdout=options.pop("stdout", subprocess.PIPE),
        stderr=options.pop("stderr", subprocess.PIPE),
        text=True,
        env=_environment(cache, env),
        **options,
    )


def _finish(process: subprocess.Popen[str]) -> tuple[str, str]:
    """Wait for a started process (bounded), killing it if it is still running after DEADLINE."""
    try:
        stdout, stderr = process.communicate(timeout=DEADLINE)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return stdout or "", stderr or ""


def _wait_for(condition: Callable[[], object], what: str) -> None:
    """Poll until condition() is true; fail after DEADLINE (a hang, not a slow machine)."""
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {DEADLINE:.0f} s for {what}")
        time.sleep(0.002)


def _temporaries(cache: Path) -> list[Path]:
    return list(cache.glob(".index-*.tmp*")) if cache.exists() else []


def _reaches(process: subprocess.Popen[str], cache: Path, pattern: str) -> bool:
    """Wait until a file matching pattern is in the cache (True) or the process has ended (False)."""
    _wait_for(lambda: (cache.exists() and list(cache.glob(pattern))) or process.poll() is not None, pattern)
    return process.poll() is None


def _add_fact(base: Path, fact_id: str, claim: str, name: str = "extra.yaml") -> None:
    with (base / "facts" / name).open("a", encoding="utf-8") as file:
        file.write(FACT.format(id=fact_id, claim=claim))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """Return a function giving a generated fact base of N facts (made once per size, never written to)."""
    made: dict[int, Path] = {}

    def base(facts: int) -> Path:
        if facts not in made:
            made[facts] = tmp_path_factory.mktemp("generated") / f"base-{facts}"
            script = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(made[facts]), "--facts", str(facts)]
            subprocess.run(script, check=True)
        return made[facts]

    return base


@pytest.fixture
def big_base(generated: Callable[[int], Path], tmp_path: Path) -> Path:
    """Return a writable generated base of 6,000 facts in two fact files: its index takes seconds to build."""
    target = tmp_path / "big"
    shutil.copytree(generated(6000), target)
    return target


# Wrong or stale answers.


def test_an_edit_during_a_build_is_never_served_for_the_old_content(big_base: Path, tmp_path: Path) -> None:
    """The issue's reproduction: replace a fact file during the build, put it back, ask for the replacement's word."""
    cache = tmp_path / "cache"
    target = big_base / "facts" / "part001.yaml"  # read last: the build has not read it when its temporary appears
    original = target.read_bytes()
    replacement = original.replace(b"  claim: ", b"  claim: Zyzzogeton ", 1)
    building = _start("search", "pipeline", "--data", str(big_base), cache=cache)
    _wait_for(lambda: _temporaries(cache) or building.poll() is not None, "the build to start")
    target.write_bytes(replacement)
    _, stderr = _finish(building)
    assert building.returncode == 0, stderr
    target.write_bytes(original)
    result = _kzfacts("search", "zyzzogeton", "--data", str(big_base), cache=cache)
    assert (result.returncode, result.stdout) == (1, ""), "an index built from the replacement was kept"
    assert "Traceback" not in result.stderr


def test_an_in_place_edit_with_the_mtime_put_back_is_seen(run: Run, base_copy: Path) -> None:
    """Same size, same inode, same mtime: only the ctime tells the stat memo that the file changed."""
    then = time.time() - 60  # older than the racy window, so that the memo is written
    for path in base_copy.rglob("*"):
        os.utime(path, (then, then))
    assert run("search", "pipeline", data=base_copy).exit_code == 0
    assert list(Path(os.environ["KZFACTS_CACHE_DIR"]).glob("stat-*")), "no stat memo was written"
    path = base_copy / "facts" / "energy.yaml"
    before = path.stat()
    edited = path.read_bytes().replace(b"Corporation is the EPC contractor", b"Corporation is the EPC zqxwvtrsyk", 1)
    with path.open("r+b") as file:
        file.write(edited)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    while path.stat().st_ctime_ns == before.st_ctime_ns:  # the clock may not have ticked since the last change
        time.sleep(0.01)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    result = run("search", "zqxwvtrsyk", "--json", data=base_copy)
    assert result.exit_code == 0, result.stderr
    assert [fact["id"] for fact in result.json()] == ["cnpc-epc-contractor-pipelines"]


@pytest.mark.parametrize("place", ["subdirectory", "parent", "hidden", "link outside"])
def test_a_seed_file_must_be_a_visible_file_in_seeds(run: Run, base_copy: Path, place: str) -> None:
    """A seed elsewhere is not fingerprinted (an edit to it would go unseen): it is refused, not read."""
    seeds, outside = base_copy / "seeds", base_copy / SEED
    written = {"subdirectory": f"sub/{SEED}", "parent": f"../{SEED}", "hidden": f".{SEED}", "link outside": SEED}
    if place == "subdirectory":
        (seeds / "sub").mkdir()
        (seeds / SEED).rename(seeds / "sub" / SEED)
    elif place == "hidden":
        (seeds / SEED).rename(seeds / f".{SEED}")
    else:
        (seeds / SEED).rename(outside)
        if place == "link outside":
            (seeds / SEED).symlink_to(outside)
    sources = base_copy / "facts" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace(SEED, written[place]), encoding="utf-8")
    result = run("search", "border", data=base_copy)
    assert result.exit_code == 2
    assert re.search(r"sources\.yaml:\d+: seed .*\[bad-seed\]", result.stderr), result.stderr


def _zero_root_pages(index: Path, tables: tuple[str, ...]) -> None:
    """Overwrite the first page of each table's B-tree with zeros, as a torn write or a bad disk would."""
    conn = sqlite3.connect(index.absolute().as_uri() + "?mode=ro", uri=True)
    roots = [conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (t,)).fetchone()[0] for t in tables]
    (size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    data = bytearray(index.read_bytes())
    for root in roots:
        data[(root - 1) * size : root * size] = bytes(size)
    index.write_bytes(bytes(data))


@pytest.mark.parametrize("tables", [("meta",), ("terms", "facts")], ids=["unreadable", "malformed"])
def test_a_damaged_index_is_rebuilt_and_said_once(run: Run, tables: tuple[str, ...]) -> None:
    """Zeroed pages: the index cannot be opened, or fails with `database disk image is malformed` when read."""
    expected = run("search", "pipeline", "--json")
    (index,) = Path(os.environ["KZFACTS_CACHE_DIR"]).glob("index-*.sqlite")
    _zero_root_pages(index, tables)
    damaged = run("search", "pipeline", "--json")
    assert (damaged.exit_code, damaged.stdout) == (0, expected.stdout)
    assert damaged.stderr.count("rebuilding it") == 1, damaged.stderr
    again = run("search", "pipeline", "--json")
    assert (again.exit_code, again.stdout, again.stderr) == (0, expected.stdout, "")


# Hangs, unbounded memory and tracebacks from hostile data.


@pytest.mark.parametrize(
    ("command", "where"),
    [
        ("search", "facts/pipe.yaml"),
        ("search", f"seeds/{SEED}"),
        ("search", "seeds/unused.txt"),
        ("check", "facts/pipe.yaml"),
        ("check", "facts/sources.yaml"),
        ("check", f"seeds/{SEED}"),
    ],
)
def test_a_fifo_in_the_fact_base_is_never_opened(base_copy: Path, tmp_path: Path, command: str, where: str) -> None:
    path = base_copy / where
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    result = _kzfacts(command, *(["border"] if command == "search" else []), "--data", str(base_copy), cache=tmp_path)
    assert "Traceback" not in result.stderr
    if where == "seeds/unused.txt":  # not a seed of any source: only looked at, never read
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 2
        assert "not a regular file" in result.stdout + result.stderr


@pytest.mark.parametrize("where", ["facts/zero.yaml", f"seeds/{SEED}", "seeds/unused.txt"])
def test_dev_zero_in_the_fact_base_is_never_read(base_copy: Path, tmp_path: Path, where: str) -> None:
    path = base_copy / where
    path.unlink(missing_ok=True)
    path.symlink_to("/dev/zero")
    result = _kzfacts("search", "border", "--data", str(base_copy), cache=tmp_path)
    assert "Traceback" not in result.stderr
    if where == "seeds/unused.txt":
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 2
        assert "[unreadable]" in result.stderr if where.startswith("facts") else "[bad-seed]" in result.stderr


@pytest.mark.parametrize(
    ("where", "size", "limit"),
    [("facts/huge.yaml", 3 * 2**20, "1"), (f"seeds/{SEED}", 3 * 2**20, "1"), ("facts/huge.yaml", 2**40, "")],
)
def test_a_file_over_the_size_limit_is_refused_unread(
    base_copy: Path, tmp_path: Path, where: str, size: int, limit: str
) -> None:
    """Sparse files: a terabyte costs no disk, and reading all of it would take the whole address space."""
    try:
        with (base_copy / where).open("ab") as file:
            file.truncate(size)
    except OSError as error:
        pytest.skip(f"this file system cannot hold a sparse file of {size} bytes: {error}")
    try:
        result = _kzfacts("search", "border", "--data", str(base_copy), cache=tmp_path, KZFACTS_MAX_FILE_MB=limit)
    finally:
        (base_copy / where).unlink()  # a terabyte, even sparse, is not left to whoever lists the kept temporaries
    assert result.returncode == 2
    assert f"file is larger than {limit or 64} MiB" in result.stderr
    assert "Traceback" not in result.stderr


DEEP = {
    "flow": "[" * 600 + "]" * 600 + "\n",
    "block": "".join("  " * depth + "a:\n" for depth in range(600)) + "  " * 600 + "b: 1\n",
    "beyond the parser's limit": "[" * 100_000 + "]" * 100_000 + "\n",
}


@pytest.mark.parametrize("text", DEEP.values(), ids=list(DEEP))
def test_yaml_nested_too_deep_is_a_data_error_with_its_line(base_copy: Path, tmp_path: Path, text: str) -> None:
    (base_copy / "facts" / "deep.yaml").write_text("# values nested deeper than any fact\n" + text, encoding="utf-8")
    result = _kzfacts("check", "--data", str(base_copy), cache=tmp_path)
    assert result.returncode == 2
    found = re.search(r"facts/deep\.yaml:(\d+): invalid YAML: .*nest", result.stdout)
    assert found, result.stdout
    assert int(found.group(1)) >= 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("pattern", [r"^(\w+\s?)*$", r"(a|a)*$", r"(a|aa)+$", r"\w*\w*\w*x"])
def test_a_boilerplate_pattern_open_to_catastrophic_backtracking_is_refused(
    base_copy: Path, tmp_path: Path, pattern: str
) -> None:
    """Run `coverage`, which matches boilerplate patterns against every seed line: refused, it cannot hang."""
    seed = base_copy / "seeds" / "004_7f84b538ee34154b.txt"
    long_word = "a" * 40
    seed.write_text(f"{seed.read_text(encoding='utf-8')}\nThe word {long_word} is longer than any word here.\n")
    sources = base_copy / "facts" / "sources.yaml"
    quoted = pattern.replace("'", "''")
    sources.write_text(f"{sources.read_text(encoding='utf-8')}  boilerplate: ['{quoted}']\n", encoding="utf-8")
    result = _kzfacts("coverage", "--data", str(base_copy), cache=tmp_path)
    assert result.returncode == 2
    assert re.search(r"sources\.yaml:\d+: boilerplate .* can take hours to match \[bad-pattern\]", result.stderr)


def test_a_source_id_must_be_a_slug(run: Run, base_copy: Path) -> None:
    sources = base_copy / "facts" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("id: edm2004", "id: edm2004,weitz2012"))
    result = run("check", data=base_copy)
    assert result.exit_code == 2
    assert re.search(r"sources\.yaml:\d+: id 'edm2004,weitz2012' must be a lower-case slug", result.stdout)


def test_a_list_of_source_ids_is_not_a_source(run: Run) -> None:
    result = run("search", "China", "--source", "edm2004,weitz2012")
    assert result.exit_code == 2
    assert "unknown source 'edm2004,weitz2012'" in result.stderr


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """Return a directory any user may enter (pytest's own are private to their owner); removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="kzfacts-test-"))
    path.chmod(0o755)
    yield path
    for inside in path.rglob("*"):
        if inside.is_dir() and not inside.is_symlink():
            inside.chmod(0o755)
    shutil.rmtree(path)


def _unprivileged() -> tuple[str, ...] | None:
    """Return the command prefix that runs a process without root's disregard for permissions (None: none)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = (setpriv, "--reuid=65534", "--regid=65534", "--clear-groups")  # nobody
    probe = subprocess.run([*prefix, sys.executable, "-c", "import kzfacts.cli"], capture_output=True, check=False)
    return prefix if probe.returncode == 0 else None


@pytest.mark.parametrize(
    ("target", "mode", "command", "message"),
    [
        ("seeds", 0o000, "search", "seeds: cannot list the directory: Permission denied"),
        ("facts", 0o311, "check", "facts: cannot list the directory: Permission denied"),
        ("facts/energy.yaml", 0o000, "check", "energy.yaml: cannot read: Permission denied"),
        (f"seeds/{SEED}", 0o000, "search", f"{SEED}: cannot read: Permission denied"),
    ],
)
def test_an_unreadable_part_of_the_fact_base_is_a_data_error(
    shared_tmp: Path, target: str, mode: int, command: str, message: str
) -> None:
    """chmod 000 seeds/ gave a PermissionError traceback; a facts/ that cannot be listed gave "ok: 0 facts"."""
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("running as root, and no setpriv to run a process as nobody: permissions do not apply")
    base, cache = shared_tmp / "base", shared_tmp / "cache"
    shutil.copytree(FIXTURE, base)
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    (base / target).chmod(mode)
    words = ["border"] if command == "search" else []
    result = _kzfacts(command, *words, "--data", str(base), cache=cache, prefix=prefix)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


# The cache directory.


@pytest.mark.parametrize("name", ["cache?mode=rwc", "cache#top", "cache%20x", "c?a#c%he"])
def test_a_cache_path_with_uri_characters_works_and_stays_inside(run: Run, tmp_path: Path, name: str) -> None:
    parent = tmp_path / "parent"
    parent.mkdir()
    cache = parent / name
    env = {"KZFACTS_CACHE_DIR": str(cache)}
    first = run("search", "pipeline", "--json", env=env)
    (index,) = cache.glob("index-*.sqlite")
    built = index.stat().st_mtime_ns
    second = run("search", "pipeline", "--json", env=env)
    assert (first.exit_code, second.exit_code, second.stdout, second.stderr) == (0, 0, first.stdout, "")
    assert index.stat().st_mtime_ns == built, "the cached index was not read back"
    assert [path.name for path in parent.iterdir()] == [name], "a file was created outside the cache"


def test_processes_on_many_bases_share_one_cache(tmp_path: Path) -> None:
    """More bases than the cache keeps, searched concurrently, twice: no race, no answer from another base."""
    from kzfacts.cache import KEEP

    cache, bases = tmp_path / "cache", []
    for number in range(KEEP + 2):
        base = tmp_path / f"base{number}"
        shutil.copytree(FIXTURE, base)
        _add_fact(base, f"only-in-base-{number}", f"Zqbase{number:02d} is written in one base only.")
        bases.append(base)
    for _ in range(2):
        processes = [
            _start("search", f"zqbase{number:02d}", "--json", "--data", str(base), cache=cache)
            for number, base in enumerate(bases)
        ]
        for number, process in enumerate(processes):
            stdout, stderr = _finish(process)
            assert process.returncode == 0, stderr
            assert [fact["id"] for fact in json.loads(stdout)] == [f"only-in-base-{number}"]
            assert "Traceback" not in stderr
    # An index younger than the grace period may be about to be opened by another process: none is pruned.
    assert len(list(cache.glob("index-*.sqlite"))) == len(bases)


@pytest.mark.parametrize(
    ("signum", "phase"),
    [(signal.SIGTERM, "reading"), (signal.SIGHUP, "reading"), (signal.SIGTERM, "writing")],
    ids=["SIGTERM-reading", "SIGHUP-reading", "SIGTERM-writing"],
)
def test_a_build_stopped_by_a_signal_removes_its_temporary_files(
    big_base: Path, tmp_path: Path, signum: int, phase: str
) -> None:
    """Reading: while the files are validated (a temporary index exists); writing: rows inserted (a -journal)."""
    pattern = ".index-*.tmp-journal" if phase == "writing" else ".index-*.tmp"
    for attempt in range(3):  # the writing phase is short: a busy machine may let it pass unseen
        cache = tmp_path / f"cache{attempt}"
        building = _start("search", "pipeline", "--data", str(big_base), cache=cache)
        if _reaches(building, cache, pattern):
            break
        _finish(building)
    else:
        pytest.skip(f"the {phase} phase of the build ended three times before it was seen")
    building.send_signal(signum)
    stdout, stderr = _finish(building)
    assert building.returncode == 128 + signum, stderr
    assert (stdout, stderr) == ("", "\nkzfacts: interrupted\n")
    assert _temporaries(cache) == []
    assert not list(cache.glob("index-*.sqlite"))


def test_the_temporary_files_of_a_killed_build_are_removed_by_the_next_build(big_base: Path, tmp_path: Path) -> None:
    """SIGKILL cannot be caught: what the build leaves is removed by the next build, its lock being free."""
    cache = tmp_path / "cache"
    building = _start("search", "pipeline", "--data", str(big_base), cache=cache)
    _wait_for(lambda: _temporaries(cache) or building.poll() is not None, "the build to start")
    building.kill()
    _finish(building)
    assert building.returncode == -signal.SIGKILL
    assert _temporaries(cache), "the killed build left nothing behind to clean up"
    other = tmp_path / "other"
    shutil.copytree(FIXTURE, other)
    result = _kzfacts("search", "pipeline", "--data", str(other), cache=cache)
    assert result.returncode == 0, result.stderr
    assert _temporaries(cache) == []


def test_twenty_processes_on_a_cold_cache_build_the_index_once(big_base: Path, tmp_path: Path) -> None:
    """One builds; the others wait on its lock and read its index. A builder imports kzfacts.store, a reader never."""
    cache = tmp_path / "cache"
    imports = {"PYTHONPROFILEIMPORTTIME": "1"}  # each module's import on stderr: kzfacts.store only to build
    processes = [
        _start("search", "pipeline", "--json", "--data", str(big_base), cache=cache, env=imports) for _ in range(20)
    ]
    results = [(process, *_finish(process)) for process in processes]
    assert all(process.returncode == 0 for process, _, _ in results), [stderr[-500:] for _, _, stderr in results]
    assert len({stdout for _, stdout, _ in results}) == 1
    builders = [stderr for _, _, stderr in results if re.search(r"\| kzfacts\.store$", stderr, re.MULTILINE)]
    assert len(builders) == 1
    assert len(list(cache.glob("index-*.sqlite"))) == 1


# Output and process edges.


ESCAPES = ("\x1b", "\x07", "\x9b")


def test_control_characters_in_data_never_reach_the_terminal(base_copy: Path, tmp_path: Path) -> None:
    """Kinds, topics, field names, source ids and file names are echoed in messages: never raw."""
    (base_copy / "facts" / "escapes.yaml").write_text(
        "- id: escapes\n"
        '  claim: "A claim with \\e[31m red."\n'
        '  kind: "\\e[31mred"\n'
        '  topics: ["\\e[32mgreen", border]\n'
        '  "\\e[2Jfield": 1\n'
        '  conflicts_with: ["\\e[33myellow"]\n'
        '  entities: ["\\e]0;title\\a"]\n'
        "  citations:\n"
        '    - source: "\\e]0;title\\a"\n'
        "      quote: Kazakhstan shares a 1,108-mile-long border\n",
        encoding="utf-8",
    )
    (base_copy / "facts" / "\x1b[31mname.yaml").write_text("- 1\n", encoding="utf-8")
    data = ("--data", str(base_copy))
    for args in (
        ("check", *data),
        ("check", "--format", "github", *data),
        ("check", "--format", "json", *data),
        ("search", "border", *data),
        ("export", "--format", "csv", *data),
        ("coverage", "--missing", *data),
        ("search", "border", "--data", str(tmp_path / "\x1b[31mmissing")),
    ):
        result = _kzfacts(*args, cache=tmp_path / "cache")
        assert result.returncode == 2, args
        for escape in ESCAPES:
            assert escape not in result.stdout + result.stderr, (args, result.stdout + result.stderr)


def test_control_characters_in_seeds_never_reach_the_terminal(base_copy: Path, tmp_path: Path) -> None:
    seed = base_copy / "seeds" / "004_7f84b538ee34154b.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8") + "\nThe \x1b[31mred\x1b[0m sentence says China built 5 pipelines in 2010.\n"
        "\nAnother \x1b]0;evil\x07 sentence says Kazakhstan sold \x9b10 tonnes of wheat in 2011.\n",
        encoding="utf-8",
    )
    commands = [
        ["coverage"],
        ["coverage", "--missing"],
        ["coverage", "--missing", "--format", "plain"],
        ["export", "-f", "csv"],
    ]
    for args in commands:
        result = _kzfacts(*args, "--data", str(base_copy), cache=tmp_path, FORCE_COLOR="1")
        assert result.returncode == 0, result.stderr
        printed = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)  # the program's own styling
        for escape in ESCAPES:
            assert escape not in printed, (args, printed)
    missing = _kzfacts("coverage", "--missing", "--data", str(base_copy), cache=tmp_path)
    assert "The \ufffd[31mred\ufffd[0m sentence" in missing.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["search", "--\x1b[31mx", "border"],
        ["search", "border", "--kind", "\x1b[31mx"],
        ["search", "border", "--source", "\x1b[31mx"],
        ["search", "\x1b[31mzzqx"],
        ["show", "\x1b[31mx"],
        ["search", "border", "--since", "\x1b[31m"],
    ],
)
def test_control_characters_in_arguments_never_reach_the_terminal(tmp_path: Path, args: list[str]) -> None:
    result = _kzfacts(*args, "--data", str(FIXTURE), cache=tmp_path)
    assert result.returncode in (1, 2)
    for escape in ESCAPES:
        assert escape not in result.stdout + result.stderr


NFD = unicodedata.normalize("NFD", "Ürümqi")


def test_decomposed_letters_and_invisible_characters_change_no_answer(run: Run, base_copy: Path) -> None:
    """Ürümqi with combining diaeresis, zero-width spaces and soft hyphens, in queries and in the facts."""
    _add_fact(base_copy, "written-decomposed", f"A forum in {NFD} discussed the zqpipe\u00adline.")
    _add_fact(base_copy, "written-composed", "A forum in Ürümqi discussed the zqpipeline.")
    expected = ["written-composed", "written-decomposed"]
    for query in ("Ürümqi forum", f"{NFD} forum", "Ürü\u200bmqi forum", "Ürüm\u00adqi forum"):
        result = run("search", query, "--json", data=base_copy)
        assert result.exit_code == 0, (query, result.stderr)
        assert sorted(fact["id"] for fact in result.json()) == expected, query
    for query in ("zqpipeline", "zqpipe\u00adline", "zqpipe\u200bline", "ZQPIPELINE"):
        result = run("search", query, "--json", data=base_copy)
        assert sorted(fact["id"] for fact in result.json()) == expected, query


def test_a_decomposed_word_is_highlighted_whole(run: Run, base_copy: Path) -> None:
    """The word's offsets are those of the text as written, combining marks included."""
    _add_fact(base_copy, "written-decomposed", f"A forum in {NFD} discussed the zqpipeline.")
    result = run("search", "urumqi", "zqpipeline", "--color", "always", data=base_copy, env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert re.findall(r"\x1b\[1;4;33m(.*?)\x1b\[0m", result.stdout) == [NFD, "zqpipeline"]


def _caught(pid: int) -> tuple[int, int]:
    """Return the masks of the signals a process catches and ignores (bit n-1 for signal n)."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    masks = dict(re.findall(r"^(SigCgt|SigIgn):\s*([0-9a-f]+)$", status, re.MULTILINE))
    return int(masks["SigCgt"], 16), int(masks["SigIgn"], 16)


def _handlers_installed(process: subprocess.Popen[str]) -> bool:
    """Return whether kzfacts has installed its handlers (Python itself never catches SIGTERM), or has ended."""
    if process.poll() is not None:
        return True
    try:
        return bool(_caught(process.pid)[0] >> (signal.SIGTERM - 1) & 1)
    except (OSError, KeyError):
        return process.poll() is not None


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc to see a process's signal handlers")
@pytest.mark.parametrize("delay", [0.0, 0.01, 0.02, 0.04, 0.08])
def test_ctrl_c_during_start_up_is_no_traceback(tmp_path: Path, delay: float) -> None:
    """SIGINT at a moment from the handlers' installation on (the heavy imports follow it): 130, never a traceback."""
    process = _start("search", "pipeline", "--data", str(FIXTURE), cache=tmp_path)  # a cold cache: a build follows
    _wait_for(lambda: _handlers_installed(process), "the signal handlers")
    time.sleep(delay)  # not an assertion: a spread of moments at which to interrupt
    process.send_signal(signal.SIGINT)
    stdout, stderr = _finish(process)
    assert (process.returncode, stdout, stderr) == (130, "", "\nkzfacts: interrupted\n")
    assert _temporaries(tmp_path) == []


def test_the_entry_point_loads_almost_nothing_before_its_handlers() -> None:
    """What runs before main() installs the handlers is a Ctrl-C window: it must stay a few modules wide."""
    probe = "import sys; before = set(sys.modules); import kzfacts.__main__; print(sorted(set(sys.modules) - before))"
    loaded = json.loads(subprocess.check_output([sys.executable, "-c", probe], text=True).replace("'", '"'))
    heavy = {"typing", "pathlib", "sqlite3", "importlib", "contextlib", "kzfacts.cli", "kzfacts.output", "typer"}
    assert not heavy & set(loaded), loaded


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc to see a process's signal handlers")
def test_an_ignored_sigint_stays_ignored(generated: Callable[[int], Path], tmp_path: Path) -> None:
    """A background job of a script starts with SIGINT ignored: Ctrl-C at the terminal, mid-build, must not end it."""

    def ignore_sigint() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    base = generated(1000)
    for attempt in range(3):  # a build takes long enough to be seen, unless the machine stalls the test
        cache = tmp_path / f"cache{attempt}"
        process = _start("search", "pipeline", "--json", "--data", str(base), cache=cache, preexec_fn=ignore_sigint)
        if _reaches(process, cache, ".index-*.tmp"):
            break
        _finish(process)
    else:
        pytest.skip("the build ended three times before it was seen")
    caught, ignored = _caught(process.pid)
    assert ignored >> (signal.SIGINT - 1) & 1, "SIGINT is no longer ignored"
    assert not caught >> (signal.SIGINT - 1) & 1
    process.send_signal(signal.SIGINT)
    stdout, stderr = _finish(process)
    assert (process.returncode, stderr) == (0, "")
    assert stdout == _kzfacts("search", "pipeline", "--json", "--data", str(base), cache=cache).stdout


def _pipe_fill(descriptor: int) -> int:
    """Return how many bytes wait in a pipe."""
    return int(struct.unpack("i", fcntl.ioctl(descriptor, termios.FIONREAD, b"\0\0\0\0"))[0])


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_non_blocking_stdout_that_fills_up_loses_nothing(
    generated: Callable[[int], Path], tmp_path: Path, unbuffered: str
) -> None:
    """A parent that made the pipe non-blocking and reads only once it is full: short writes and EAGAIN."""
    base = generated(1000)
    expected = _kzfacts("export", "--data", str(base), cache=tmp_path, PYTHONUNBUFFERED=unbuffered)
    assert expected.returncode == 0
    assert len(expected.stdout.encode()) > 4 * 65536  # far more than a pipe holds
    read, write = os.pipe()
    os.set_blocking(write, False)
    process = _start("export", "--data", str(base), cache=tmp_path, stdout=write, env={"PYTHONUNBUFFERED": unbuffered})
    os.close(write)
    _wait_for(lambda: _pipe_fill(read) >= 65536 or process.poll() is not None, "the pipe to fill up")
    chunks = []
    while chunk := os.read(read, 1 << 16):
        chunks.append(chunk)
    os.close(read)
    _, stderr = _finish(process)
    assert (process.returncode, stderr) == (0, "")
    assert b"".join(chunks).decode() == expected.stdout


def test_a_reader_that_stops_early_ends_the_output_quietly(generated: Callable[[int], Path], tmp_path: Path) -> None:
    base = generated(1000)
    for unbuffered in ("", "1"):
        script = f"set -o pipefail; {sys.executable} -m kzfacts export --data {base} | head -c10"
        env = _environment(tmp_path, {"PYTHONUNBUFFERED": unbuffered})
        result = subprocess.run(
            ["bash", "-c", script], capture_output=True, text=True, env=env, timeout=DEADLINE, check=False
        )
        assert (result.returncode, result.stdout, result.stderr) == (0, "[\n  {\n    ", "")


def _broken_broken_pipe_run(args: list[str], cache: Path) -> tuple[int, str]:
    """Run with stderr a pipe whose reader has gone: every message fails with EPIPE."""
    read, write = os.pipe()
    os.close(read)
    process = _start(*args, cache=cache, stderr=write)
    os.close(write)
    stdout, _ = _finish(process)
    return process.returncode, stdout


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["search", "pipeline", "--limit", "0"],
        ["search", "pipeline", "-n", "1", "--json"],
        ["search", "zzqxv"],
        ["search", "--bogus", "border"],
        ["search", "border", "--since", "2020-13"],
        ["show", "no-such-fact"],
        ["search", "border", "--data", "/nonexistent"],
        ["--version"],
    ],
)
def test_a_closed_stderr_pipe_never_changes_the_exit_code(tmp_path: Path, args: list[str]) -> None:
    argv = args if args[0] == "--version" or "--data" in args else [args[0], "--data", str(FIXTURE), *args[1:]]
    expected = _kzfacts(*argv, cache=tmp_path)
    assert (_broken_broken_pipe_run(argv, tmp_path)) == (expected.returncode, expected.stdout)
