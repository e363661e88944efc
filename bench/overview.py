"""The overview's goals (docs/overview.md, docs/performance.md "Overview"): quality on the labelled sets and
the time to group 100,000 texts and to find topics in 10,000. Pure computation, no database ("Gibt es
schon?" over HTTP is bench/similar.py, on the scale data set).

`python -m bench overview` (part of `make bench`). Each goal prints an OK or FAIL line; a FAIL makes
`python -m bench` exit with status 1. The machine is shared, so every time is printed with the load average
before and after and with the process's own CPU time (time.process_time: one core's seconds), which does not
grow with other people's load the way the wall-clock time does.
"""

import os
import time
from pathlib import Path

from bench import check
from overview import dedup, suggest, testset
from overview.suggest import ideas, statements

LABELLED = Path(__file__).resolve().parent / "data" / "mass_statements.jsonl.gz"
SCALE = int(os.environ.get("BENCH_OVERVIEW_TEXTS", "100000"))
GOAL_PRECISION, GOAL_RECALL, GOAL_SECONDS = 0.95, 0.90, 60.0
GOAL_TOPIC_SECONDS, GOAL_TOP1 = 60.0, 0.80


def _load() -> str:
    return open("/proc/loadavg").read().split()[0] if Path("/proc/loadavg").exists() else "?"


class _Timer:
    def __enter__(self):
        self.load_before, self.wall, self.cpu = _load(), time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu
        self.load_after = _load()

    def __str__(self) -> str:
        return (
            f"{self.wall:.1f} s wall, {self.cpu:.1f} s CPU; load average {self.load_before} before, "
            f"{self.load_after} after (2 cores, shared)"
        )


def mass_statements() -> None:
    labelled = testset.read_labelled(LABELLED)
    texts, labels = [t for t, _ in labelled], [c for _, c in labelled]
    precision, recall = testset.pair_scores(dedup.group_indexes(texts), labels)
    print(f"\n## Overview: mass statements ({len(texts):,} labelled texts, bench/data/)\n")
    check("grouping precision (labelled set)", precision >= GOAL_PRECISION, f"{precision:.4f} (goal 0.95)")
    check("grouping recall (labelled set)", recall >= GOAL_RECALL, f"{recall:.4f} (goal 0.90)")

    big = testset.mass_statements(SCALE, seed=4400)
    texts, labels = [t for t, _ in big], [c for _, c in big]
    with _Timer() as grouping:
        groups = dedup.group_indexes(texts)
    precision, recall = testset.pair_scores(groups, labels)
    campaigns = len(set(labels)) - 1
    print(f"\n{len(texts):,} generated texts (seed 4400), {len(groups):,} groups found, {campaigns:,} campaigns")
    check(f"grouping {len(texts):,} texts", grouping.wall < GOAL_SECONDS, f"{grouping} (goal < 60 s wall)")
    check(f"grouping precision ({len(texts):,})", precision >= GOAL_PRECISION, f"{precision:.4f} (goal 0.95)")
    check(f"grouping recall ({len(texts):,})", recall >= GOAL_RECALL, f"{recall:.4f} (goal 0.90)")
    # Templates and per-member differences (what the staff page shows), on the 20 largest groups.
    with _Timer() as diffs:
        shown = sum(len(dedup.find_groups([texts[i] for i in g])[0].members) for g in groups[:20])
    print(f"templates and per-member differences of the 20 largest groups ({shown:,} members): {diffs}")


def topics_speed() -> None:
    import random

    from overview import topics

    rng = random.Random(10)
    texts = [testset.single_text(rng) for _ in range(10_000)]
    with _Timer() as timer:
        found = topics.find_topics(texts)
    print("\n## Overview: topics\n")
    check(f"10,000 texts into {len(found)} topics", timer.wall < GOAL_TOPIC_SECONDS, f"{timer} (goal < 60 s)")


def category_suggestions() -> None:
    texts, labels = ideas.generate()
    with _Timer() as timer:
        found = suggest.evaluate(texts, labels)
    print(f"\n## Overview: category suggestions ({len(texts):,} generated ideas, overview/suggest/ideas.py)\n")
    accuracy = found["accuracy"] or 0.0
    check(
        "category top-1 (held out)",
        accuracy >= GOAL_TOP1,
        f"{accuracy:.3f} on {found['test']:,} held-out ideas in {found['categories']} categories with "
        f">= {suggest.MIN_EXAMPLES} examples (goal 0.80); {timer}",
    )


def statement_suggestions() -> None:
    rows = statements.generate()
    texts = [text for text, _topic, _feature, _named in rows]
    with _Timer() as timer:
        topic = suggest.evaluate(texts, [t for _x, t, _f, _n in rows])
        feature = suggest.evaluate(texts, [f for _x, _t, f, _n in rows], parts=[n for _x, _t, _f, n in rows])
    print(
        f"\n## Overview: topic and plan-feature suggestions for statements ({len(texts):,} generated statements "
        f"on one plan, 8 topics, 8 features; overview/suggest/statements.py)\n"
    )
    accuracy = topic["accuracy"] or 0.0
    check(
        "statement topic top-1 (held out)",
        accuracy >= GOAL_TOP1,
        f"{accuracy:.3f} on {topic['test']:,} held-out statements in {topic['categories']} topics (goal 0.80)",
    )
    named, unnamed = feature["by_part"].get(True, (0.0, 0)), feature["by_part"].get(False, (0.0, 0))
    # No goal: a quarter of the statements do not mention their feature, and their text alone cannot tell.
    print(
        f"statement plan-feature top-1 (held out): {feature['accuracy'] or 0.0:.3f} on {feature['test']:,} "
        f"statements; {named[0]:.3f} on the {named[1]} that name or describe their feature, {unnamed[0]:.3f} on "
        f"the {unnamed[1]} that do not (chance 0.125); {timer}"
    )


def run() -> None:
    mass_statements()
    topics_speed()
    category_suggestions()
    statement_suggestions()
