"""Helpers for the signing tests: a demo PKI of the test's own, and a stranger's signed PDF."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

SAMPLE_BLOCKS = [
    ("heading", "Data permohonan"),
    ("rows", [("Nomor registrasi", "35.04-2026-00042"), ("Diterima", "29 November 2026")]),
    "Permohonan informasi Anda telah diterima dan dicatat.",
]


def pki_setup(settings, tmp_path: Path) -> Path:
    """Point signing at ``tmp_path`` and create the demo PKI there (units 35.04 and 35)."""
    from eppid.signing.pki import demo_pki_init

    signing = tmp_path / "signing"
    settings.EPPID_SIGNING_DIR = str(signing)
    settings.EPPID_SIGNING_PASSPHRASES_FILE = str(tmp_path / "keys" / "signing-passphrases")
    settings.EPPID_TRUST_ROOTS = [str(signing / "demo-root.pem")]
    settings.EPPID_SIGNING_DEFAULT_CERT = ""
    settings.EPPID_TSA_URL = ""
    settings.MEDIA_ROOT = str(tmp_path / "files")
    demo_pki_init()
    return signing


def sample_pdf(title="Tanda Bukti Permohonan Informasi") -> bytes:
    from eppid.signing.pdf import pdf_render

    return pdf_render(title=title, unit_name="Bawaslu Kabupaten Tulungagung", blocks=SAMPLE_BLOCKS)


def issue_sample(unit_code="35.04", kind="receipt", reference="35.04-2026-00042", supersedes=None):
    from django.db import transaction

    from eppid.organisation.models import Unit
    from eppid.signing.services import document_issue

    with transaction.atomic():
        return document_issue(
            unit=Unit.objects.get(code=unit_code),
            kind=kind,
            reference=reference,
            pdf=sample_pdf(),
            supersedes=supersedes,
        )


def stranger_signed_pdf() -> bytes:
    """A PDF signed by a key of a throwaway CA that nobody configured."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    from eppid.signing.pki import ca_create, pkcs12_bytes, signing_certificate_create

    ca_key, ca_cert = ca_create("Stranger Root", "Somebody else")
    key, cert = signing_certificate_create(
        ca_key, ca_cert, common_name="Forger", organisation="Somebody else", unit_code="35.04"
    )
    signer = signers.SimpleSigner.load_pkcs12_data(pkcs12_bytes("x", key, cert, ca_cert, b"pw"), (), b"pw")
    meta = signers.PdfSignatureMetadata(field_name="Sig", subfilter=SigSeedSubFilter.PADES)
    out = signers.PdfSigner(meta, signer).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(sample_pdf())))
    return out.getvalue()


def root_pem(signing_dir: Path) -> bytes:
    return (signing_dir / "demo-root.pem").read_bytes()


def pdfsig(path: Path) -> str:
    """poppler's pdfsig report (certificate checks off: it would ask NSS, not our roots)."""
    run = subprocess.run(
        ["/usr/bin/pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=60
    )
    return run.stdout + run.stderr


def signature_status(data: bytes, signing_dir: Path):
    """pyHanko's verdict on the one signature of ``data``, trusting only the demo root of
    ``signing_dir`` (made by ``pki_setup``) and fetching nothing."""
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _, _, der = pem.unarmor(root_pem(signing_dir))
    [embedded] = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)], allow_fetching=False)
    return validate_pdf_signature(embedded, context)
