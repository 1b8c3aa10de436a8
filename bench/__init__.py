"""occlink benchmark suite: `python -m bench.run`, `python -m bench.report` (see docs/performance.md)."""
