"""The kzfacts command line: parse arguments, call the library, render, and choose the exit code."""

import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from enum import Enum
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from kzfacts import __version__
from kzfacts.errors import DataError

if TYPE_CHECKING:
    from rich.progress import Progress

    from kzfacts.index import Index
    from kzfacts.model import Filters
    from kzfacts.query import Match
    from kzfacts.render.page import Page

EXIT_NO_RESULTS, EXIT_USAGE = 1, 2  # 0: results
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141
SHOWN_PROBLEMS = 5
MAX_QUERY_SHOWN = 60


class Kind(str, Enum):
    """The kinds of fact."""

    event = "event"
    figure = "figure"
    statement = "statement"
    assessment = "assessment"
    context = "context"


class ExportFormat(str, Enum):
    """The formats `export` writes."""

    json = "json"
    jsonl = "jsonl"
    csv = "csv"


Words = Annotated[
    list[str],
    typer.Argument(metavar="WORDS...", help="Words to look for; quotes are optional.", show_default=False),
]
Limit = Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many facts.")]
SourceOption = Annotated[
    list[str] | None, typer.Option("--source", "-s", help="Only facts citing this source id (repeatable).")
]
TopicOption = Annotated[list[str] | None, typer.Option("--topic", "-t", help="Only facts on this topic (repeatable).")]
KindOption = Annotated[list[Kind] | None, typer.Option("--kind", "-k", help="Only facts of this kind (repeatable).")]
SinceOption = Annotated[
    str | None, typer.Option("--since", metavar="DATE", help="Only facts dated in or after YYYY[-MM[-DD]].")
]
UntilOption = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="Only facts dated in or before YYYY[-MM[-DD]].")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Write JSON to stdout.")]
JsonlOption = Annotated[bool, typer.Option("--jsonl", help="Write JSON Lines: one object per line.")]
PlainOption = Annotated[bool, typer.Option("--plain", help="Plain text, even on a terminal.")]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="No colours (also: NO_COLOR=1).")]
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="KZFACTS_DATA",
        metavar="DIR",
        help="Use the fact base in DIR (facts/, seeds/).",
        show_default=False,
    ),
]


class _Interrupted(BaseException):
    """Ctrl-C, raised past the framework's own handling so that we choose the exit code."""


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise _Interrupted


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Write `kzfacts: message` to stderr and exit with code."""
    sys.stderr.write(f"kzfacts: {message}\n")
    raise typer.Exit(code)


def _shown(text: str) -> str:
    """Return user text safe to echo: control characters replaced, long text cut."""
    from kzfacts.render import clean  # noqa: PLC0415

    shown = clean(text)
    return shown if len(shown) <= MAX_QUERY_SHOWN else shown[: MAX_QUERY_SHOWN - 1] + "…"


class Output:
    """The one output sink: JSON, JSON Lines, or text for people (styled on a terminal) on stdout."""

    def __init__(self, *, json: bool = False, jsonl: bool = False, plain: bool = False, no_color: bool = False) -> None:
        if json and jsonl:
            raise typer.BadParameter("use either --json or --jsonl", param_hint="--json/--jsonl")
        self.mode = "json" if json else "jsonl" if jsonl else "text"
        force = os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1"
        self.styled = not plain and os.environ.get("TERM") != "dumb" and (sys.stdout.isatty() or bool(force))
        self.no_color = no_color or bool(os.environ.get("NO_COLOR"))

    @property
    def data(self) -> bool:
        """Return whether the output is JSON data rather than text for people."""
        return self.mode != "text"

    def page(self) -> "Page":
        """Return how to write text: styled on a terminal (without colour if asked), wrapped to its width."""
        from kzfacts.render.page import COLOUR, MONOCHROME, PLAIN, Page  # noqa: PLC0415

        palette = (MONOCHROME if self.no_color else COLOUR) if self.styled else PLAIN
        return Page(palette, shutil.get_terminal_size((100, 24)).columns)

    def write_data(self, data: object) -> None:
        """Write data as one JSON document, or a list of it as JSON Lines with --jsonl."""
        from kzfacts.render import json as as_json  # noqa: PLC0415

        if self.mode == "jsonl" and isinstance(data, list):
            self.write(as_json.lines(data))
        else:
            self.write(as_json.document(data))

    def write(self, text: str) -> None:
        """Write text to stdout; exit quietly when stdout is closed early (`| head -1`)."""
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            with suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except OSError as error:
            _fail(f"cannot write the output: {error.strerror or error}")


class _RebuildProgress:
    """A progress bar on stderr for index rebuilds that take more than a second, on a terminal only."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.bar: Progress | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if not sys.stderr.isatty() or time.monotonic() - self.started < 1:
                return
            from rich.console import Console  # noqa: PLC0415
            from rich.progress import Progress  # noqa: PLC0415

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.add_task("Indexing the fact base", total=total)
            self.bar.start()
        self.bar.update(self.bar.task_ids[0], completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _data_error(error: DataError) -> NoReturn:
    problems = error.problems
    for problem in problems[:SHOWN_PROBLEMS]:
        sys.stderr.write(f"kzfacts: {problem}\n")
    if len(problems) > SHOWN_PROBLEMS:
        sys.stderr.write(f"kzfacts: … and {len(problems) - SHOWN_PROBLEMS} more problems (see `kzfacts check`)\n")
    raise typer.Exit(EXIT_USAGE)


def _index(data: Path | None) -> "Index":
    from kzfacts import cache  # noqa: PLC0415

    progress = _RebuildProgress()
    try:
        return cache.open_index(data, progress=progress)
    except DataError as error:
        _data_error(error)
    finally:
        progress.close()


def _filters(
    index: "Index",
    sources: list[str] | None,
    topics: list[str] | None,
    kinds: list[Kind] | None,
    since: str | None,
    until: str | None,
) -> "Filters | None":
    if not (sources or topics or kinds or since or until):
        return None  # and the record classes stay unloaded
    from kzfacts import dates  # noqa: PLC0415
    from kzfacts.model import Filters  # noqa: PLC0415

    for option, values, known in (("--source", sources, index.source_records), ("--topic", topics, index.topics)):
        for value in values or []:
            if value not in known:
                choices = ", ".join(sorted(known))
                raise typer.BadParameter(
                    f"unknown {option[2:]} {_shown(value)!r} (choose from {choices})", param_hint=option
                )
    bounds: list[str | None] = []
    for option, written, upper in (("--since", since, False), ("--until", until, True)):
        try:
            bounds.append(dates.bound(written, upper=upper) if written else None)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint=option) from None
    first, last = bounds
    if first and last and first > last:
        raise typer.BadParameter(f"--since {since} is after --until {until}", param_hint="--since/--until")
    return Filters(tuple(sources or ()), tuple(topics or ()), tuple(k.value for k in kinds or ()), first, last)


def _query(words: list[str]) -> str:
    from kzfacts import text  # noqa: PLC0415

    query = " ".join(words).strip()
    if not query:
        _fail("the query is empty: give some words to look for", EXIT_NO_RESULTS)
    if not text.terms(query):
        _fail(f"nothing to search for in {_shown(query)!r}: only common words", EXIT_NO_RESULTS)
    return query


def _no_results(index: "Index", query: str) -> NoReturn:
    from kzfacts import query as queries  # noqa: PLC0415

    suggestions = queries.suggest(index, query)
    hint = f"; did you mean {' '.join(suggestions)!r}?" if suggestions else ""
    _fail(f"no facts match {_shown(query)!r}{hint}", EXIT_NO_RESULTS)


def _render_matches(out: Output, index: "Index", found: list["Match"], *, timeline: bool) -> None:
    if out.data:
        from kzfacts.render import json as as_json  # noqa: PLC0415

        records = index.records(match.doc for match in found)
        out.write_data(as_json.match_data(found, records, index.source_records))
    else:
        from kzfacts.query import hits  # noqa: PLC0415
        from kzfacts.render import page  # noqa: PLC0415

        out.write((page.timeline if timeline else page.hits)(out.page(), hits(index, found), index.sources))


def _fact_lister(*, timeline: bool, default_limit: int) -> Callable[..., None]:
    """Return a command that lists the facts matching words: ranked (search) or by date (when)."""

    def command(
        words: Words,
        limit: Limit = default_limit,
        source: SourceOption = None,
        topic: TopicOption = None,
        kind: KindOption = None,
        since: SinceOption = None,
        until: UntilOption = None,
        json: JsonOption = False,
        jsonl: JsonlOption = False,
        plain: PlainOption = False,
        no_color: NoColorOption = False,
        data: DataOption = None,
    ) -> None:
        out = Output(json=json, jsonl=jsonl, plain=plain, no_color=no_color)
        query = _query(words)
        index = _index(data)
        filters = _filters(index, source, topic, kind, since, until)
        from kzfacts import query as queries  # noqa: PLC0415

        found = (queries.dated_matches if timeline else queries.best_matches)(index, query, filters, limit)
        if not found:
            _no_results(index, query)
        _render_matches(out, index, found, timeline=timeline)

    return command


search = _fact_lister(timeline=False, default_limit=10)
search.__doc__ = "Find the facts best matching some words, best first. Typos, other names and questions work too."
when = _fact_lister(timeline=True, default_limit=50)
when.__doc__ = "List the dated facts matching some words, oldest first, as a timeline."


def show(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="The id of a fact (see `search`).")],
    json: JsonOption = False,
    plain: PlainOption = False,
    no_color: NoColorOption = False,
    data: DataOption = None,
) -> None:
    """Show one fact in full, each quote inside its paragraph of the source."""
    out = Output(json=json, plain=plain, no_color=no_color)
    index = _index(data)
    record = index.record(fact_id)
    if record is None:
        from kzfacts.query import suggest_id  # noqa: PLC0415

        close = suggest_id(index, fact_id)
        hint = f"; did you mean {close!r}?" if close else ""
        _fail(f"no fact with id {_shown(fact_id)!r}{hint}", EXIT_NO_RESULTS)
    if out.data:
        from kzfacts.render import json as as_json  # noqa: PLC0415

        out.write_data(as_json.fact_data(record, index.source_records))
        return
    from kzfacts.model import Fact  # noqa: PLC0415
    from kzfacts.paths import data_dir  # noqa: PLC0415
    from kzfacts.render import page  # noqa: PLC0415
    from kzfacts.seeds import read_seeds  # noqa: PLC0415

    fact = Fact.from_record(record)
    cited = [index.sources[source] for source in dict.fromkeys(c.source for c in fact.citations)]
    out.write(page.detail(out.page(), fact, index.sources, read_seeds(data_dir(data), cited)))


def sources(
    json: JsonOption = False,
    jsonl: JsonlOption = False,
    plain: PlainOption = False,
    no_color: NoColorOption = False,
    data: DataOption = None,
) -> None:
    """List the source documents with their metadata and how many facts cite each."""
    out = Output(json=json, jsonl=jsonl, plain=plain, no_color=no_color)
    index = _index(data)
    counts = index.counts_by_source()
    if out.data:
        from kzfacts.render import json as as_json  # noqa: PLC0415

        items = [as_json.source_data(source, counts[source_id]) for source_id, source in index.source_records.items()]
        out.write_data(items)
    else:
        from kzfacts.render import page  # noqa: PLC0415

        out.write(page.sources_table(out.page(), index.sources, counts))


def export(
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.json,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="Export at most this many facts.")] = None,
    source: SourceOption = None,
    topic: TopicOption = None,
    kind: KindOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    json: JsonOption = False,
    jsonl: JsonlOption = False,
    data: DataOption = None,
) -> None:
    """Write the whole fact base (or the filtered part) with resolved sources, as JSON, JSON Lines or CSV."""
    from itertools import islice  # noqa: PLC0415

    from kzfacts.render import json as as_json  # noqa: PLC0415

    if (json or jsonl) and output_format is ExportFormat.csv:
        raise typer.BadParameter("--json and --jsonl choose a JSON format; drop --format csv", param_hint="--format")
    out = Output(jsonl=jsonl or output_format is ExportFormat.jsonl)
    index = _index(data)
    records = list(islice(index.iter_records(_filters(index, source, topic, kind, since, until)), limit))
    if output_format is ExportFormat.csv:
        from kzfacts.render.csv import facts_csv  # noqa: PLC0415

        out.write(facts_csv(records, index.source_records))
    else:
        out.write_data([as_json.fact_data(record, index.source_records) for record in records])
    if not records:
        raise typer.Exit(EXIT_NO_RESULTS)


def check(data: DataOption = None) -> None:
    """Validate the fact base: every problem as file:line, exit 2 if there are any."""
    from kzfacts import store  # noqa: PLC0415

    try:
        base = store.load(data)
    except DataError as error:
        out = Output(plain=True)
        out.write("".join(f"{problem}\n" for problem in error.problems))
        _fail(f"{len(error.problems)} problem(s) found")
    sys.stderr.write(f"kzfacts: ok: {len(base.facts)} facts from {len(base.sources)} sources\n")


def coverage(
    missing: Annotated[bool, typer.Option("--missing", help="List the sentences no fact covers.")] = False,
    json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Show the share of each seed's factual sentences that the facts quote."""
    from kzfacts import coverage as measure  # noqa: PLC0415
    from kzfacts import store  # noqa: PLC0415
    from kzfacts.render import location  # noqa: PLC0415

    try:
        base = store.load(data)
    except DataError as error:
        _data_error(error)
    seeds = measure.measure(base)
    out = Output(json=json)
    if json:
        from kzfacts.render import json as as_json  # noqa: PLC0415

        out.write_data([as_json.coverage_data(seed) for seed in seeds])
        return
    lines = []
    for seed in seeds:
        covered = len(seed.sentences) - len(seed.missing)
        lines.append(
            f"{seed.source.id:<16} {covered:>4}/{len(seed.sentences):<4} {seed.share:7.1%}  seeds/{seed.source.file}"
        )
        if missing:
            lines += [f"{location(seed.source.file, s.line)}: {s.text}" for s in seed.missing]
    out.write("\n".join(lines) + "\n")


def _version(value: bool) -> None:
    if value:
        Output().write(f"kzfacts {__version__}\n")
        raise typer.Exit


def _main(
    _version_option: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Cited facts about Kazakhstan–China relations, from five source documents."""


COMMANDS: dict[str, Callable[..., None]] = {
    "search": search,
    "when": when,
    "show": show,
    "sources": sources,
    "export": export,
    "check": check,
    "coverage": coverage,
}


def build_app(names: Iterable[str] = COMMANDS) -> typer.Typer:
    """Return the Typer app with the named commands (all by default)."""
    application = typer.Typer(
        name="kzfacts",
        help="Cited facts about Kazakhstan–China relations, from five source documents.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    application.callback()(_main)
    for name in names:
        application.command(name)(COMMANDS[name])
    return application


app = build_app()


def main() -> NoReturn:
    """Run the command line: Ctrl-C exits 130 and a closed stdout exits quietly, never with a traceback."""
    if sys.stderr is None:  # started with stderr closed (`2>&-`): messages go nowhere, exit codes stay right
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - open until the process ends
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        sys.stderr.write("kzfacts: cannot write the output: stdout is closed\n")
        _exit(EXIT_USAGE)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    signal.signal(signal.SIGINT, _interrupt)
    invoked = sys.argv[1] if len(sys.argv) > 1 else ""
    # Typer turns every registered command into a parser at start-up; the benchmark shows that costs
    # more than the search itself, so only the invoked command is registered when it is known.
    code: object = 0
    try:
        build_app([invoked] if invoked in COMMANDS else COMMANDS)()
    except _Interrupted:
        sys.stderr.write("\nkzfacts: interrupted\n")
        code = EXIT_INTERRUPTED
    except SystemExit as done:
        code = done.code
    _exit(code)


def _exit(status: object) -> NoReturn:
    """End the process as `sys.exit(status)` would, but without tearing the interpreter down.

    Freeing every module and object at exit takes longer than a whole search (the benchmark measures
    it), and nothing is left to clean up: files are closed and temporary files removed by then.
    """
    if status is not None and not isinstance(status, int):
        sys.stderr.write(f"{status}\n")
    code = status if isinstance(status, int) else int(status is not None)
    for stream in (sys.stdout, sys.stderr):
        with suppress(AttributeError, OSError, ValueError):  # a closed stream; or errors already reported
            stream.flush()
    os._exit(code)
