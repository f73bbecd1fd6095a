"""Signing certificates from configuration: PKCS#12 files ``<name>.p12`` in EPPID_SIGNING_DIR.

Passphrases never enter the database. For a certificate named ``unit-35.04`` the passphrase is
read from the environment variable ``EPPID_SIGNING_PASSPHRASE_UNIT_35_04`` or else from the
``unit-35.04: passphrase`` line of EPPID_SIGNING_PASSPHRASES_FILE. A unit signs with the
certificate its unit admin chose (stored by name and SHA-256 fingerprint), else with the
deployment-wide EPPID_SIGNING_DEFAULT_CERT, else nobody can sign for it ("unavailable").
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.conf import settings

from eppid.signing.models import UnitCertificate

logger = logging.getLogger("eppid.signing")

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_LOADED: dict[tuple[str, bytes, bytes], LoadedKey] = {}
_LOADED_MAX = 64


class SignerUnavailable(Exception):
    """No usable certificate for the unit right now (none chosen, file missing, bad passphrase...)."""


@dataclass(frozen=True)
class CertificateInfo:
    name: str
    subject: str
    common_name: str
    issuer: str
    fingerprint: str  # SHA-256 of the certificate (DER), hex
    not_before: datetime
    not_after: datetime


@dataclass(frozen=True)
class LoadedKey:
    info: CertificateInfo
    pkcs12_bytes: bytes
    passphrase: bytes | None


def signing_dir() -> Path:
    return Path(settings.EPPID_SIGNING_DIR)


def _env_name(name: str) -> str:
    return "EPPID_SIGNING_PASSPHRASE_" + re.sub(r"[^A-Z0-9]", "_", name.upper())


def passphrase_for(name: str) -> bytes | None:
    value = os.environ.get(_env_name(name))
    if value is not None:
        return value.encode()
    path = settings.EPPID_SIGNING_PASSPHRASES_FILE
    if path and Path(path).is_file():
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            key, sep, secret = line.partition(":")
            if sep and key.strip() == name:
                return secret.strip().encode()
    return None


def certificate_fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()


def _common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def certificate_info(name: str, cert: x509.Certificate) -> CertificateInfo:
    return CertificateInfo(
        name=name,
        subject=cert.subject.rfc4514_string(),
        common_name=_common_name(cert.subject),
        issuer=cert.issuer.rfc4514_string(),
        fingerprint=certificate_fingerprint(cert),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )


def key_load(name: str) -> LoadedKey:
    """Read and open ``<name>.p12``; raises SignerUnavailable with the reason (no secrets in it)."""
    if not NAME_RE.match(name or ""):
        raise SignerUnavailable(f"invalid certificate name {name!r}")
    path = signing_dir() / f"{name}.p12"
    try:
        data = path.read_bytes()
    except OSError:
        raise SignerUnavailable(f"certificate file {name}.p12 not found") from None
    passphrase = passphrase_for(name)
    # Opening a PKCS#12 file (key derivation, decryption, parsing) costs milliseconds on every
    # signature; the result is kept per process for exactly these bytes and this passphrase, so
    # a replaced certificate or a changed passphrase is opened (and checked) again at once.
    cache_key = (name, hashlib.sha256(data).digest(), hashlib.sha256(passphrase or b"\x00none").digest())
    loaded = _LOADED.get(cache_key)
    if loaded is not None:
        return loaded
    try:
        _key, cert, _others = pkcs12.load_key_and_certificates(data, passphrase)
    except (ValueError, TypeError):
        raise SignerUnavailable(f"certificate {name}: cannot open (wrong or missing passphrase?)") from None
    if cert is None or _key is None:
        raise SignerUnavailable(f"certificate {name}: the file holds no key and certificate")
    loaded = LoadedKey(info=certificate_info(name, cert), pkcs12_bytes=data, passphrase=passphrase)
    if len(_LOADED) >= _LOADED_MAX:
        _LOADED.clear()  # old versions of replaced files go; the current ones load again once
    _LOADED[cache_key] = loaded
    return loaded


def certificates_available() -> list[CertificateInfo]:
    """Every configured certificate that opens (with its passphrase), by name."""
    found = []
    directory = signing_dir()
    if not directory.is_dir():
        return found
    for path in sorted(directory.glob("*.p12")):
        try:
            found.append(key_load(path.stem).info)
        except SignerUnavailable as exc:
            logger.warning("signing certificate skipped: %s", exc)
    return found


# Marks a unit read with its certificate choice (``units_with_certificate_choice``).
_CHOICE_READ = "_eppid_certificate_choice_read"


def units_with_certificate_choice(units):
    """``units`` (a Unit queryset) with each unit's certificate choice read in the same query, for
    a caller that signs for the unit within the same request: ``key_for_unit`` then reads no more.
    Returns the queryset; mark each unit it gives with ``certificate_choice_read``."""
    return units.select_related("signing_certificate")


def certificate_choice_read(unit):
    """Mark ``unit`` (from ``units_with_certificate_choice``) as holding its choice; returns it."""
    if unit is not None:
        setattr(unit, _CHOICE_READ, True)
    return unit


def _choice_of(unit):
    cached = unit._state.fields_cache  # noqa: SLF001 - what select_related filled
    if getattr(unit, _CHOICE_READ, False) and "signing_certificate" in cached:
        return cached["signing_certificate"]
    return UnitCertificate.objects.filter(unit=unit).first()


def key_for_unit(unit) -> LoadedKey:
    """The key ``unit`` signs with now, or SignerUnavailable saying why not."""
    choice = _choice_of(unit)
    if choice is not None:
        key = key_load(choice.name)
        if key.info.fingerprint != choice.fingerprint:
            raise SignerUnavailable(
                f"certificate {choice.name} was replaced since it was chosen; "
                "the unit admin must choose it again"
            )
        return key
    default = settings.EPPID_SIGNING_DEFAULT_CERT
    if default:
        return key_load(default)
    raise SignerUnavailable(f"unit {unit.code} has no signing certificate and no default is configured")
