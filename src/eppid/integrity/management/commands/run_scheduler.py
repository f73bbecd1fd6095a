"""The periodic jobs of e-PPID in one small loop: run it as its own process next to the web server.

Every EPPID_CHECKPOINT_INTERVAL seconds (default 300) it publishes a signed checkpoint when the
log has grown, and once a day (from EPPID_VERIFY_HOUR, Asia/Jakarta) it runs the integrity
verification. ``--once`` runs every job a single time and exits (tests, cron).
"""

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from eppid.integrity.checkpoints import checkpoint_publish_if_grown
from eppid.integrity.nightly import integrity_run_due, integrity_run_perform

logger = logging.getLogger("eppid.scheduler")


def publish_checkpoint_job() -> None:
    checkpoint = checkpoint_publish_if_grown()
    if checkpoint is not None:
        logger.info("Published checkpoint of size %s", checkpoint.size)


def verify_integrity_job() -> None:
    if integrity_run_due():
        run = integrity_run_perform()
        if run.intact:
            logger.info("Nightly integrity check: intact")
        else:
            logger.error(
                "Nightly integrity check: %s finding(s); system administrators mailed", run.findings_count
            )


JOBS = [publish_checkpoint_job, verify_integrity_job]


class Command(BaseCommand):
    help = "Run the periodic jobs (checkpoint publishing every EPPID_CHECKPOINT_INTERVAL seconds)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args, once=False, **options):
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        failures = 0
        while True:
            for job in JOBS:
                close_old_connections()
                try:
                    job()
                except Exception:
                    # A failing job (e.g. a detected rollback) must be loud but must not stop the others.
                    failures += 1
                    logger.exception("Scheduled job %s failed", job.__name__)
            if once or stop.wait(settings.EPPID_CHECKPOINT_INTERVAL):
                break
        if failures:
            self.stderr.write(f"{failures} scheduled job(s) failed; see the log.")
            if once:
                raise SystemExit(1)
