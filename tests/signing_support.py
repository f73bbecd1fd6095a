"""Helpers for the signing tests: a demo PKI of the test's own, and a stranger's signed PDF."""

from __future__ import annotations

import io
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
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


class Written(list):
    """A journal for ``document_issue``: the storage names of the files it wrote, in order."""

    def add(self, name: str) -> str:
        self.append(name)
        return name


def issue_sample(
    unit_code="35.04", kind="receipt", reference="35.04-2026-00042", supersedes=None, journal=None
):
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
            journal=journal,
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


def demo_root(signing_dir: Path):
    """The demo root certificate of ``signing_dir`` (made by ``pki_setup``), for pyHanko."""
    from asn1crypto import pem, x509

    _, _, der = pem.unarmor(root_pem(signing_dir))
    return x509.Certificate.load(der)


def signature_status(data: bytes, signing_dir: Path | None = None, *, roots=None):
    """pyHanko's verdict on the one signature of ``data``, fetching nothing: the one helper the
    tests validate signatures with. It trusts ``roots`` when given, else the demo root of
    ``signing_dir``."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    trusted = list(roots) if roots is not None else [demo_root(signing_dir)]
    [embedded] = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    return validate_pdf_signature(embedded, ValidationContext(trust_roots=trusted, allow_fetching=False))


def assert_signed_and_unmodified(data: bytes, pki, tmp_path: Path) -> None:
    """The one signature of ``data`` is valid, trusted and covers the whole file, for pyHanko and
    for poppler's pdfsig."""
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    status = signature_status(data, pki)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    report = pdfsig(path)
    assert "Signature is Valid" in report, report
    assert "Total document signed" in report, report


def pdf_words(data: bytes, tmp_path: Path) -> str:
    """The PDF's text with every run of whitespace made one space (table cells wrap)."""
    path = tmp_path / "text.pdf"
    path.write_bytes(data)
    text = subprocess.run(  # noqa: S603 - fixed program, our own temporary file
        ["/usr/bin/pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, timeout=60
    ).stdout
    return re.sub(r"\s+", " ", text)


def assert_signed_and_intact(data: bytes, signing_dir) -> None:
    """Signed by the unit of Tulungagung under the demo root, the whole file covered (pyHanko), safe
    to call from a test that drives Playwright."""
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    assert data.startswith(b"%PDF-")
    # pyHanko validates with asyncio.run, and Playwright's sync API keeps a loop running in this
    # thread: validate in another one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        status = pool.submit(signature_status, data, signing_dir).result(timeout=120)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert "Tulungagung" in status.signing_cert.subject.native["common_name"]


def crowded_signed_pdf(count: int) -> bytes:
    """A PDF signed by a leaf whose CMS carries ``count`` self-issued CA certificates that all
    share one subject name and have no key identifiers (issue 10, item 2): a path builder that
    matches issuers by name alone tries every ordering of them (count! paths)."""
    from datetime import UTC, datetime, timedelta

    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    now = datetime.now(UTC)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Loop CA")])

    def certificate(subject, public_key, signing_key, *, ca: bool):
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(ca_name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .sign(signing_key, hashes.SHA256())
        )

    def asn1(cert):
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    ca_key = ec.generate_private_key(ec.SECP256R1())
    cas = [certificate(ca_name, ca_key.public_key(), ca_key, ca=True) for _ in range(count)]
    key = ec.generate_private_key(ec.SECP256R1())
    leaf_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Crowded signer")])
    leaf = certificate(leaf_name, key.public_key(), ca_key, ca=False)
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    from asn1crypto import keys

    signer = signers.SimpleSigner(
        signing_cert=asn1(leaf),
        signing_key=keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs([asn1(c) for c in cas]),
    )
    meta = signers.PdfSignatureMetadata(field_name="Sig", subfilter=SigSeedSubFilter.PADES)
    out = signers.PdfSigner(meta, signer).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(sample_pdf())))
    return out.getvalue()


def countersigned(data: bytes, field_name: str = "Second") -> bytes:
    """``data`` with one more signature (a stranger's, in a new field)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    from eppid.signing.pki import ca_create, pkcs12_bytes, signing_certificate_create

    ca_key, ca_cert = ca_create("Stranger Root", "Somebody else")
    key, cert = signing_certificate_create(
        ca_key, ca_cert, common_name="Countersigner", organisation="Somebody else", unit_code="35.04"
    )
    signer = signers.SimpleSigner.load_pkcs12_data(pkcs12_bytes("x", key, cert, ca_cert, b"pw"), (), b"pw")
    meta = signers.PdfSignatureMetadata(field_name=field_name, subfilter=SigSeedSubFilter.PADES)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    return signers.PdfSigner(meta, signer).sign_pdf(writer).getvalue()


def heavy_catalog_pdf(numbers: int) -> bytes:
    """An unsigned PDF whose catalog holds an array of ``numbers`` zeros: about 2 bytes of file
    become some 250 bytes of parsed objects and 9 microseconds of CPU each."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Junk [" + b"0 " * numbers + b"] >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out
