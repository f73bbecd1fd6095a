"""The real path of production: tasks stored by the database backend, run by `db_worker`."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from eppid.integrity import merkle
from eppid.integrity.models import Checkpoint
from eppid.integrity.tree import tree_append
from eppid.notifications.models import EmailStatus
from eppid.notifications.services import email_queue
from eppid.organisation.models import Unit

pytestmark = [pytest.mark.usefixtures("empty_log"), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_an_email_waits_for_the_worker_and_is_sent_by_it(database_tasks):
    with transaction.atomic():
        email = email_queue(
            to="ani@example.com",
            subject="Permohonan diterima",
            body="Isi",
            unit=Unit.objects.get(code="35.04"),
        )
        assert not DBTaskResult.objects.exists()  # handed over only at commit
    task = DBTaskResult.objects.get()
    assert task.status == "READY" and task.args_kwargs["args"] == [email.pk]
    assert mail.outbox == []

    run_worker()

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert [message.to for message in mail.outbox] == [["ani@example.com"]]


def test_the_scheduler_enqueues_and_the_worker_runs(database_tasks, settings):
    settings.EPPID_VERIFY_HOUR = 24  # never due here
    settings.EPPID_ORPHAN_SWEEP_HOUR = 24
    settings.EPPID_REMINDER_HOUR = 24  # never due here
    settings.EPPID_RETENTION_HOUR = 24
    for index in range(3):
        tree_append(index, merkle.leaf_hash(f"entry {index}".encode()))

    call_command("run_scheduler", "--once")
    names = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert names == [
        "eppid.catalog.tasks.exemptions_expire",  # daily from 00:00 Jakarta: always due once a day
        "eppid.integrity.tasks.publish_checkpoint",
        "eppid.notifications.tasks.email_retry_due",
        "eppid.scheduling.tasks.one_off_presumed_dead",
        "eppid.signing.tasks.retry_pending",
    ]
    assert not Checkpoint.objects.exists()  # enqueued, not run: that is the worker's job

    call_command("run_scheduler", "--once")
    assert DBTaskResult.objects.count() == 5  # not due again, and never piled up

    run_worker()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert Checkpoint.objects.get().size == 3
