"""The overview's jobs: a computation run, and the periodic check that queues one after new contributions."""

from celery import shared_task

from overview import services


@shared_task(name="overview.compute")
def overview_compute(run_id: int) -> str:
    return services.run_compute(run_id=run_id).state


@shared_task(name="overview.refresh")
def overview_refresh() -> str:
    """Every quarter hour (CELERY_BEAT_SCHEDULE): a run when something was written since the last one.

    Contributions arrive in bursts, so this schedule is the debounce: one run per quarter hour at most.
    """
    if not services.has_new_contributions():
        return "unchanged"
    try:
        services.run_request()
    except services.RunBusyError:
        return "busy"
    return "queued"
