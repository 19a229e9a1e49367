"""The ``cyberwatch`` command: the typer application and its entry point."""

from flows.cli.app import app, main
from flows.cli.context import EXIT_SOURCE_FAILED

__all__ = ["EXIT_SOURCE_FAILED", "app", "main"]
