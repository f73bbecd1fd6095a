"""One tick of the scheduler: enqueue every periodic job that is due (see eppid.scheduling)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from eppid.scheduling import ONE_OFF_RUN_BOUND, PERIODIC, Periodic
from eppid.scheduling.models import JobState

logger = logging.getLogger("eppid.scheduler")

WAITING = {"READY", "RUNNING"}


@dataclass(frozen=True)
class Enqueued:
    name: str
    result: object  # django_tasks TaskResult

    @property
    def failed(self) -> bool:
        # Only a backend that runs tasks at once (ImmediateBackend: tests, --once in a cron job)
        # knows the outcome here; the database worker logs its own failures.
        return str(self.result.status) == "FAILED"


def job_due(job: Periodic, state: JobState, now: datetime) -> bool:
    last = state.last_enqueued_at
    interval = job.interval()
    if interval is not None:
        return last is None or now - last >= interval
    hour = job.hour()
    local = timezone.localtime(now)
    if hour is None or local.hour < hour:
        return False
    today_from = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    return last is None or last < today_from


class PresumedDead(Exception):
    """What a run left "running" longer than its job's bound is marked failed with."""


def _still_waiting(job: Periodic, state: JobState, now: datetime) -> bool:
    """The task enqueued last time has not run yet or still runs: enqueuing another would only
    pile up. A run going on for longer than the job's bound is presumed dead (a worker killed
    mid-run never marks it finished) and stops blocking its job."""
    if not state.last_task_id:
        return False
    try:
        result = job.task.get_result(state.last_task_id)
    except Exception:  # noqa: BLE001 - no result store (ImmediateBackend) or pruned: not waiting
        return False
    status = str(result.status)
    if status == "RUNNING" and result.started_at and now - result.started_at > job.stale_bound():
        _mark_presumed_dead(job, state.last_task_id, result, now)
        return False
    return status in WAITING


def _presumed_dead(name: str, result, bound: timedelta, then: str) -> str:
    workers = ", ".join(getattr(result, "worker_ids", None) or []) or "unknown"
    return (
        f"{name}: running since {result.started_at.isoformat()}, longer than {bound}; "
        f"presumed dead (worker {workers} killed or lost) and {then}"
    )


def _mark_failed(task_id, reason: str, now: datetime) -> int:
    """Say so where the run is shown: the database backend's row, unless it finished meanwhile."""
    return DBTaskResult.objects.filter(pk=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=now,
        exception_class_path=f"{__name__}.{PresumedDead.__qualname__}",
        traceback=f"{PresumedDead.__qualname__}: {reason}\n",
    )


def _mark_presumed_dead(job: Periodic, task_id: str, result, now: datetime) -> None:
    """Say so in the log, and on the run's row."""
    reason = _presumed_dead(job.name, result, job.stale_bound(), "enqueued again")
    logger.warning("Periodic job %s", reason)
    if isinstance(job.task.get_backend(), DatabaseBackend):  # else: no row of ours to mark
        _mark_failed(task_id, reason, now)


def one_off_runs_presumed_dead(now: datetime | None = None) -> int:
    """Mark failed the one-off tasks (not periodic jobs, which the scheduler bounds itself) that a
    killed worker left "running" longer than ``ONE_OFF_RUN_BOUND``; returns how many. Their work
    is not lost: the periodic job that retries it (pending receipts, the email outbox) does it."""
    now = now or timezone.now()
    periodic_paths = {job.task.module_path for job in PERIODIC.values()}
    stale = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=now - ONE_OFF_RUN_BOUND).exclude(
        task_path__in=periodic_paths
    )
    marked = 0
    for row in stale.only("id", "task_path", "started_at", "worker_ids")[:1000]:
        reason = _presumed_dead(row.task_path, row, ONE_OFF_RUN_BOUND, "left to its retrying job")
        if _mark_failed(row.pk, reason, now):
            logger.warning("Task %s", reason)
            marked += 1
    return marked


def scheduler_tick(now: datetime | None = None) -> list[Enqueued]:
    """Enqueue the due jobs; returns what was enqueued, in registration order."""
    now = now or timezone.now()
    enqueued = []
    for job in list(PERIODIC.values()):
        # The claim is its own short transaction: two schedulers never enqueue the same round twice.
        with transaction.atomic():
            state, _ = JobState.objects.select_for_update().get_or_create(name=job.name)
            if not job_due(job, state, now) or _still_waiting(job, state, now):
                continue
            state.last_enqueued_at = now
            state.last_task_id = ""
            state.save(update_fields=["last_enqueued_at", "last_task_id"])
        # Enqueued after the claim has committed, so a backend that runs the task at once runs it
        # outside our transaction. A crash in between skips one round; the next one comes.
        result = job.task.enqueue()
        state.last_task_id = str(result.id)[:64]
        state.save(update_fields=["last_task_id"])
        logger.debug("Enqueued periodic job %s as task %s", job.name, result.id)
        enqueued.append(Enqueued(name=job.name, result=result))
    return enqueued
