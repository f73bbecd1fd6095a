"""Expired sessions do not pile up in the database, and neither do the sign-ins they recorded
(``accounts.clear_expired_sessions``, daily with the retention run)."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from eppid.accounts.models import UserSession
from eppid.accounts.services import sessions_clear_expired
from eppid.scheduling import PERIODIC

pytestmark = pytest.mark.django_db


def _session(*, expired: bool) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["probe"] = 1
    store.set_expiry(-60 if expired else 3600)
    store.save()
    return store.session_key


def _signed_in(user, key: str, *, hours_ago: float) -> UserSession:
    row = UserSession.objects.create(user=user, session_key=key)
    UserSession.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(hours=hours_ago))
    return row


def test_expired_sessions_and_their_sign_ins_go_live_and_fresh_ones_stay(settings, make_staff):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"  # the store without Redis
    user = make_staff("petugas.sesi", ("35.04", "officer"))
    expired, live = _session(expired=True), _session(expired=False)
    _signed_in(user, expired, hours_ago=3)
    _signed_in(user, live, hours_ago=3)
    _signed_in(user, "saved-at-the-end-of-its-response", hours_ago=0)  # a sign-in under way

    assert sessions_clear_expired() == 1

    assert set(Session.objects.values_list("session_key", flat=True)) == {live}
    assert set(UserSession.objects.values_list("session_key", flat=True)) == {
        live,
        "saved-at-the-end-of-its-response",
    }


def test_the_clean_up_is_a_daily_job():
    job = PERIODIC["accounts.clear_expired_sessions"]
    assert job.interval() is None and job.hour() == settings.EPPID_RETENTION_HOUR
