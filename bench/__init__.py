"""Benchmarks: each module reports ratios against a named baseline measured in the same run."""
