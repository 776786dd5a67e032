"""The kzfacts command line: the Typer app, its shared options, and the one place errors become exit codes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from kzfacts import commands
from kzfacts.engine.filters import Filters
from kzfacts.errors import (
    EXIT_USAGE,
    KzfactsError,
    OutputError,
    UsageError,
    exit_code,
)
from kzfacts.output import FORMATS, Output, PipeClosedError, message, quiet_stdout, report
from kzfacts.records import KINDS
from kzfacts.version import __version__

EPILOG = """Exit codes: 0 results, 1 no results, 2 usage or data error, 130 interrupted.

Environment: KZFACTS_DATA (fact base), KZFACTS_CACHE_DIR, KZFACTS_MAX_FILE_MB, NO_COLOR, FORCE_COLOR,
TERM=dumb, PAGER, COLUMNS."""

Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


class Color(str, Enum):
    """When to style terminal output."""

    auto = "auto"
    always = "always"
    never = "never"


Kind = Enum("Kind", {name: name for name in KINDS}, type=str)  # type: ignore[misc]

Words = Annotated[list[str] | None, typer.Argument(metavar="WORDS...", help="Words to look for.", show_default=False)]
Limit = Annotated[int, typer.Option("--limit", "-n", metavar="N", min=0, help="Show at most N facts (0: all).")]
Sources = Annotated[
    list[str] | None, typer.Option("--source", "-s", metavar="ID", help="Only facts citing this source.")
]
Topics = Annotated[list[str] | None, typer.Option("--topic", "-t", metavar="TOPIC", help="Only facts on this topic.")]
Kinds = Annotated[list[Kind] | None, typer.Option("--kind", "-k", metavar="KIND", help="Only facts of this kind.")]
Since = Annotated[
    str | None, typer.Option("--since", metavar="DATE", help="Only facts dated in or after YYYY[-MM[-DD]].")
]
Until = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="Only facts dated in or before YYYY[-MM[-DD]].")
]
FormatOption = Annotated[Format | None, typer.Option("--format", "-f", metavar="FORMAT", help=f"{'|'.join(FORMATS)}.")]
Json = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
Jsonl = Annotated[bool, typer.Option("--jsonl", help="Same as --format jsonl.")]
Plain = Annotated[bool, typer.Option("--plain", help="Same as --format plain.")]
Fields = Annotated[str | None, typer.Option("--fields", metavar="A,B", help="Only these fields in JSON/CSV output.")]
ColorOption = Annotated[Color, typer.Option("--color", metavar="WHEN", help="auto|always|never.")]
NoColor = Annotated[bool, typer.Option("--no-color", help="Same as --color never.")]
NoPager = Annotated[bool, typer.Option("--no-pager", help="Never page long output.")]
Exact = Annotated[
    bool, typer.Option("--exact", help="Only the literal words: no stemming, spelling variants, aliases or meaning.")
]
Data = Annotated[
    Path | None, typer.Option("--data", envvar="KZFACTS_DATA", metavar="DIR", help="Use the fact base in DIR.")
]


class _App(TyperGroup):
    """The command group: library errors become a message on stderr and their exit code, here only."""

    def invoke(self, ctx: Any) -> Any:  # noqa: ANN401 - click's own signature
        try:
            return super().invoke(ctx)
        except PipeClosedError:
            quiet_stdout()
            raise typer.Exit(0) from None
        except KzfactsError as error:
            report(error)
            raise typer.Exit(exit_code(error)) from None


def _output(
    fmt: Format | None, *, json: bool, jsonl: bool = False, plain: bool = False, fields: str | None = None,
    color: Color = Color.auto,
) -> Output:  # fmt: skip
    """Return the output for the format options, refusing contradictory ones."""
    chosen = {name for name, on in (("json", json), ("jsonl", jsonl), ("plain", plain)) if on}
    if fmt is not None:
        chosen.add(fmt.value)
    if len(chosen) > 1:
        raise UsageError(f"choose one output format, not {' and '.join(sorted(chosen))}", "--format")
    return Output(next(iter(chosen), None), fields.split(",") if fields else None, color.value)


_before_command: dict[str, Path | None] = {"data": None}


def _data(data: Path | None) -> Path | None:
    """Return the command's --data, else the one given before the command."""
    return data or _before_command["data"]


def _filters(sources: list[str] | None, topics: list[str] | None, kinds: list[Kind] | None, since: str | None,
             until: str | None) -> Filters:  # fmt: skip
    return Filters.of(tuple(sources or ()), tuple(topics or ()), tuple(k.value for k in kinds or ()), since, until)


def search(words: Words = None, limit: Limit = 10, source: Sources = None, topic: Topics = None, kind: Kinds = None,
           since: Since = None, until: Until = None, fmt: FormatOption = None, json: Json = False, jsonl: Jsonl = False,
           plain: Plain = False, fields: Fields = None, color: ColorOption = Color.auto, no_color: NoColor = False,
           no_pager: NoPager = False, exact: Exact = False, data: Data = None) -> None:  # fmt: skip
    """Find the facts best matching some words, best first: keywords, questions, typos and other names work.

    Examples:  kzfacts search pipeline · kzfacts search "who funds Khorgos?" --json · kzfacts search Астана -n 3
    """
    out = _output(fmt, json=json, jsonl=jsonl, plain=plain, fields=fields, color=Color.never if no_color else color)
    out.pager = out.pager and not no_pager
    commands.search(out, words or [], _filters(source, topic, kind, since, until), limit, _data(data), exact=exact)


def when(words: Words = None, limit: Limit = 50, source: Sources = None, topic: Topics = None, kind: Kinds = None,
         since: Since = None, until: Until = None, fmt: FormatOption = None, json: Json = False, jsonl: Jsonl = False,
         plain: Plain = False, fields: Fields = None, color: ColorOption = Color.auto, no_color: NoColor = False,
         no_pager: NoPager = False, exact: Exact = False, data: Data = None) -> None:  # fmt: skip
    """List the dated facts matching some words (or every dated fact in a period), oldest first.

    Examples:  kzfacts when CSTO · kzfacts when --since 2019 --until 2019 · kzfacts when Tokayev --json
    """
    out = _output(fmt, json=json, jsonl=jsonl, plain=plain, fields=fields, color=Color.never if no_color else color)
    out.pager = out.pager and not no_pager
    commands.when(out, words or [], _filters(source, topic, kind, since, until), limit, _data(data), exact=exact)


def show(fact_id: Annotated[str, typer.Argument(metavar="ID", help="A fact id, or seeds/<file>:<line>.")],
         fmt: FormatOption = None, json: Json = False, plain: Plain = False, fields: Fields = None,
         color: ColorOption = Color.auto, no_color: NoColor = False, data: Data = None) -> None:  # fmt: skip
    """Show one fact in full, each quote inside its paragraph; or the facts quoting a seed line.

    Examples:  kzfacts show kz-cn-border-length-1600km · kzfacts show seeds/002_0ce0def3323fc2a1.txt:9
    """
    commands.show(
        _output(fmt, json=json, plain=plain, fields=fields, color=Color.never if no_color else color),
        fact_id,
        _data(data),
    )


def sources(fmt: FormatOption = None, json: Json = False, jsonl: Jsonl = False, plain: Plain = False,
            fields: Fields = None, color: ColorOption = Color.auto, data: Data = None) -> None:  # fmt: skip
    """List the source documents with their metadata and how many facts cite each.

    Examples:  kzfacts sources · kzfacts sources --format csv
    """
    commands.sources(_output(fmt, json=json, jsonl=jsonl, plain=plain, fields=fields, color=color), _data(data))


def topics(fmt: FormatOption = None, json: Json = False, jsonl: Jsonl = False, plain: Plain = False,
           fields: Fields = None, color: ColorOption = Color.auto, data: Data = None) -> None:  # fmt: skip
    """List the topics with how many facts are on each.

    Examples:  kzfacts topics · kzfacts topics --json
    """
    commands.topics(_output(fmt, json=json, jsonl=jsonl, plain=plain, fields=fields, color=color), _data(data))


def export(limit: Limit = 0, source: Sources = None, topic: Topics = None, kind: Kinds = None, since: Since = None,
           until: Until = None, fmt: FormatOption = None, json: Json = False, jsonl: Jsonl = False,
           fields: Fields = None, data: Data = None) -> None:  # fmt: skip
    """Write the whole fact base (or the filtered part) as JSON, JSON Lines, CSV or TSV.

    Examples:  kzfacts export --format csv > facts.csv · kzfacts export --jsonl --topic water
    """
    out = _output(fmt, json=json, jsonl=jsonl, fields=fields, color=Color.never)
    out.format = out.format if out.is_data else "json"
    commands.export(out, _filters(source, topic, kind, since, until), limit, _data(data))


def check(fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text|json|github.")] = "text",
          data: Data = None) -> None:  # fmt: skip
    """Validate the fact base: every problem (errors and warnings) in one run, by file and line; exit 2 on errors.

    Examples:  kzfacts check · kzfacts check --format github · kzfacts --data ./mybase check
    """
    if fmt not in ("text", "json", "github"):
        raise UsageError(f"unknown format {fmt!r} (choose from text, json, github)", "--format")
    commands.check(Output("json" if fmt == "json" else "plain"), _data(data), annotations=fmt == "github")


def coverage(missing: Annotated[bool, typer.Option("--missing", help="List the sentences no fact covers.")] = False,
             fmt: FormatOption = None, json: Json = False, data: Data = None) -> None:  # fmt: skip
    """Show the share of each seed's factual sentences that the facts quote.

    Examples:  kzfacts coverage · kzfacts coverage --missing
    """
    commands.coverage(_output(fmt, json=json), missing, _data(data))


def _version(value: bool) -> None:
    if value:
        try:
            Output().write(f"kzfacts {__version__}\n")
        except OutputError as error:
            message(str(error))
            raise typer.Exit(EXIT_USAGE) from None
        except PipeClosedError:
            pass
        raise typer.Exit


def _main(
    data: Data = None,
    _version_option: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Cited facts about Kazakhstan–China relations, from five source documents."""
    _before_command["data"] = data


COMMANDS: dict[str, Callable[..., None]] = {
    "search": search, "when": when, "show": show, "sources": sources, "topics": topics, "export": export,
    "check": check, "coverage": coverage,
}  # fmt: skip


def build_app(names: Iterable[str] = COMMANDS) -> typer.Typer:
    """Return the Typer app with the named commands (all by default)."""
    application = typer.Typer(
        name="kzfacts",
        cls=_App,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        epilog=EPILOG,
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    )
    application.callback()(_main)
    for name in names:
        application.command(name, epilog=EPILOG)(COMMANDS[name])
    return application


app = build_app()
