"""The entry point, `kzfacts` and `python -m kzfacts`: signal handlers first, then the command line.

Until the handlers are installed only this module and `kzfacts/__init__.py` run, and both import
nothing the interpreter has not already loaded but `signal`: a Ctrl-C a few milliseconds after the
start is ours, not a KeyboardInterrupt traceback.
"""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False  # typing itself takes milliseconds to import, before the handlers are in place
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from types import FrameType
    from typing import NoReturn

EXIT_INTERRUPTED, EXIT_USAGE = 130, 2
HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(BaseException):
    """Ctrl-C or a termination signal, raised past the framework's own handling so that we choose the exit."""


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    for handled in HANDLED:  # the first signal decides: cleaning up is not interrupted by a second one
        signal.signal(handled, signal.SIG_IGN)
    raise Interrupted(signum)


def main() -> NoReturn:
    """Install the signal handlers (a signal ignored by the parent stays ignored), then run the CLI."""
    for handled in HANDLED:
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
    from kzfacts.output import unfailing_stderr  # noqa: PLC0415 - loaded with the command line already

    # Messages are written in full or not at all, and a failure to write one (stderr closed, or a pipe
    # nobody reads) is never an error: the exit code is the command's, whatever happens to stderr.
    sys.stderr = unfailing_stderr(sys.stderr)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")
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
    from contextlib import suppress  # noqa: PLC0415 - loaded with the command line already

    code = status if isinstance(status, int) else int(status is not None) * EXIT_USAGE
    for stream in (sys.stdout, sys.stderr):
        with suppress(AttributeError, OSError, ValueError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
