"""The formal procedure: importing a Flächennutzungsplan of 800 features in 20 classes (target ≤ 10 s), and
storing a statement (the service with its number lock and place check; the receipt is queued after commit).

In process, inside one transaction that is rolled back: nothing stays in the database. Not yet over HTTP.
"""

import statistics
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bauleitplanung.models import Step
from bauleitplanung.services.plans import plan_import
from bauleitplanung.services.statements import statement_submit
from layers.models import Project
from tests.bauleitplanung import xplan_files as xf

FEATURES, CLASSES, SUBMITS = 800, 20, 200
DAY = timedelta(days=1)


class RollbackError(Exception):
    pass


def run() -> None:
    data = xf.build(xf.fplan_features(FEATURES, CLASSES), version="6.0", plan_class="FP_Plan", name="FNP Bench",
                    area=xf.FPLAN_AREA)  # fmt: skip
    try:
        with transaction.atomic():
            project = Project.objects.create(title="Bench FNP", slug="bench-fnp", summary="-", topic="stadtplanung")
            start = time.perf_counter()
            version = plan_import(project=project, data=data, filename="fnp.gml", actor=None)
            seconds = time.perf_counter() - start
            layers = version.layers.count()
            print(f"\n## Bauleitplanung\n\nimport of {FEATURES} features in {CLASSES} classes "
                  f"({len(data) / 1e6:.1f} MB, {layers} layers): {seconds:.2f} s (target ≤ 10 s)")  # fmt: skip
            today = timezone.localdate()
            step = Step.objects.create(procedure=version.procedure, kind=Step.Kind.VEROEFFENTLICHUNG,
                                       starts_on=today - DAY, ends_on=today + 30 * DAY)  # fmt: skip
            samples = []
            for i in range(SUBMITS):
                start = time.perf_counter()
                statement_submit(step=step, text=f"Stellungnahme {i} zum Flächennutzungsplan.", name="Bench",
                                 address="Marktstraße 1")  # fmt: skip
                samples.append(time.perf_counter() - start)
            samples.sort()
            p95 = samples[int(len(samples) * 0.95) - 1]
            print(f"statement submit (service, {SUBMITS} times): p50 {statistics.median(samples) * 1000:.1f} ms, "
                  f"p95 {p95 * 1000:.1f} ms (target p95 < 200 ms over HTTP)")  # fmt: skip
            raise RollbackError
    except RollbackError:
        pass
