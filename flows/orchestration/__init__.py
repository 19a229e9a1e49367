"""The Prefect shell: the ``poll`` and ``digest`` flows, ``serve`` and its local Prefect server."""
