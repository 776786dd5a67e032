"""The floor: a two-command Typer app that does nothing, with options like kzfacts'."""

from typing import Annotated

import typer

app = typer.Typer()


@app.command()
def search(
    words: Annotated[list[str], typer.Argument()],
    limit: Annotated[int, typer.Option("--limit", "-n")] = 10,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Do nothing."""


@app.command()
def show(fact_id: str) -> None:
    """Do nothing."""


if __name__ == "__main__":
    app()
