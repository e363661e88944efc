import statistics
import time
from collections.abc import Callable


def median_seconds(fn: Callable[[], object], *, repeat: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def report(title: str, rows: list[tuple[str, float]], baseline: str) -> None:
    """Print each row's median time and its ratio to the baseline row."""
    base = dict(rows)[baseline]
    print(f"\n## {title}\n")
    print("| variant | median | ratio to " + baseline + " |")
    print("|---|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1000:.2f} ms | {seconds / base:.2f} |")
