"""The nightly integrity verification: run every check, keep the outcome, and never fail silently.

A failure is kept as an ``IntegrityRun`` (the officer console shows a banner from it), mailed
to every active system administrator, and itself appended to the transparency log.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eppid.integrity import verification
from eppid.integrity.log import log_append
from eppid.integrity.models import IntegrityRun


def integrity_run_due(now: datetime | None = None) -> bool:
    """Due once a day, from EPPID_VERIFY_HOUR (Asia/Jakarta) on, unless it already ran today."""
    local = timezone.localtime(now or timezone.now())
    if local.hour < settings.EPPID_VERIFY_HOUR:
        return False
    today_from = local.replace(hour=settings.EPPID_VERIFY_HOUR, minute=0, second=0, microsecond=0)
    return not IntegrityRun.objects.filter(started_at__gte=today_from).exists()


def integrity_run_perform() -> IntegrityRun:
    started = timezone.now()
    findings = verification.findings_all()
    lines = [finding.line() for finding in findings]
    run = IntegrityRun.objects.create(
        started_at=started,
        finished_at=timezone.now(),
        findings_count=len(findings),
        findings="\n".join(lines),
    )
    if findings:
        # Logging the failure may itself fail on a damaged log or tree: that must not swallow the
        # run, the banner or the mail, so it is tried apart and its failure becomes a finding too.
        try:
            with transaction.atomic():
                log_append(
                    action="integrity_check_failed",
                    object_type="integrity.IntegrityRun",
                    object_id=run.pk,
                    content={"findings": len(findings), "lines": run.findings},
                    role="system",
                )
        except Exception as error:  # noqa: BLE001 - any failure here is reported, never raised
            run.findings += f"\nlog: this failed check could not be logged: {error}"
            run.save(update_fields=["findings"])
        _mail_admins(run)
    return run


def _mail_admins(run: IntegrityRun) -> None:
    recipients = list(
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("e-PPID integrity check: %(count)d finding(s)") % {"count": run.findings_count}
        body = _(
            "The nightly integrity check of %(when)s found records that differ from the transparency "
            "log. Run 'manage.py verify_integrity' on the server and compare with the latest backup.\n\n"
            "%(findings)s"
        ) % {"when": timezone.localtime(run.started_at).strftime("%Y-%m-%d %H:%M"), "findings": run.findings}
    send_mail(subject, body, None, recipients)


def integrity_alert_latest(max_age: timedelta = timedelta(days=7)) -> IntegrityRun | None:
    """The newest run, when it found problems and is recent: what the console warns about."""
    run = IntegrityRun.objects.order_by("-started_at").first()
    if run is None or run.intact or run.started_at < timezone.now() - max_age:
        return None
    return run
