"""PAdES B-T: with EPPID_TSA_URL the signature carries an RFC 3161 timestamp (a local test TSA)."""

import io
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from tests.signing_support import issue_sample, pki_setup

from eppid.signing.models import DocumentStatus
from eppid.signing.services import signing_retry_pending
from eppid.signing.verification import pdf_verify

pytestmark = pytest.mark.django_db


def _tsa_stamper(signing_dir):
    root = x509.load_pem_x509_certificate((signing_dir / "demo-root.pem").read_bytes())
    root_key = serialization.load_pem_private_key((signing_dir / "demo-root.key").read_bytes(), None)
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)  # the test TSA signs RSA only
    now = timezone.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")]))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(der_key),
    )


@pytest.fixture
def pki(settings, tmp_path):
    return pki_setup(settings, tmp_path)


@pytest.fixture
def tsa(pki):
    """A timestamp authority on 127.0.0.1 that answers RFC 3161 requests."""
    stamper = _tsa_stamper(pki)
    served = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            served.append(1)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", served
    server.shutdown()
    server.server_close()


def test_with_a_tsa_the_signature_is_timestamped(pki, tsa, settings):
    settings.EPPID_TSA_URL, served = tsa
    doc = issue_sample()
    assert doc.status == DocumentStatus.SIGNED
    assert served, "the timestamp authority was not asked"
    data = doc.signed_pdf()
    [embedded] = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    assert embedded.sig_object.get("/SubFilter") == "/ETSI.CAdES.detached"
    result = pdf_verify(data)
    assert result.signed and result.intact and result.trusted and result.registered
    assert result.timestamped  # B-T: a valid signature timestamp token
    assert abs((result.signed_at - doc.signed_at).total_seconds()) < 60


def test_an_unreachable_tsa_leaves_the_document_failed_then_retry_signs(pki, tsa, settings):
    url, _served = tsa
    settings.EPPID_TSA_URL = "http://127.0.0.1:9/"  # discard port: nobody answers
    doc = issue_sample()
    assert doc.status == DocumentStatus.FAILED and not doc.file
    settings.EPPID_TSA_URL = url
    assert signing_retry_pending().signed == 1
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SIGNED
