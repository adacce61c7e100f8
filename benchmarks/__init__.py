"""Benchmarks: run by hand (``python -m benchmarks.bench_validate``), never collected by pytest."""
