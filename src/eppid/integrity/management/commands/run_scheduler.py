"""The scheduler of e-PPID: run it as its own process next to the web server and the task worker.

Every EPPID_SCHEDULER_TICK seconds (default 30) it enqueues, as django-tasks tasks, the periodic
jobs that are due (eppid.scheduling: checkpoints every EPPID_CHECKPOINT_INTERVAL seconds, the
integrity verification daily from EPPID_VERIFY_HOUR, the email retries, and whatever other apps
register). ``manage.py db_worker`` executes them. ``--once`` runs one tick and exits (tests,
cron); with a backend that runs tasks at once it exits 1 when one of them failed.
"""

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from eppid.scheduling.runner import scheduler_tick

logger = logging.getLogger("eppid.scheduler")


class Command(BaseCommand):
    help = "Enqueue the periodic jobs when due (see eppid.scheduling); db_worker runs them."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue the due jobs once and exit.")

    def handle(self, *args, once=False, **options):
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        failures = 0
        while True:
            close_old_connections()
            try:
                for enqueued in scheduler_tick():
                    if enqueued.failed:
                        failures += 1
                        logger.error("Scheduled job %s failed", enqueued.name)
            except Exception:
                # A broken tick (database away) must be loud but must not end the scheduler.
                failures += 1
                logger.exception("The scheduler could not enqueue the periodic jobs")
            if once or stop.wait(settings.EPPID_SCHEDULER_TICK):
                break
        close_old_connections()
        if failures:
            self.stderr.write(f"{failures} scheduled job(s) failed; see the log.")
            if once:
                raise SystemExit(1)
