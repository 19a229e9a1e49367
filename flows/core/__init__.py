"""The application core, plain Python without Prefect: poll a source, ingest its items, backfill,
check sources live, analyse and import JSON lines, source health, status and progress reports."""
