"""A local demo PKI for development: a root CA and one signing certificate per demo unit.

``demo_pki_init()`` (``manage.py init_demo_pki``, run by ``make run``) is idempotent: an existing
root and existing unit certificates are kept. Keys are ECDSA P-256. The root's certificate
(``demo-root.pem``) is what development's EPPID_TRUST_ROOTS trusts; nothing here is for production,
where a unit signs with its BSrE certificate (docs/operations.md, "Signing keys").
"""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils import timezone

from eppid.organisation.models import Unit
from eppid.signing.keys import SignerUnavailable, key_load
from eppid.signing.models import UnitCertificate
from eppid.signing.services import unit_certificate_choose

DEMO_UNITS = ("35.04", "35")
ROOT_CERT = "demo-root.pem"
ROOT_KEY = "demo-root.key"


def _private_write(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` (mode 0600) atomically."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _name(common_name: str, organisation: str, unit_code: str | None = None) -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
    ]
    if unit_code:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit_code))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def ca_create(common_name: str, organisation: str, *, days: int = 3650):
    """A self-signed root CA: (key, certificate)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common_name, organisation)
    now = timezone.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def signing_certificate_create(
    ca_key, ca_cert, *, common_name: str, organisation: str, unit_code: str, days=1825
):
    """A document-signing certificate issued by ``ca_cert``: (key, certificate)."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = timezone.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation, unit_code))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def pkcs12_bytes(name: str, key, cert, ca_cert, passphrase: bytes) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name.encode(), key, cert, [ca_cert], serialization.BestAvailableEncryption(passphrase)
    )


def passphrase_store(name: str, passphrase: str) -> None:
    """Set ``name``'s line in EPPID_SIGNING_PASSPHRASES_FILE (mode 0600), keeping the others."""
    path = Path(settings.EPPID_SIGNING_PASSPHRASES_FILE)
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    kept = [line for line in lines if line.partition(":")[0].strip() != name]
    _private_write(path, ("\n".join([*kept, f"{name}: {passphrase}"]) + "\n").encode())


@dataclass(frozen=True)
class DemoCertificate:
    name: str
    unit_code: str
    created: bool


def _root_load_or_create(directory: Path):
    cert_path, key_path = directory / ROOT_CERT, directory / ROOT_KEY
    if cert_path.is_file() and key_path.is_file():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return key, cert, False
    key, cert = ca_create("e-PPID Demo Root CA (not for production)", "e-PPID demo PKI")
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _private_write(key_path, key_pem)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert, True


def demo_pki_init(unit_codes=DEMO_UNITS) -> list[DemoCertificate]:
    """Create (once) the demo root and a certificate per unit, and let each unit sign with its own."""
    directory = Path(settings.EPPID_SIGNING_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    ca_key, ca_cert, _ = _root_load_or_create(directory)
    results = []
    for code in unit_codes:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        name = f"unit-{code}"
        created = False
        try:
            key_load(name)
        except SignerUnavailable:
            key, cert = signing_certificate_create(
                ca_key,
                ca_cert,
                common_name=f"PPID {unit.name}",
                organisation="Bawaslu (demo)",
                unit_code=code,
            )
            passphrase = secrets.token_urlsafe(24)
            passphrase_store(name, passphrase)
            _private_write(
                directory / f"{name}.p12", pkcs12_bytes(name, key, cert, ca_cert, passphrase.encode())
            )
            created = True

        current = UnitCertificate.objects.filter(unit=unit).first()
        if current is None or current.name == name:
            unit_certificate_choose(unit=unit, name=name, actor=None)
        results.append(DemoCertificate(name=name, unit_code=code, created=created))
    return results
