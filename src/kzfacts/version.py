"""The version of kzfacts."""

__version__ = "0.2.0"
