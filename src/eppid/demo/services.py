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
from eppid.organisation.selectors import unit_profile_get
from eppid.organisation.services import unit_profile_update

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


# Contact details are invented and marked as such: a trainer must never phone a real office by mistake.
DEMO_PROFILES: dict[str, dict[str, str]] = {
    "35.04": {
        "address": "Jalan Contoh Nomor 1, Kabupaten Tulungagung, Jawa Timur (alamat demo)",
        "phone": "0355 000 001",
        "email": "ppid@tulungagung.demo.invalid",
        "service_hours": "Senin-Kamis 08.00-16.00 WIB; Jumat 08.00-16.30 WIB",
        "ppid_name": "Nama PPID (demo)",
        "ppid_position": "Kepala Subbagian Hukum, Humas, Data dan Informasi",
        "superior_name": "Nama Atasan PPID (demo)",
        "superior_position": "Koordinator Sekretariat Bawaslu Kabupaten Tulungagung",
    },
    "35": {
        "address": "Jalan Contoh Nomor 2, Surabaya, Jawa Timur (alamat demo)",
        "phone": "031 000 002",
        "email": "ppid@jatim.demo.invalid",
        "service_hours": "Senin-Kamis 08.00-16.00 WIB; Jumat 08.00-16.30 WIB",
        "ppid_name": "Nama PPID (demo)",
        "ppid_position": "Kepala Bagian Hukum, Humas, Data dan Informasi",
        "superior_name": "Nama Atasan PPID (demo)",
        "superior_position": "Kepala Sekretariat Bawaslu Provinsi Jawa Timur",
    },
}


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
        admin = get_user_model().objects.get(username="admin")
        for code, data in DEMO_PROFILES.items():
            _profile_fill(units[code], admin, data)
    return logins


def _profile_fill(unit: Unit, actor, data: dict[str, str]) -> None:
    """Fill an untouched profile only: what someone typed during the trial is kept on restart."""
    profile = unit_profile_get(unit)
    if not any(getattr(profile, name) for name in data):
        unit_profile_update(unit=unit, actor=actor, data=data)


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
