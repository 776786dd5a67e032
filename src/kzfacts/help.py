"""The help text of the command line: examples for each command, exit codes and environment."""

from __future__ import annotations

EXAMPLES = {
    "search": (
        "kzfacts search pipeline",
        'kzfacts search "who funds Khorgos?" --json',
        "kzfacts search Астана -n 3",
    ),
    "when": (
        "kzfacts when CSTO",
        "kzfacts when --since 2019 --until 2019",
        "kzfacts when Tokayev --json",
    ),
    "show": (
        "kzfacts show kz-cn-border-length-1600km",
        "kzfacts show seeds/002_0ce0def3323fc2a1.txt:9",
    ),
    "sources": (
        "kzfacts sources",
        "kzfacts sources --format csv",
    ),
    "topics": (
        "kzfacts topics",
        "kzfacts topics --json",
    ),
    "export": (
        "kzfacts export --format csv > facts.csv",
        "kzfacts export --jsonl --topic water",
        "kzfacts export --format sqlite kzfacts.db",
    ),
    "check": (
        "kzfacts check",
        "kzfacts check --format github",
        "kzfacts --data ./mybase check",
    ),
    "coverage": (
        "kzfacts coverage",
        "kzfacts coverage --missing",
    ),
    "cite": (
        "kzfacts cite kz-cn-border-length-1600km --format apa",
        "kzfacts cite --all --format bibtex > kzfacts.bib",
    ),
    "verify": (
        'kzfacts verify "their new 1,600km (1,000 miles) common border"',
        'kzfacts verify "Kazakhstan shares a 1,108-mile-long border with China" -s cpc2022 --json',
    ),
}
FOOTER = (
    "Exit codes: 0 results, 1 no results, 2 usage or data error, 130 interrupted.\n\nEnvironment: KZFACTS_DATA "
    "(fact base), KZFACTS_CACHE_DIR, KZFACTS_MAX_FILE_MB, NO_COLOR, FORCE_COLOR, TERM=dumb, PAGER, COLUMNS."
)


def epilog(command: str | None = None) -> str:
    """Return the text after a command's options: its examples (lines kept as written), then the footer."""
    examples = EXAMPLES.get(command or "", ())
    shown = "\b\nExamples:\n" + "\n".join(f"  {example}" for example in examples) + "\n\n" if examples else ""
    return shown + FOOTER
