"""The cyberwatch application: core, digests, notifiers, the Prefect shell, CLI, dev tools."""
