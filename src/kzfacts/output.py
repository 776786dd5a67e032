"""The one output sink: data or text on stdout, messages on stderr, colour, pager and progress choices.

stdout carries only what was asked for; messages, hints and notes go to stderr, and whether they could
be written never changes the exit code. A reader who closes the pipe early (`| head -1`) ends the
output quietly, with the exit code the command would have had.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import time
from collections.abc import Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any, TextIO

from kzfacts.errors import DataError, KzfactsError, NotFoundError, OutputError, UsageError
from kzfacts.render import data

if TYPE_CHECKING:
    from rich.progress import Progress

TEXT_FORMATS = ("table", "plain")
FORMATS = TEXT_FORMATS + data.FORMATS
DEFAULT_PAGER = "less -FRX"
PROGRESS_AFTER_SECONDS = 1.0
SHOWN_PROBLEMS = 5


class PipeClosedError(Exception):
    """The reader closed stdout: stop writing, and exit as if everything had been read."""


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


class Output:
    """Where and how a command writes: the format, the fields, colour and paging."""

    def __init__(
        self,
        output_format: str | None = None,
        fields: Sequence[str] | None = None,
        color: str = "auto",
        *,
        pager: bool = True,
    ) -> None:
        self.terminal = _isatty(sys.stdout)
        forced = bool(os.environ.get("FORCE_COLOR")) or os.environ.get("TTY_COMPATIBLE") == "1"
        self.format = output_format or ("table" if self.terminal or forced or color == "always" else "plain")
        self.fields = tuple(fields or ())
        wanted = color == "always" or (
            color == "auto" and (self.terminal or forced) and os.environ.get("TERM") != "dumb"
        )
        self.styled = self.format == "table" and wanted  # bold, italics and links
        self.color = self.styled and (color == "always" or not os.environ.get("NO_COLOR"))
        self.pager = pager and self.terminal and not os.environ.get("KZFACTS_NO_PAGER")

    @property
    def is_data(self) -> bool:
        """Return whether the output is data for scripts (JSON, JSON Lines, CSV, TSV)."""
        return self.format in data.FORMATS

    @property
    def width(self) -> int:
        """Return the width to wrap text to: the terminal's, or $COLUMNS, or 100."""
        return shutil.get_terminal_size((100, 24)).columns

    def items(self, items: list[dict[str, Any]], valid: Sequence[str]) -> None:
        """Write records' JSON shapes in the data format, with only the chosen fields."""
        self.write(data.write(data.select(items, self.fields, valid), self.format))

    def document(self, item: dict[str, Any], valid: Sequence[str]) -> None:
        """Write one record: a JSON object (a list of one in the other data formats)."""
        (chosen,) = data.select([item], self.fields, valid)
        self.write(data.document(chosen) if self.format == "json" else data.write([chosen], self.format))

    def text(self, content: str) -> None:
        """Write text for people, through the pager when it is longer than the terminal."""
        if self.pager and content.count("\n") >= shutil.get_terminal_size((100, 24)).lines and self._page(content):
            return
        self.write(content)

    def _page(self, content: str) -> bool:
        import shlex  # noqa: PLC0415 - only long output on a terminal
        import subprocess  # noqa: PLC0415

        command = os.environ.get("PAGER") or DEFAULT_PAGER
        try:
            pager = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE)  # noqa: S603 - the reader's own pager
        except (OSError, ValueError):
            return False
        assert pager.stdin is not None  # noqa: S101 - Popen with stdin=PIPE
        try:
            pager.stdin.write(content.encode("utf-8", "replace"))
            pager.stdin.close()
        except OSError:  # the reader quit the pager early
            pass
        pager.wait()
        return True

    def write(self, content: str) -> None:
        """Write all of content to stdout, looping on short writes; raise PipeClosedError or OutputError."""
        if sys.stdout is None:
            raise OutputError("cannot write the output: stdout is closed")
        try:
            sys.stdout.flush()
            fd = sys.stdout.fileno()
        except (AttributeError, OSError, ValueError):  # not a real file (a test runner's buffer)
            sys.stdout.write(content)
            return
        try:
            write_fully(fd, content.encode("utf-8", "replace"))
        except BrokenPipeError:
            raise PipeClosedError from None
        except OSError as error:
            raise OutputError(f"cannot write the output: {error.strerror or error}") from None


def write_fully(fd: int, data: bytes) -> None:
    """Write all of data to fd: again after a short write, and after waiting while a non-blocking fd is full."""
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(fd, view) :]
        except BlockingIOError:  # a descriptor the parent made non-blocking, full for now
            import select  # noqa: PLC0415

            select.select([], [fd], [])


class _Messages(io.RawIOBase):
    """stderr as the process writes to it: each message in full, or dropped if it cannot be written."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def writable(self) -> bool:
        """Return True: messages are written."""
        return True

    def fileno(self) -> int:
        """Return the descriptor written to."""
        return self.fd

    def isatty(self) -> bool:
        """Return whether the messages go to a terminal."""
        try:
            return os.isatty(self.fd)
        except OSError:
            return False

    def write(self, data: Any) -> int:  # noqa: ANN401 - any bytes-like object, as io declares it
        """Write all of data, or nothing if it cannot be written (a closed pipe, a full disk)."""
        with suppress(OSError):
            write_fully(self.fd, bytes(data))
        return len(data)


def unfailing_stderr(stream: TextIO | None) -> TextIO:
    """Return a stderr whose writes never fail and are never short (UTF-8, unknown characters replaced)."""
    try:
        fd = stream.fileno() if stream is not None else -1
    except (AttributeError, OSError, ValueError):
        fd = -1
    if fd < 0:  # started with stderr closed (`2>&-`): messages go nowhere, exit codes stay right
        fd = os.open(os.devnull, os.O_WRONLY)
    buffered = io.BufferedWriter(_Messages(fd))
    return io.TextIOWrapper(buffered, encoding="utf-8", errors="replace", line_buffering=True, write_through=True)


def _printable(text: str) -> str:
    """Return text with control characters (escape codes, newlines, bidirectional overrides) replaced by �."""
    return "".join(ch if ch.isprintable() or ch == " " else "\ufffd" for ch in text)


def message(text: str) -> None:
    """Write `kzfacts: text` to stderr (control characters replaced by �), if it can be written."""
    try:
        sys.stderr.write(f"kzfacts: {_printable(text)}\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        pass


def note(text: str) -> None:
    """Write a note for a person (a count, a correction) to stderr, only when stderr is a terminal."""
    if _isatty(sys.stderr):
        message(text)


class RebuildProgress:
    """A progress bar on stderr for index rebuilds that take more than a second, on a terminal only."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.bar: Progress | None = None

    def __call__(self, done: int, total: int) -> None:
        """Show that done of total files are read."""
        if self.bar is None:
            if not _isatty(sys.stderr) or time.monotonic() - self.started < PROGRESS_AFTER_SECONDS:
                return
            from rich.console import Console  # noqa: PLC0415 - only rebuilds slow enough to show it
            from rich.progress import Progress  # noqa: PLC0415

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.add_task("Indexing the fact base", total=total)
            self.bar.start()
        self.bar.update(self.bar.task_ids[0], completed=done, total=total)

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.stop()


def report(error: KzfactsError) -> None:
    """Write a library error as messages on stderr: a data error's first problems and a count."""
    if isinstance(error, DataError):
        for problem in error.problems[:SHOWN_PROBLEMS]:
            message(str(problem))
        extra = len(error.problems) - SHOWN_PROBLEMS
        message(f"… and {extra} more problems (see `kzfacts check`)" if extra > 0 else "see `kzfacts check`")
    elif isinstance(error, UsageError) and error.option:
        message(f"{error.option}: {error}")
    else:
        message(str(error) + (f"; {error.hint}" if isinstance(error, NotFoundError) and error.hint else ""))


def quiet_stdout() -> None:
    """Point stdout at /dev/null so that flushing at exit cannot fail again on the closed pipe."""
    with suppress(AttributeError, OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
