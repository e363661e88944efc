"""The overview's goals (docs/overview.md, docs/performance.md "Overview"): quality on the labelled sets and
the time to group 100,000 texts and to find topics in 10,000. Pure computation, no database.

`python -m bench overview` (part of `make bench`).
"""

import os
import time
from pathlib import Path

from overview import dedup, suggest, testset

LABELLED = Path(__file__).resolve().parent / "data" / "mass_statements.jsonl.gz"
SCALE = int(os.environ.get("BENCH_OVERVIEW_TEXTS", "100000"))


def _load() -> str:
    return open("/proc/loadavg").read().split()[0] if Path("/proc/loadavg").exists() else "?"


def mass_statements() -> None:
    labelled = testset.read_labelled(LABELLED)
    texts, labels = [t for t, _ in labelled], [c for _, c in labelled]
    precision, recall = testset.pair_scores(dedup.group_indexes(texts), labels)
    print(f"\n## Overview: mass statements ({len(texts):,} labelled texts, bench/data/)\n")
    print(f"pairwise precision {precision:.4f} (goal 0.95), recall {recall:.4f} (goal 0.90)")

    big = testset.mass_statements(SCALE, seed=4400)
    texts, labels = [t for t, _ in big], [c for _, c in big]
    load = _load()
    start = time.perf_counter()
    groups = dedup.group_indexes(texts)
    grouped = time.perf_counter() - start
    start = time.perf_counter()
    dedup.find_groups(texts)
    full = time.perf_counter() - start
    precision, recall = testset.pair_scores(groups, labels)
    print(
        f"{len(texts):,} texts: grouped in {grouped:.1f} s (goal < 60 s), with templates and per-member diffs "
        f"{full:.1f} s; {len(groups):,} groups; precision {precision:.4f}, recall {recall:.4f}; "
        f"load average before: {load} (2 cores, shared)"
    )


def topics_speed() -> None:
    import random

    from overview import topics

    rng = random.Random(10)
    texts = [testset.single_text(rng) for _ in range(10_000)]
    load = _load()
    start = time.perf_counter()
    found = topics.find_topics(texts)
    seconds = time.perf_counter() - start
    print(f"\n## Overview: topics\n\n10,000 texts into {len(found)} topics in {seconds:.1f} s (goal < 60 s)")
    print(f"load average before: {load} (2 cores, shared)")


def category_suggestions() -> None:
    texts, labels = suggest.generate()
    load = _load()
    start = time.perf_counter()
    found = suggest.evaluate(texts, labels)
    print(f"\n## Overview: category suggestions ({len(texts):,} generated ideas, overview/suggest.py)\n")
    print(
        f"top-1 accuracy {found['accuracy']:.3f} on {found['test']:,} held-out ideas in {found['categories']} "
        f"categories with >= {suggest.MIN_EXAMPLES} examples (goal 0.80); "
        f"{time.perf_counter() - start:.1f} s, load {load}"
    )


def run() -> None:
    mass_statements()
    topics_speed()
    category_suggestions()
