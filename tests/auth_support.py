"""Helpers shared by the accounts tests (tests/test_auth_*.py), and the API's bearer token for any test."""

from __future__ import annotations

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from eppid.organisation.models import Unit

PASSWORD = "correct horse battery staple"
# A printed recovery code: five groups of five from an alphabet without 0/O/1/I/L.
RECOVERY_CODE = r"[2-9A-HJKMNP-Z]{5}(?:-[2-9A-HJKMNP-Z]{5}){4}"

UNITS = [
    ("00", "Bawaslu Republik Indonesia", "national", None, "Indonesia"),
    ("35", "Bawaslu Provinsi Jawa Timur", "province", "00", "Jawa Timur"),
    ("35.04", "Bawaslu Kabupaten Tulungagung", "regency", "35", "Kabupaten Tulungagung"),
    ("32", "Bawaslu Provinsi Jawa Barat", "province", "00", "Jawa Barat"),
    ("32.01", "Bawaslu Kabupaten Bogor", "regency", "32", "Kabupaten Bogor"),
]


def ensure_units() -> None:
    """The few units these tests use (kept if the full list is already loaded)."""
    for code, name, level, parent, region in UNITS:
        Unit.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "parent": Unit.objects.get(code=parent) if parent else None,
                "region_name": region,
            },
        )


def totp_code(user, *, at: float | None = None) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return device_code(device, at=at)


def device_code(device: TOTPDevice, *, at: float | None = None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def sign_in_password(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def recovery_codes_left(user) -> int:
    from eppid.accounts.selectors import recovery_codes_remaining

    return recovery_codes_remaining(user)


def bearer_headers(user) -> dict[str, str]:
    """Headers that call the API with a fresh token of ``user``: ``client.get(url, **bearer_headers(u))``
    (the ``api_client`` fixture gives a client that sends them on every call)."""
    from eppid.accounts.services import api_token_create

    _token, plaintext = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
