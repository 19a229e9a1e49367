"""The commands, by concern: ``poll`` (poll, demo), ``archive`` (search, events, analyze,
import), ``sources`` (sources, sources check, backfill) and ``service`` (digest, status, serve).
Each reads its options, calls the core or a flow, and prints through ``flows.cli.output``.

These modules (and ``flows.cli.app``) do without ``from __future__ import annotations``: typer
reads every command's signature at each start, and a string annotation costs it an ``eval``
(two thirds of building the commands, about 10 ms of every run). A name imported only for type
checking is written in quotes."""
