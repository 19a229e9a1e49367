"""How the commands show their results: text for a terminal, JSON for scripts."""
