"""The shared option and argument definitions of the command line: one spelling, one meaning everywhere."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kzfacts import commands
from kzfacts.output import FORMATS
from kzfacts.records import KINDS, STYLES

Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
EXPORT_FORMATS = (*FORMATS, "sqlite")
ExportFormat = Enum("ExportFormat", {name: name for name in EXPORT_FORMATS}, type=str)  # type: ignore[misc]


class Color(str, Enum):
    """When to style terminal output."""

    auto = "auto"
    always = "always"
    never = "never"


Kind = Enum("Kind", {name: name for name in KINDS}, type=str)  # type: ignore[misc]
Style = Enum("Style", {name: name for name in STYLES}, type=str)  # type: ignore[misc]

Words = Annotated[list[str] | None, typer.Argument(metavar="WORDS...", help="Words to look for.", show_default=False)]
Limit = Annotated[int, typer.Option("--limit", "-n", metavar="N", help="Show at most N facts (0: all).")]
Sources = Annotated[
    list[str] | None,
    typer.Option(
        "--source", "-s", metavar="ID", help="Only facts citing this source.", autocompletion=commands.sources_like
    ),
]
Topics = Annotated[
    list[str] | None,
    typer.Option(
        "--topic", "-t", metavar="TOPIC", help="Only facts on this topic.", autocompletion=commands.topics_like
    ),
]
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
Exact = Annotated[
    bool, typer.Option("--exact", help="Only the literal words: no stemming, spelling variants, aliases or meaning.")
]
NoPager = Annotated[bool, typer.Option("--no-pager", help="Never page long output.")]
FactId = Annotated[
    str, typer.Argument(metavar="ID", help="A fact id, or seeds/<file>:<line>.", autocompletion=commands.ids_like)
]
FactIds = Annotated[list[str] | None, typer.Argument(metavar="ID...", help="Fact ids.", show_default=False)]
Every = Annotated[bool, typer.Option("--all", help="A bibliography of every source instead.")]
StyleOption = Annotated[Style | None, typer.Option("--format", "-f", metavar="STYLE", help=f"{'|'.join(STYLES)}.")]
CslJson = Annotated[bool, typer.Option("--json", help="Same as --format csl-json.")]
ExportFormatOption = Annotated[
    ExportFormat | None, typer.Option("--format", "-f", metavar="FORMAT", help="json|jsonl|csv|tsv|sqlite.")
]
Database = Annotated[
    Path | None, typer.Argument(metavar="[FILE]", help="The database --format sqlite writes.", show_default=False)
]
Data = Annotated[
    Path | None, typer.Option("--data", envvar="KZFACTS_DATA", metavar="DIR", help="Use the fact base in DIR.")
]
