"""The kzfacts command line: the Typer app, its shared options, and the one place errors become exit codes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from kzfacts import commands
from kzfacts import help as help_text
from kzfacts import options as opt
from kzfacts.engine.filters import Filters
from kzfacts.errors import EXIT_USAGE, KzfactsError, OutputError, UsageError, exit_code
from kzfacts.output import Output, PipeClosedError, message, quiet_stdout, report
from kzfacts.version import __version__


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


def _output(fmt: opt.Format | None, *, json: bool, jsonl: bool = False, plain: bool = False, fields: str | None = None,
            color: opt.Color = opt.Color.auto, no_color: bool = False) -> Output:  # fmt: skip
    """Return the output for the format options, refusing contradictory ones; no_color is --color never."""
    chosen = {name for name, on in (("json", json), ("jsonl", jsonl), ("plain", plain)) if on}
    if fmt is not None:
        chosen.add(fmt.value)
    if len(chosen) > 1:
        raise UsageError(f"choose one output format, not {' and '.join(sorted(chosen))}", "--format")
    styling = opt.Color.never if no_color else color
    return Output(next(iter(chosen), None), fields.split(",") if fields else None, styling.value)


_before_command: dict[str, Path | None] = {"data": None}


def _data(data: Path | None) -> Path | None:
    """Return the command's --data, else the one given before the command."""
    return data or _before_command["data"]


def _filters(sources: list[str] | None, topics: list[str] | None, kinds: list[opt.Kind] | None, since: str | None,
             until: str | None) -> Filters:  # fmt: skip
    return Filters.of(tuple(sources or ()), tuple(topics or ()), tuple(k.value for k in kinds or ()), since, until)


def _listing(run: Callable[..., None], default_limit: int, summary: str) -> Callable[..., None]:
    """Return a command listing the facts that run (search or when) finds: the same options, its own default limit."""

    def listing(words: opt.Words = None, limit: opt.Limit = default_limit, source: opt.Sources = None,
                topic: opt.Topics = None, kind: opt.Kinds = None, since: opt.Since = None, until: opt.Until = None,
                fmt: opt.FormatOption = None, json: opt.Json = False, jsonl: opt.Jsonl = False,
                plain: opt.Plain = False, fields: opt.Fields = None, color: opt.ColorOption = opt.Color.auto,
                no_color: opt.NoColor = False, no_pager: opt.NoPager = False, exact: opt.Exact = False,
                data: opt.Data = None) -> None:  # fmt: skip
        out = _output(fmt, json=json, jsonl=jsonl, plain=plain, fields=fields, color=color, no_color=no_color)
        out.pager = out.pager and not no_pager
        run(out, words or [], _filters(source, topic, kind, since, until), limit, _data(data), exact=exact)

    listing.__doc__ = summary
    return listing


search = _listing(
    commands.search,
    10,
    "Find the facts best matching some words, best first: keywords, questions, typos and other names work.",
)
when = _listing(
    commands.when, 50, "List the dated facts matching some words (or every dated fact in a period), oldest first."
)


def show(fact_id: opt.FactId, fmt: opt.FormatOption = None, json: opt.Json = False, plain: opt.Plain = False,
         fields: opt.Fields = None, color: opt.ColorOption = opt.Color.auto, no_color: opt.NoColor = False,
         data: opt.Data = None) -> None:  # fmt: skip
    """Show one fact in full, each quote inside its paragraph; or the facts quoting a seed line."""
    commands.show(
        _output(fmt, json=json, plain=plain, fields=fields, color=color, no_color=no_color),
        fact_id,
        _data(data),
    )


def sources(fmt: opt.FormatOption = None, json: opt.Json = False, jsonl: opt.Jsonl = False, plain: opt.Plain = False,
            fields: opt.Fields = None, color: opt.ColorOption = opt.Color.auto, no_color: opt.NoColor = False,
            data: opt.Data = None) -> None:  # fmt: skip
    """List the source documents with their metadata and how many facts cite each."""
    out = _output(fmt, json=json, jsonl=jsonl, plain=plain, fields=fields, color=color, no_color=no_color)
    commands.sources(out, _data(data))


def topics(fmt: opt.FormatOption = None, json: opt.Json = False, jsonl: opt.Jsonl = False, plain: opt.Plain = False,
           fields: opt.Fields = None, color: opt.ColorOption = opt.Color.auto, no_color: opt.NoColor = False,
           data: opt.Data = None) -> None:  # fmt: skip
    """List the topics with how many facts are on each."""
    out = _output(fmt, json=json, jsonl=jsonl, plain=plain, fields=fields, color=color, no_color=no_color)
    commands.topics(out, _data(data))


def export(file: opt.Database = None, limit: opt.Limit = 0, source: opt.Sources = None, topic: opt.Topics = None,
           kind: opt.Kinds = None, since: opt.Since = None, until: opt.Until = None, fmt: opt.ExportFormatOption = None,
           json: opt.Json = False, jsonl: opt.Jsonl = False, fields: opt.Fields = None,
           data: opt.Data = None) -> None:  # fmt: skip
    """Write the whole fact base (or the filtered part) as JSON, JSON Lines, CSV, TSV, or SQLite for Datasette."""
    if fmt is not None and fmt.value == "sqlite":
        if json or jsonl or fields:
            raise UsageError(
                "--format sqlite writes every field to FILE: drop --json, --jsonl and --fields", "--format"
            )
        commands.export_sqlite(file, _filters(source, topic, kind, since, until), limit, _data(data))
        return
    if file is not None:
        raise UsageError(f"only --format sqlite writes to a FILE; other formats write to stdout (> {file})", "FILE")
    out = _output(opt.Format(fmt.value) if fmt else None, json=json, jsonl=jsonl, fields=fields, color=opt.Color.never)
    out.format = out.format if out.is_data else "json"
    commands.export(out, _filters(source, topic, kind, since, until), limit, _data(data))


def check(fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text|json|github.")] = "text",
          data: opt.Data = None) -> None:  # fmt: skip
    """Validate the fact base: every problem (errors and warnings) in one run, by file and line; exit 2 on errors."""
    if fmt not in ("text", "json", "github"):
        raise UsageError(f"unknown format {fmt!r} (choose from text, json, github)", "--format")
    commands.check(Output("json" if fmt == "json" else "plain"), _data(data), annotations=fmt == "github")


def coverage(missing: Annotated[bool, typer.Option("--missing", help="List the sentences no fact covers.")] = False,
             fmt: opt.FormatOption = None, json: opt.Json = False, jsonl: opt.Jsonl = False, plain: opt.Plain = False,
             fields: opt.Fields = None, color: opt.ColorOption = opt.Color.auto, no_color: opt.NoColor = False,
             data: opt.Data = None) -> None:  # fmt: skip
    """Show the share of each seed's factual sentences that the facts quote."""
    out = _output(fmt, json=json, jsonl=jsonl, plain=plain, fields=fields, color=color, no_color=no_color)
    commands.coverage(out, missing, _data(data))


def cite(fact_ids: opt.FactIds = None, every: opt.Every = False, style: opt.StyleOption = None,
         json: opt.CslJson = False, data: opt.Data = None) -> None:  # fmt: skip
    """Cite facts: each one's sources in a style, with the quote and its seed line; --all for every source."""
    if json and style is not None and style.value != "csl-json":
        raise UsageError(f"choose one output format, not {style.value} and json", "--format")
    chosen = "csl-json" if json else style.value if style else "text"
    commands.cite(_output(None, json=False), fact_ids or [], chosen, _data(data), every=every)


def verify(quote: Annotated[str, typer.Argument(metavar="TEXT", help="The text to look for, such as a quote.")],
           source: opt.Sources = None, fmt: opt.FormatOption = None, json: opt.Json = False, plain: opt.Plain = False,
           fields: opt.Fields = None, color: opt.ColorOption = opt.Color.auto, no_color: opt.NoColor = False,
           data: opt.Data = None) -> None:  # fmt: skip
    """Check that a source says a text: as written, normalised (spaces, quote marks) or nearly; exit 1 unless said."""
    out = _output(fmt, json=json, plain=plain, fields=fields, color=color, no_color=no_color)
    commands.verify(out, quote, tuple(source or ()), _data(data))


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
    ctx: typer.Context,
    data: opt.Data = None,
    _version_option: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Cited facts about Kazakhstan–China relations, from five source documents."""
    _before_command["data"] = data
    if ctx.invoked_subcommand is None:  # plain `kzfacts`: the help, on stdout, and success
        typer.echo(ctx.get_help())
        raise typer.Exit


COMMANDS: dict[str, Callable[..., None]] = {
    "search": search, "when": when, "show": show, "sources": sources, "topics": topics, "export": export,
    "check": check, "coverage": coverage, "cite": cite, "verify": verify,
}  # fmt: skip


def build_app(names: Iterable[str] = COMMANDS) -> typer.Typer:
    """Return the Typer app with the named commands (all by default)."""
    application = typer.Typer(
        name="kzfacts",
        cls=_App,
        rich_markup_mode=None,
        invoke_without_command=True,
        pretty_exceptions_enable=False,
        epilog=help_text.epilog(),
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    )
    application.callback()(_main)
    for name in names:
        application.command(name, epilog=help_text.epilog(name))(COMMANDS[name])
    return application


app = build_app()
