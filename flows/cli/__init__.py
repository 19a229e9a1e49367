"""The ``cyberwatch`` command: the typer application and its entry point."""

from flows.cli.app import EXIT_SOURCE_FAILED, app, main

__all__ = ["EXIT_SOURCE_FAILED", "app", "main"]
