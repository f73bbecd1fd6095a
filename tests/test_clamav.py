"""ClamAV on every upload (issue 14 item 7, decision 1451): a real clamd with a local signature
for the EICAR test string, and a stand-in clamd for the answers a real one rarely gives.

The real clamd is Debian's ``clamav-daemon`` (.ci/run installs it); it runs from a temporary
directory with one signature of our own, since the public signature database cannot be
downloaded here. Without clamd those tests are skipped, saying so.
"""

import io
import shutil
import socket
import struct
import subprocess
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from tests.console_support import tiny_pdf
from tests.disclosure_support import PDF, pdf_upload, request_data
from tests.upload_bombs import EICAR

from eppid.core.clamav import ClamdError, clamd_instream
from eppid.core.uploads import upload_inspect
from eppid.disclosure.models import InformationRequest

CLAMD = shutil.which("clamd") or shutil.which("clamd", path="/usr/sbin:/usr/local/sbin")


def pdf_carrying(payload: bytes) -> bytes:
    """A readable one-page PDF with ``payload`` as the raw bytes of an uncompressed stream."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(tiny_pdf())))
    stream = StreamObject()
    stream.set_data(payload)
    writer._root_object[NameObject("/EppidTest")] = writer._add_object(stream)
    output = io.BytesIO()
    writer.write(output)
    assert payload in output.getvalue()
    return output.getvalue()


INFECTED_PDF = pdf_carrying(EICAR)
needs_clamd = pytest.mark.skipif(
    CLAMD is None, reason="clamd is not installed (Debian: apt-get install clamav-daemon; .ci/run does)"
)


@pytest.fixture(scope="module")
def clamd_socket(tmp_path_factory):
    """Our own clamd: a local socket, a signature database of one EICAR signature."""
    directory = tmp_path_factory.mktemp("clamd")
    (directory / "db").mkdir()
    (directory / "db" / "eppid-test.ndb").write_text(f"Eppid.Test.EICAR:0:*:{EICAR.hex()}\n")
    path = directory / "clamd.sock"
    (directory / "clamd.conf").write_text(
        f"LocalSocket {path}\nDatabaseDirectory {directory / 'db'}\nForeground yes\n"
        f"LogFile {directory / 'clamd.log'}\nStreamMaxLength 30M\nBytecode no\n"
    )
    process = subprocess.Popen(  # noqa: S603 - the system's clamd, a config file we wrote
        [CLAMD, "-c", str(directory / "clamd.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while not path.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"clamd did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
        yield str(path)
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def clamav(settings, clamd_socket):
    settings.EPPID_CLAMD_SOCKET = clamd_socket
    settings.EPPID_UPLOAD_SCANNER = "eppid.core.clamav.clamav_scan"
    return clamd_socket


@pytest.fixture
def clamav_down(settings, tmp_path):
    settings.EPPID_CLAMD_SOCKET = str(tmp_path / "no-clamd.sock")
    settings.EPPID_UPLOAD_SCANNER = "eppid.core.clamav.clamav_scan"


def refusal(content) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        upload_inspect(content)
    return caught.value


@needs_clamd
def test_clamd_finds_the_eicar_string(clamav):
    assert clamd_instream(EICAR) == "Eppid.Test.EICAR.UNOFFICIAL"
    assert clamd_instream(tiny_pdf()) is None


@needs_clamd
def test_an_infected_upload_is_refused_and_a_clean_one_accepted(clamav):
    error = refusal(INFECTED_PDF)
    assert error.code == "file_infected"
    assert "virus" in error.messages[0]
    assert upload_inspect(tiny_pdf()).kind == "pdf"


@needs_clamd
def test_a_file_larger_than_a_chunk_is_scanned_whole(clamav):
    content = pdf_carrying(b"x" * 200_000 + EICAR)
    assert refusal(content).code == "file_infected"


@needs_clamd
@pytest.mark.django_db
def test_the_api_refuses_an_infected_identity_document_in_indonesian(clamav, client, settings):
    settings.RATELIMIT_ENABLE = False
    body = {**request_data(), "identity_document": pdf_upload(content=INFECTED_PDF)}
    response = client.post("/api/v1/requests", body)
    assert response.status_code == 422
    assert "virus" in response.json()["errors"]["identity_document"][0]
    assert not InformationRequest.objects.exists()
    body = {**request_data(), "identity_document": pdf_upload(content=PDF)}
    assert client.post("/api/v1/requests", body).status_code == 201


@pytest.mark.django_db
def test_clamd_down_refuses_with_a_clear_message_not_a_500(clamav_down, client, settings, caplog):
    settings.RATELIMIT_ENABLE = False
    body = {**request_data(), "identity_document": pdf_upload(content=PDF)}
    response = client.post("/api/v1/requests", body)
    assert response.status_code == 422
    message = response.json()["errors"]["identity_document"][0]
    assert "virus" in message and "beberapa menit" in message
    assert not InformationRequest.objects.exists()
    assert "refused unscanned" in caplog.text


# --- A stand-in clamd: the answers a real one gives rarely ----------------------------------------


@pytest.fixture
def fake_clamd(settings):
    """A socket server that reads one INSTREAM and answers what the test sets."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    state = {"reply": b"stream: OK\0", "received": b""}

    def serve():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                data = b""
                while not data.endswith(b"\0\0\0\0") or len(data) < 14:
                    chunk = connection.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                state["received"] = data
                if state["reply"] is not None:
                    connection.sendall(state["reply"])

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings.EPPID_CLAMD_SOCKET = ""
    settings.EPPID_CLAMD_ADDRESS = f"127.0.0.1:{server.getsockname()[1]}"
    settings.EPPID_CLAMD_TIMEOUT_SECONDS = 2
    settings.EPPID_UPLOAD_SCANNER = "eppid.core.clamav.clamav_scan"
    yield state
    server.close()


def test_the_stream_is_sent_in_length_prefixed_chunks(fake_clamd):
    assert clamd_instream(b"abc") is None
    assert fake_clamd["received"] == b"zINSTREAM\0" + struct.pack(">I", 3) + b"abc" + struct.pack(">I", 0)


@pytest.mark.parametrize(
    "reply",
    [b"INSTREAM size limit exceeded. ERROR\0", b"UNKNOWN COMMAND\0", b"", b"stream: \xff FOUN\0"],
)
def test_an_error_or_unknown_answer_refuses_the_file(fake_clamd, reply):
    fake_clamd["reply"] = reply
    with pytest.raises(ClamdError):
        clamd_instream(b"abc")
    assert refusal(tiny_pdf()).code == "file_not_scanned"


def test_a_clamd_that_never_answers_is_a_refusal_within_the_timeout(fake_clamd):
    fake_clamd["reply"] = None
    started = time.monotonic()
    assert refusal(tiny_pdf()).code == "file_not_scanned"
    assert time.monotonic() - started < 10


def test_a_found_answer_names_the_signature(fake_clamd):
    fake_clamd["reply"] = b"stream: Win.Test.EICAR_HDB-1 FOUND\0"
    assert clamd_instream(b"abc") == "Win.Test.EICAR_HDB-1"
    assert refusal(tiny_pdf()).code == "file_infected"


def test_no_clamd_configured_means_no_scan(settings):
    assert settings.EPPID_CLAMD_SOCKET == settings.EPPID_CLAMD_ADDRESS == ""
    assert upload_inspect(INFECTED_PDF).kind == "pdf"


def test_documents_staff_publish_are_scanned_too(fake_clamd):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eppid.catalog.uploads import pdf_check

    fake_clamd["reply"] = b"stream: Win.Test.EICAR_HDB-1 FOUND\0"
    with pytest.raises(ValidationError) as caught:
        pdf_check(SimpleUploadedFile("sk.pdf", tiny_pdf(), content_type="application/pdf"))
    assert caught.value.code == "file_infected"
    fake_clamd["reply"] = b"stream: OK\0"
    assert pdf_check(SimpleUploadedFile("sk.pdf", tiny_pdf(), content_type="application/pdf")).pages == 1
