"""The integrity app's periodic jobs, run by the task worker (see eppid.scheduling)."""

import logging
from datetime import timedelta

from django.conf import settings
from django_tasks import task

from eppid.integrity.checkpoints import checkpoint_publish_if_grown
from eppid.integrity.nightly import integrity_run_due, integrity_run_perform
from eppid.integrity.orphans import orphans_sweep
from eppid.integrity.retention import retention_apply
from eppid.scheduling import periodic

logger = logging.getLogger("eppid.scheduler")


@periodic("integrity.publish_checkpoint", every=lambda: timedelta(seconds=settings.EPPID_CHECKPOINT_INTERVAL))
@task()
def publish_checkpoint() -> int | None:
    """A signed checkpoint when the log has grown; a rollback or a foreign file raises (task failed)."""
    checkpoint = checkpoint_publish_if_grown()
    if checkpoint is None:
        return None
    logger.info("Published checkpoint of size %s", checkpoint.size)
    return checkpoint.size


@periodic("integrity.verify_nightly", daily_at=lambda: settings.EPPID_VERIFY_HOUR)
@task()
def verify_nightly() -> int | None:
    """The daily verification; kept, mailed and logged by integrity_run_perform when it finds anything."""
    if not integrity_run_due():
        return None  # a second copy of the same night (late worker, two schedulers): nothing to do
    run = integrity_run_perform()
    if run.intact:
        logger.info("Nightly integrity check: intact")
    else:
        logger.error(
            "Nightly integrity check: %s finding(s); system administrators mailed", run.findings_count
        )
    return run.findings_count


@periodic("storage.sweep_orphans", daily_at=lambda: settings.EPPID_ORPHAN_SWEEP_HOUR)
@task()
def sweep_orphans() -> int:
    """Delete old stored files no row refers to (left by rolled-back transactions); idempotent."""
    result = orphans_sweep()
    if result.failures:
        logger.warning("Orphan sweep: %s file(s) could not be deleted", len(result.failures))
    return result.deleted


@periodic("integrity.apply_retention", daily_at=lambda: settings.EPPID_RETENTION_HOUR)
@task()
def apply_retention() -> int:
    """Clear the personal data whose retention period has ended (UU 27/2022); idempotent."""
    cleared = retention_apply()
    total = sum(cleared.values())
    if total:
        logger.info("Retention: personal data cleared in %s row(s): %s", total, cleared)
    return total
