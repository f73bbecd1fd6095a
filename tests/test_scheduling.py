"""The periodic-job registry other apps add to, and when the scheduler finds a job due."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_tasks import task

from eppid.scheduling import PERIODIC, Periodic, periodic
from eppid.scheduling.models import JobState
from eppid.scheduling.runner import job_due, scheduler_tick

JAKARTA = ZoneInfo("Asia/Jakarta")
CALLS = []


@task()
def remember() -> None:
    CALLS.append("ran")


@task()
def deliver_once() -> None:
    """A one-off task, as a receipt's finishing or an email's delivery is."""


def test_the_integrity_and_outbox_jobs_are_registered():
    assert {"integrity.publish_checkpoint", "integrity.verify_nightly", "notifications.email_retry"} <= set(
        PERIODIC
    )


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"every": timedelta(minutes=1), "daily_at": 3}, {"daily_at": 24}, {"every": timedelta(0)}],
)
def test_a_job_needs_exactly_one_valid_rhythm(kwargs):
    with pytest.raises(ImproperlyConfigured):
        periodic("test.bad", **kwargs)(remember)


def test_only_tasks_can_be_registered():
    with pytest.raises(ImproperlyConfigured, match="django-tasks"):
        periodic("test.plain", every=timedelta(minutes=1))(lambda: None)


def test_every_and_daily_rhythms():
    state = JobState(name="x")
    every = Periodic("x", remember, every=timedelta(minutes=5))
    now = datetime(2026, 3, 2, 10, 0, tzinfo=JAKARTA)
    assert job_due(every, state, now)
    state.last_enqueued_at = now
    assert not job_due(every, state, now + timedelta(minutes=4))
    assert job_due(every, state, now + timedelta(minutes=5))

    daily = Periodic("y", remember, daily_at=lambda: 7)  # a callable follows a setting
    state = JobState(name="y")
    assert not job_due(daily, state, datetime(2026, 3, 2, 6, 59, tzinfo=JAKARTA))
    assert job_due(daily, state, datetime(2026, 3, 2, 7, 0, tzinfo=JAKARTA))
    state.last_enqueued_at = datetime(2026, 3, 2, 7, 0, tzinfo=JAKARTA)
    assert not job_due(daily, state, datetime(2026, 3, 2, 23, 59, tzinfo=JAKARTA))
    assert job_due(daily, state, datetime(2026, 3, 3, 7, 1, tzinfo=JAKARTA))


@pytest.mark.django_db
def test_a_job_added_by_another_app_runs_when_due(monkeypatch):
    from eppid.scheduling import runner

    # Only this job, so the test does not publish checkpoints or verify the log.
    monkeypatch.setattr(
        runner, "PERIODIC", {"test.remember": Periodic("test.remember", remember, every=timedelta(hours=1))}
    )
    CALLS.clear()
    now = datetime(2026, 3, 2, 10, 0, tzinfo=JAKARTA)
    assert [item.name for item in scheduler_tick(now)] == ["test.remember"]
    assert CALLS == ["ran"]
    assert scheduler_tick(now + timedelta(minutes=59)) == []
    assert [item.name for item in scheduler_tick(now + timedelta(hours=1))] == ["test.remember"]
    assert CALLS == ["ran", "ran"]
    assert JobState.objects.get(name="test.remember").last_enqueued_at == now + timedelta(hours=1)


@pytest.fixture
def database_tasks(settings, monkeypatch):
    """Tasks stored by the database backend (production's), and only one periodic job."""
    from eppid.scheduling import runner

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    job = Periodic("test.remember", remember, every=timedelta(minutes=5))
    monkeypatch.setattr(runner, "PERIODIC", {job.name: job})
    return job


def _claimed_by_a_worker_that_died(started_at):
    from django_tasks_db.models import DBTaskResult

    result = DBTaskResult.objects.get(status="READY")
    result.claim("worker-killed-with-sigkill")
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=started_at)
    return result.pk


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_enqueued_again_once_presumed_dead(database_tasks, caplog):
    from django_tasks_db.models import DBTaskResult

    now = datetime(2026, 3, 2, 10, 0, tzinfo=JAKARTA)
    assert [item.name for item in scheduler_tick(now)] == ["test.remember"]
    dead = _claimed_by_a_worker_that_died(started_at=now)
    assert database_tasks.stale_bound() == timedelta(minutes=15)

    # Due again, but the last run may still be going: never a second copy beside it.
    assert scheduler_tick(now + timedelta(minutes=14)) == []
    assert DBTaskResult.objects.get(pk=dead).status == "RUNNING"

    # Past the bound the run is presumed dead: marked failed, saying why, and the job comes back.
    with caplog.at_level("WARNING", logger="eppid.scheduler"):
        assert [item.name for item in scheduler_tick(now + timedelta(minutes=16))] == ["test.remember"]
    abandoned = DBTaskResult.objects.get(pk=dead)
    assert abandoned.status == "FAILED" and abandoned.finished_at is not None
    assert abandoned.exception_class_path == "eppid.scheduling.runner.PresumedDead"
    assert "worker-killed-with-sigkill" in abandoned.traceback
    assert "presumed dead" in caplog.text and "test.remember" in caplog.text
    assert DBTaskResult.objects.filter(status="READY").count() == 1


@pytest.mark.django_db
def test_a_job_that_waits_for_a_worker_is_never_enqueued_twice(database_tasks):
    from django_tasks_db.models import DBTaskResult

    now = datetime(2026, 3, 2, 10, 0, tzinfo=JAKARTA)
    scheduler_tick(now)
    # No worker at all for a day: READY is not a dead run, it waits (no pile of copies).
    assert scheduler_tick(now + timedelta(days=1)) == []
    assert DBTaskResult.objects.count() == 1


def test_how_long_a_run_may_take_before_it_is_presumed_dead():
    assert Periodic("a", remember, every=timedelta(minutes=1)).stale_bound() == timedelta(minutes=15)
    assert Periodic("b", remember, every=timedelta(hours=1)).stale_bound() == timedelta(hours=3)
    assert Periodic("c", remember, daily_at=3).stale_bound() == timedelta(hours=6)
    own = Periodic("d", remember, daily_at=3, stale_after=timedelta(hours=20))
    assert own.stale_bound() == timedelta(hours=20)


@pytest.mark.django_db
def test_a_one_off_task_whose_worker_died_is_marked_failed_after_the_bound(database_tasks, caplog):
    from django_tasks_db.models import DBTaskResult

    from eppid.scheduling import ONE_OFF_RUN_BOUND
    from eppid.scheduling.runner import one_off_runs_presumed_dead

    now = datetime(2026, 3, 2, 10, 0, tzinfo=JAKARTA)
    scheduler_tick(now)  # the periodic job's own run: bounded by the scheduler, never by this sweep
    periodic_run = _claimed_by_a_worker_that_died(started_at=now - timedelta(hours=2))
    one_off = deliver_once.enqueue()
    dead = _claimed_by_a_worker_that_died(started_at=now - ONE_OFF_RUN_BOUND + timedelta(minutes=1))
    assert str(dead) == str(one_off.id)

    assert one_off_runs_presumed_dead(now) == 0  # not yet past the bound: it may still run
    assert DBTaskResult.objects.get(pk=dead).status == "RUNNING"
    with caplog.at_level("WARNING", logger="eppid.scheduler"):
        assert one_off_runs_presumed_dead(now + timedelta(minutes=2)) == 1
    marked = DBTaskResult.objects.get(pk=dead)
    assert marked.status == "FAILED" and marked.exception_class_path == "eppid.scheduling.runner.PresumedDead"
    assert "worker-killed-with-sigkill" in marked.traceback and "presumed dead" in caplog.text
    assert DBTaskResult.objects.get(pk=periodic_run).status == "RUNNING"
    assert one_off_runs_presumed_dead(now + timedelta(hours=5)) == 0  # marked once


def test_the_sweep_of_one_off_tasks_is_a_periodic_job():
    assert PERIODIC["scheduling.one_off_presumed_dead"].interval() == timedelta(minutes=15)
