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
