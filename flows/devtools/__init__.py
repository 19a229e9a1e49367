"""Developer tools: the demo's fixture server, the benchmark, the evaluation, the digest preview."""
