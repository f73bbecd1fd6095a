"""The scheduler's own housekeeping: one-off tasks a killed worker left "running" are marked failed."""

from datetime import timedelta

from django_tasks import task

from eppid.scheduling import periodic
from eppid.scheduling.runner import one_off_runs_presumed_dead


@periodic("scheduling.one_off_presumed_dead", every=timedelta(minutes=15))
@task()
def one_off_presumed_dead() -> int:
    return one_off_runs_presumed_dead()
