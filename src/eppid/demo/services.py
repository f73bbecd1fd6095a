"""Loading the demo accounts: converges the database to the stored credentials, creating nothing twice."""

from __future__ import annotations

from base64 import b32encode
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from eppid.demo.credentials import credentials_for, credentials_path
from eppid.organisation.models import Membership, Unit
from eppid.organisation.roles import Role

DEMO_DEVICE_NAME = "demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    unit_code: str | None = None
    role: str | None = None
    superuser: bool = False


# Contract section 1: these names are what acceptance tests and trainers sign in with.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("petugas.tulungagung", "Petugas Informasi Tulungagung", "35.04", Role.OFFICER),
    DemoAccount("ppid.tulungagung", "PPID Bawaslu Kabupaten Tulungagung", "35.04", Role.PPID),
    DemoAccount("atasan.tulungagung", "Atasan PPID Bawaslu Kabupaten Tulungagung", "35.04", Role.SUPERIOR),
    DemoAccount("petugas.jatim", "Petugas Informasi Jawa Timur", "35", Role.OFFICER),
    DemoAccount("atasan.jatim", "Atasan PPID Bawaslu Provinsi Jawa Timur", "35", Role.SUPERIOR),
    DemoAccount("admin", "Administrator Sistem", superuser=True),
)


class DemoUnitsMissing(Exception):
    """The unit tree is not loaded, so the demo staff have nowhere to serve."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str
    password: str
    totp_secret: str
    otpauth_uri: str


def demo_accounts_load(*, data_dir: Path) -> list[DemoLogin]:
    """Create or repair the demo staff so the stored passwords and TOTP secrets work; return them."""
    codes = sorted({account.unit_code for account in DEMO_ACCOUNTS if account.unit_code})
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in units]
    if missing:
        raise DemoUnitsMissing(
            f"units {', '.join(missing)} are not in the database; "
            "run 'manage.py migrate' to load the unit tree"
        )
    stored = credentials_for([account.username for account in DEMO_ACCOUNTS], credentials_path(data_dir))
    logins = []
    with transaction.atomic():
        for account in DEMO_ACCOUNTS:
            entry = stored[account.username]
            unit = units.get(account.unit_code)
            device = _account_converge(account, unit, entry["password"], entry["totp_key"])
            logins.append(
                DemoLogin(
                    username=account.username,
                    role=str(Role(account.role).label) if account.role else "System administrator",
                    unit=f"{unit.code} {unit.name}" if unit else "all units",
                    password=entry["password"],
                    totp_secret=b32encode(device.bin_key).decode("ascii"),
                    otpauth_uri=device.config_url,
                )
            )
    return logins


def _account_converge(account: DemoAccount, unit: Unit | None, password: str, totp_key: str) -> TOTPDevice:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=account.username,
        defaults={
            "full_name": account.full_name,
            "is_staff": account.superuser,
            "is_superuser": account.superuser,
        },
    )
    changed = []
    if created or not user.check_password(password):
        # A demo login that no longer works is worse than a reset trial password.
        user.set_password(password)
        changed.append("password")
    if account.superuser and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        changed += ["is_staff", "is_superuser"]
    if not user.is_active:
        user.is_active = True
        changed.append("is_active")
    if changed:
        user.save(update_fields=None if created else changed)
    if unit is not None:
        Membership.objects.get_or_create(user=user, unit=unit, role=account.role)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name=DEMO_DEVICE_NAME, defaults={"key": totp_key, "confirmed": True}
    )
    if device.key != totp_key or not device.confirmed:
        device.key = totp_key
        device.confirmed = True
        device.save(update_fields=["key", "confirmed"])
    return device
