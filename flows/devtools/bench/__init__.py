"""The benchmarks: `make bench`, `make bench-quick` (`python -m flows.devtools.bench [--quick]`).

``farm`` serves synthetic sources on loopback hosts, ``baseline`` is the bare script the poll is
compared with, ``core`` the poll without Prefect, ``runner`` runs each in its own process and
measures it, ``report`` prints the table, ``imports`` measures the import path as the archive
grows.
"""
