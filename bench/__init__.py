"""Benchmarks, run on demand with `./dev bench NAME [options]` (never in the test suite)."""
