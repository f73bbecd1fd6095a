"""`manage.py load_demo`: the demo staff of contract section 1, idempotent, never in production."""

import os
import re
import secrets
import stat
import subprocess
import sys
from base64 import b32decode
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.production_keys import production_keys_env

from eppid.organisation.models import Membership, Unit

EXPECTED_ROLES = {
    ("petugas.tulungagung", "35.04", "officer"),
    ("ppid.tulungagung", "35.04", "ppid"),
    ("atasan.tulungagung", "35.04", "superior"),
    ("petugas.jatim", "35", "officer"),
    ("atasan.jatim", "35", "superior"),
}
USERNAMES = {username for username, _, _ in EXPECTED_ROLES} | {"admin"}
ROW = re.compile(r"^│ (?P<username>[a-z.]+)\s+│ .*?│ (?P<password>\S+)\s+│ (?P<secret>[A-Z2-7]+)\s+│$")


@pytest.fixture
def units(db):
    """The unit tree normally comes from a data migration; create the three we need when absent."""
    national, _ = Unit.objects.get_or_create(
        code="00",
        defaults={"name": "Bawaslu Republik Indonesia", "level": "national", "region_name": "Indonesia"},
    )
    province, _ = Unit.objects.get_or_create(
        code="35",
        defaults={
            "name": "Bawaslu Provinsi Jawa Timur",
            "level": "province",
            "parent": national,
            "region_name": "Jawa Timur",
        },
    )
    Unit.objects.get_or_create(
        code="35.04",
        defaults={
            "name": "Bawaslu Kabupaten Tulungagung",
            "level": "regency",
            "parent": province,
            "region_name": "Kabupaten Tulungagung",
        },
    )


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def run_demo() -> tuple[str, dict[str, dict[str, str]]]:
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    logins = {}
    for line in text.splitlines():
        match = ROW.match(line)
        if match:
            logins[match["username"]] = {"password": match["password"], "secret": match["secret"]}
    return text, logins


def counts():
    return (get_user_model().objects.count(), Membership.objects.count(), TOTPDevice.objects.count())


def test_creates_the_contract_accounts_with_their_roles_and_units(units, data_dir):
    _, logins = run_demo()

    assert set(logins) == USERNAMES
    memberships = set(Membership.objects.values_list("user__username", "unit__code", "role"))
    assert memberships == EXPECTED_ROLES
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not Membership.objects.filter(user=admin).exists()
    for username in USERNAMES:
        assert TOTPDevice.objects.filter(user__username=username, confirmed=True).count() == 1
    non_admins = get_user_model().objects.exclude(username="admin")
    assert not non_admins.filter(is_superuser=True).exists()


def test_printed_passwords_sign_in_and_are_long(units, data_dir, rf):
    _, logins = run_demo()

    for username, login in logins.items():
        assert len(login["password"]) >= 16
        user = authenticate(rf.post("/accounts/login/"), username=username, password=login["password"])
        assert user is not None and user.username == username


def test_second_run_creates_nothing_and_prints_the_same(units, data_dir):
    first_text, first = run_demo()
    before = counts()

    second_text, second = run_demo()

    assert counts() == before
    assert second == first
    assert second_text == first_text
    assert "demo only" in second_text.lower()


def test_credentials_file_is_private(units, data_dir):
    run_demo()

    path = data_dir / "demo-credentials.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_printed_totp_secret_produces_codes_the_device_accepts(units, data_dir):
    text, logins = run_demo()

    for username, login in logins.items():
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        code = totp(b32decode(login["secret"]), step=device.step, digits=device.digits)
        assert device.verify_token(f"{code:0{device.digits}d}"), username
        assert f"secret={login['secret']}" in text


def test_later_run_repairs_accounts_with_the_stored_secrets(units, data_dir):
    _, first = run_demo()
    user = get_user_model().objects.get(username="ppid.tulungagung")
    user.set_password("someone changed it during the trial")
    user.save()
    get_user_model().objects.filter(username="petugas.jatim").delete()

    _, second = run_demo()

    assert second == first
    for username in ("ppid.tulungagung", "petugas.jatim"):
        user = get_user_model().objects.get(username=username)
        assert user.check_password(first[username]["password"])
    assert set(Membership.objects.values_list("user__username", "unit__code", "role")) == EXPECTED_ROLES


def test_refuses_in_production(units, data_dir, settings):
    settings.EPPID_ENV = "production"

    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=StringIO())

    assert counts() == (0, 0, 0)
    assert not (data_dir / "demo-credentials.json").exists()


def test_fails_clearly_without_the_units(db, data_dir):
    from eppid.organisation.models import Unit

    # The units arrive by data migration; take them away as a half-migrated database would.
    for level in ("regency", "province", "national"):
        Unit.objects.filter(level=level).delete()
    with pytest.raises(CommandError, match=r"35, 35\.04 are not in the database"):
        call_command("load_demo", stdout=StringIO())

    assert counts() == (0, 0, 0)


def test_unreadable_credentials_file_is_refused_without_changes(units, data_dir):
    (data_dir / "demo-credentials.json").write_text("{not json")

    with pytest.raises(CommandError, match="delete it"):
        call_command("load_demo", stdout=StringIO())

    assert counts() == (0, 0, 0)


def test_refuses_in_a_real_production_environment(tmp_path):
    """The whole stack: a complete production environment, and still no demo accounts."""
    root = Path(__file__).resolve().parent.parent
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "EPPID_DATA_DIR": str(tmp_path),
        "EPPID_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "eppid.bawaslu.go.id",
        "EMAIL_URL": "smtp://mail.bawaslu.go.id:25",
        "REDIS_URL": "redis://127.0.0.1:6379/10",
        "EPPID_WEBAUTHN_RP_ID": "eppid.bawaslu.go.id",
        "EPPID_WEBAUTHN_ORIGINS": "https://eppid.bawaslu.go.id",
        **production_keys_env(tmp_path),
    }

    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "manage.py", "load_demo"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert "refuses to run with EPPID_ENV=production" in result.stderr
    assert not (tmp_path / "demo-credentials.json").exists()


def test_demo_units_get_a_profile_and_later_edits_survive_a_rerun(units, data_dir, client):
    from eppid.organisation.selectors import unit_profile_get
    from eppid.organisation.services import unit_profile_update

    run_demo()
    tulungagung = Unit.objects.get(code="35.04")
    profile = unit_profile_get(tulungagung)
    assert profile.pk is not None
    assert profile.email.endswith(".invalid")  # invented contact details, never a real office's
    assert "demo" in profile.address
    page = client.get("/units/35.04/").content.decode()
    assert profile.ppid_position in page

    admin = get_user_model().objects.get(username="admin")
    unit_profile_update(unit=tulungagung, actor=admin, data={"phone": "0355 123456"})
    run_demo()
    assert unit_profile_get(tulungagung).phone == "0355 123456"
