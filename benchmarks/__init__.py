"""Reproducible benchmarks of the pipeline; see benchmarks/README.md."""
