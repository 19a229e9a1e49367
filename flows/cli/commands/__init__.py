"""The commands, by concern: ``poll`` (poll, demo), ``archive`` (search, events, analyze,
import), ``sources`` (sources, sources check, backfill) and ``service`` (digest, status, serve).
Each reads its options, calls the core or a flow, and prints through ``flows.cli.output``."""
