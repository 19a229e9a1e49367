"""The offline demo: a local HTTP server serving the bundled fixture sites (``sites/``)."""
