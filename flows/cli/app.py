"""The ``cyberwatch`` command: run flows on demand and search the archive.

The root application: the global options (``--config``, ``--db``, ``--sources``, ``-v``), the
commands of ``flows/cli/commands/`` in the order ``--help`` lists them, and ``main``. Its
group, ``flows.cli.failures.FailureGroup``, turns configuration, archive and server errors into
one line and an exit status (see ``flows.cli.context``).
"""

import gc
from pathlib import Path
from typing import Annotated

import typer

from config import builtin_sources, load_settings
from flows.cli.commands import archive, browse, export, poll, report, service, sources
from flows.cli.context import Context
from flows.cli.failures import FailureGroup
from flows.core import logs

# Commands that read the catalogue themselves before anything else, once they have started
# what they start first: `poll` starts Prefect's temporary server (the longest part of a warm
# poll), which comes up while the catalogue is read (0.2 s for 1,000 sources), not after.
READ_THE_CATALOGUE_FIRST = frozenset({"poll"})

app = typer.Typer(
    name="cyberwatch",
    cls=FailureGroup,
    help="Watch official sources for government cyber-dialogue releases.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Help and usage errors as plain text: rich's markup would eat "[env: CYBERWATCH_DB]" from
    # the options' help, and drawing its boxes cost `--help` a tenth of a second.
    rich_markup_mode=None,
)


@app.callback()
def options(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Settings file (default: ./cyberwatch.toml if present)."),
    ] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="Archive file [env: CYBERWATCH_DB].")
    ] = None,
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Source catalogue [env: CYBERWATCH_SOURCES]."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show Prefect's run logs.")
    ] = False,
) -> None:
    """Settings come from defaults < the TOML file < CYBERWATCH_* variables < these flags."""
    settings = load_settings(config_file=config, overrides={"db": db, "sources": sources})
    checks_its_own = ctx.invoked_subcommand in READ_THE_CATALOGUE_FIRST
    if settings.sources != builtin_sources() and not checks_its_own:
        from config import load_sources  # the catalogue's models: built only to check one

        load_sources(settings.sources)  # a broken catalogue is refused by every command
    logs.install(settings)
    ctx.obj = Context(settings=settings, verbose=verbose, config=config)


app.command("poll")(poll.poll_command)
app.command("search")(archive.search_command)
app.command("show")(archive.show_command)
app.add_typer(sources.sources_app)
app.command("backfill")(sources.backfill_command)
app.command("demo")(poll.demo_command)
app.command("analyze")(archive.analyze_command)
app.command("import")(archive.import_command)
app.command("events")(archive.events_command)
app.command("export")(export.export_command)
app.command("report")(report.report_command)
app.command("browse")(browse.browse_command)
app.command("digest")(service.digest_command)
app.command("status")(service.status_command)
app.command("serve")(service.serve_command)


def main() -> None:
    """Entry point: every known error becomes one line and an exit status (``FailureGroup``)."""
    try:
        app()
    finally:
        # The interpreter's exit runs the garbage collector over the whole heap (Prefect's and
        # pydantic's objects, after a poll) while it takes the modules apart: 0.5-0.8 s before
        # the shell's prompt comes back. Frozen, what is alive now is left to the operating
        # system; what is freed still runs its finalizers (and objects alive at exit were
        # never promised theirs: the language reference, object.__del__).
        gc.freeze()
