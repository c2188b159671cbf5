"""Benchmark of the curriculum build (issue 7). Run with `make bench` or `python -m bench`."""
