"""Benchmarks of the generator and the built site; run with `.venv/bin/python bench/run.py` (see bench/README.md)."""
