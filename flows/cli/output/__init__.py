"""What the commands print: one module per concern, each holding that concern's text lines and
JSON objects. Pure functions from values to strings (``typer.echo`` stays in the commands), so
every output format has one home and can be tested without the archive or the network."""
