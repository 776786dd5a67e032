"""Run the CLI as `python -m kzfacts`."""

from kzfacts.cli import main

main()
