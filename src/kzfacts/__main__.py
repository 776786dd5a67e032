"""The entry point, `kzfacts` and `python -m kzfacts`: signal handlers first, then the command line."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from types import FrameType
from typing import NoReturn

EXIT_INTERRUPTED, EXIT_USAGE = 130, 2


class Interrupted(BaseException):
    """Ctrl-C or a termination signal, raised past the framework's own handling so that we choose the exit."""


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    raise Interrupted(signum)


def main() -> NoReturn:
    """Install the signal handlers (a signal ignored by the parent stays ignored), then run the CLI."""
    for handled in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(handled) is not signal.SIG_IGN:
            signal.signal(handled, _interrupt)
    try:
        from kzfacts.cli import COMMANDS, build_app  # noqa: PLC0415 - after the handlers: an early Ctrl-C is ours

        _run(build_app, COMMANDS)
    except Interrupted as caught:
        number = int(caught.args[0])
        try:
            sys.stderr.write("\nkzfacts: interrupted\n")
            sys.stderr.flush()
        except (AttributeError, OSError, ValueError):
            pass
        os._exit(EXIT_INTERRUPTED if number == signal.SIGINT else 128 + number)


def _run(build_app: Callable[[list[str]], Callable[..., object]], commands: Iterable[str]) -> NoReturn:
    """Run the command line; end the process with the command's exit code, never with a traceback."""
    if sys.stderr is None:  # started with stderr closed (`2>&-`): messages go nowhere, exit codes stay right
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - open until the process ends
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    # Typer turns every registered command into a parser at start-up; the benchmark shows that costs
    # more than the search itself, so only the invoked command is registered when it is known.
    invoked = next((arg for arg in sys.argv[1:] if arg in commands), "")
    code: object = 0
    try:
        build_app([invoked] if invoked else list(commands))(prog_name="kzfacts")
    except SystemExit as done:
        code = done.code
    _exit(code)


def _exit(status: object) -> NoReturn:
    """End the process as `sys.exit(status)` would, but without tearing the interpreter down.

    Freeing every module and object at exit takes longer than a whole search (the benchmark measures
    it), and nothing is left to clean up: files are closed and temporary files removed by then.
    """
    if status is not None and not isinstance(status, int):
        sys.stderr.write(f"kzfacts: {status}\n")
    code = status if isinstance(status, int) else int(status is not None) * EXIT_USAGE
    for stream in (sys.stdout, sys.stderr):
        with suppress(AttributeError, OSError, ValueError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
