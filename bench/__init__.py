"""Benchmarks: each module reports ratios against a named baseline measured in the same run."""

# Goals a benchmark checks (e.g. the overview's precision and recall): a benchmark that misses one prints a
# FAIL line and adds it here, and `python -m bench` (so `make bench`) exits with status 1 at the end.
FAILURES: list[str] = []


def check(name: str, ok: bool, detail: str) -> None:
    """Print the goal's result as an OK or FAIL line; a FAIL is remembered for the exit status."""
    print(f"{'OK  ' if ok else 'FAIL'} {name}: {detail}")
    if not ok:
        FAILURES.append(f"{name}: {detail}")
