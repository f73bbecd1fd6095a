"""Periodic work: a small registry of jobs that the scheduler enqueues as django-tasks tasks.

Any app declares its periodic jobs once, in ``<app>/tasks.py`` (imported at start-up)::

    from django_tasks import task
    from eppid.scheduling import periodic

    @periodic("disclosure.deadline_reminders", daily_at=7)          # every day from 07:00 WIB
    @task()
    def deadline_reminders() -> None: ...

    @periodic("signing.retry_pending", every=timedelta(minutes=5))
    @task()
    def signing_retry() -> None: ...

``every`` is a ``timedelta`` and ``daily_at`` an hour 0-23 (Asia/Jakarta); either may also be a
callable returning one, read at each tick, so a job can follow a setting that tests change.
``manage.py run_scheduler`` enqueues each job when it is due (never a second copy while the last
one still waits for a worker) and ``manage.py db_worker`` runs it. A run that a killed worker
left "running" blocks its job only until ``stale_bound()`` has passed since it started (three
intervals and at least 15 minutes, or 6 hours for a daily job; ``stale_after=`` sets it): it is
then presumed dead, marked failed saying so, and the job is enqueued again; a one-off task left
"running" longer than ``ONE_OFF_RUN_BOUND`` is marked failed the same way (its work is done again
by the periodic job that retries it: receipts, emails). A job must be
idempotent: it may run late, or twice after a crash. The registry holds no state; what ran when is kept in
``scheduling.JobState``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

# How long a run may take before it is presumed dead: at least this for a job every few minutes,
SHORTEST_RUN_BOUND = timedelta(minutes=15)
# and this for a daily job (the nightly verification of a national log is the longest).
DAILY_RUN_BOUND = timedelta(hours=6)
# A one-off task (a receipt finished by a worker, an email's delivery) takes seconds: one left
# "running" this long lost its worker (``scheduling.one_off_presumed_dead`` marks it failed).
ONE_OFF_RUN_BOUND = timedelta(hours=1)


@dataclass(frozen=True)
class Periodic:
    name: str
    task: object  # a django_tasks Task
    every: timedelta | Callable[[], timedelta] | None = None
    daily_at: int | Callable[[], int] | None = None
    stale_after: timedelta | None = None

    def stale_bound(self) -> timedelta:
        """How long a run may go on before it is presumed dead (its worker killed)."""
        if self.stale_after is not None:
            return self.stale_after
        interval = self.interval()
        if interval is None:
            return DAILY_RUN_BOUND
        return max(3 * interval, SHORTEST_RUN_BOUND)

    def interval(self) -> timedelta | None:
        value = self.every() if callable(self.every) else self.every
        return value

    def hour(self) -> int | None:
        return self.daily_at() if callable(self.daily_at) else self.daily_at


PERIODIC: dict[str, Periodic] = {}


def periodic(name: str, *, every=None, daily_at=None, stale_after=None):
    """Register the decorated django-tasks ``Task`` as the periodic job ``name``; returns the task."""
    if (every is None) == (daily_at is None):
        raise ImproperlyConfigured(f"periodic job {name!r}: give exactly one of every= or daily_at=")
    if isinstance(every, timedelta) and every <= timedelta(0):
        raise ImproperlyConfigured(f"periodic job {name!r}: every= must be positive")
    if isinstance(daily_at, int) and not 0 <= daily_at <= 23:
        raise ImproperlyConfigured(f"periodic job {name!r}: daily_at= is an hour from 0 to 23")

    def register(task):
        if not hasattr(task, "enqueue"):
            raise ImproperlyConfigured(f"periodic job {name!r}: decorate a django-tasks @task()")
        if name in PERIODIC and PERIODIC[name].task.module_path != task.module_path:
            raise ImproperlyConfigured(f"periodic job {name!r} is registered twice")
        PERIODIC[name] = Periodic(
            name=name, task=task, every=every, daily_at=daily_at, stale_after=stale_after
        )
        return task

    return register
