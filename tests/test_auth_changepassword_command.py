"""`manage.py changepassword` (an operator on the server) ends the user's API tokens like a password
set by a system administrator in the admin (decision 1241): one transaction, one logged event."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from tests.auth_support import ensure_units

from eppid.accounts.models import ApiToken
from eppid.accounts.services import api_token_create
from eppid.integrity.models import LogEntry

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a long new passphrase for the server"


@pytest.fixture
def officer(db, make_staff):
    ensure_units()
    return make_staff("petugas", ("35.04", "officer"), email="petugas@example.org")


def _typed(monkeypatch, *answers):
    from django.contrib.auth.management.commands import changepassword

    typed = iter(answers)
    monkeypatch.setattr(changepassword.getpass, "getpass", lambda prompt="": next(typed))


def _events(user) -> int:
    return LogEntry.objects.filter(
        object_type="security", action="password_set_by_admin", object_id=str(user.pk)
    ).count()


def test_changepassword_revokes_every_token_and_logs_the_event(officer, client, monkeypatch, capsys):
    plaintexts = [api_token_create(user=officer, name=name)[1] for name in ("Rekap", "Sinkron")]
    _typed(monkeypatch, NEW_PASSWORD, NEW_PASSWORD)

    call_command("changepassword", "petugas")

    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert not ApiToken.objects.filter(user=officer, revoked_at__isnull=True).exists()
    for plaintext in plaintexts:
        assert client.get("/api/v1/staff/me", HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code == 401
    assert _events(officer) == 1
    assert "2 API token(s) of this user revoked" in capsys.readouterr().out


def test_a_refused_change_changes_nothing(officer, monkeypatch):
    api_token_create(user=officer, name="Rekap")
    before = get_user_model().objects.get(pk=officer.pk).password
    _typed(monkeypatch, *["short", "short"] * 3)  # too short each time: Django gives up

    with pytest.raises(CommandError, match="Aborting"):
        call_command("changepassword", "petugas")

    assert get_user_model().objects.get(pk=officer.pk).password == before
    assert ApiToken.objects.filter(user=officer, revoked_at__isnull=True).count() == 1
    assert _events(officer) == 0
