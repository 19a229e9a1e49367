"""What the commands print: one module per concern, each holding that concern's text lines and
JSON objects. They are functions from values to strings, so every output format has one home
and is tested without the archive or the network; the commands echo them. The exception is the
digest's ``show``, which also writes a dry run's HTML (and opens it with ``--preview``)."""
