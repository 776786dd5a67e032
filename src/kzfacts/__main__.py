"""The entry point, `kzfacts` and `python -m kzfacts`: signal handlers first, then the command line."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType
from typing import NoReturn

EXIT_INTERRUPTED = 130


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
        from kzfacts.cli import run  # noqa: PLC0415 - after the handlers, so an early Ctrl-C is ours

        run()
    except Interrupted as caught:
        number = int(caught.args[0])
        try:
            sys.stderr.write("\nkzfacts: interrupted\n")
            sys.stderr.flush()
        except (AttributeError, OSError, ValueError):
            pass
        os._exit(EXIT_INTERRUPTED if number == signal.SIGINT else 128 + number)


if __name__ == "__main__":
    main()
