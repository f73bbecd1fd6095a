"""Verification under a budget (issue 10, item 2): an upload crafted to be expensive gets a clear
answer within a bounded cost, through POST /api/v1/verify and the page /verifikasi/ alike.

A signature carrying nine self-issued CA certificates of one name and no key identifiers made
the path builder try every ordering (9! paths, minutes of CPU). Now structural caps refuse files
before any path building, and the check itself runs in a worker process with a CPU-time, memory
and wall-clock budget (docs/decisions/1210-verification-budget.md).
"""

import re
import threading
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.signing_support import (
    countersigned,
    crowded_signed_pdf,
    heavy_catalog_pdf,
    issue_sample,
    pki_setup,
    stranger_signed_pdf,
)

from eppid.signing import verify_pool

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(240)]

BUDGET_MESSAGE = "takes more work than e-PPID allows"


@pytest.fixture
def pki(settings, tmp_path):
    return pki_setup(settings, tmp_path)


@pytest.fixture(scope="module")
def crowded_nine():
    return crowded_signed_pdf(9)


def _api(client, data: bytes):
    upload = SimpleUploadedFile("document.pdf", data, content_type="application/pdf")
    return client.post("/api/v1/verify", {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")


def _page(client, data: bytes):
    upload = SimpleUploadedFile("document.pdf", data, content_type="application/pdf")
    return client.post("/en/verifikasi/", {"file": upload})


def _file_error(response) -> str:
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    return response.json()["errors"]["file"][0]


# --- the CPU-time budget -------------------------------------------------------------------------


def test_api_nine_crowded_certificates_get_a_clear_error_within_the_budget(
    pki, client, settings, crowded_nine
):
    """Failed before the fix: the request ran for minutes (cut by the timeout mark)."""
    settings.EPPID_VERIFY_CPU_SECONDS = 1
    settings.EPPID_VERIFY_TIMEOUT_SECONDS = 120
    assert BUDGET_MESSAGE in _file_error(_api(client, crowded_nine))


def test_page_nine_crowded_certificates_show_the_error_in_the_form(pki, client, settings, crowded_nine):
    settings.EPPID_VERIFY_CPU_SECONDS = 1
    settings.EPPID_VERIFY_TIMEOUT_SECONDS = 120
    response = _page(client, crowded_nine)
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert BUDGET_MESSAGE in text


def test_the_budget_message_is_translated(pki, client, settings, crowded_nine):
    settings.EPPID_VERIFY_CPU_SECONDS = 1
    settings.EPPID_VERIFY_TIMEOUT_SECONDS = 120
    upload = SimpleUploadedFile("document.pdf", crowded_nine, content_type="application/pdf")
    response = client.post("/api/v1/verify", {"file": upload}, HTTP_ACCEPT_LANGUAGE="id")
    message = response.json()["errors"]["file"][0]
    assert response.status_code == 422
    assert BUDGET_MESSAGE not in message and "PDF" in message


def test_an_unsigned_file_that_is_slow_to_parse_is_bounded_too(pki, client, settings):
    """A 2 MB catalog of a million numbers cost about 9 s of CPU in the server process."""
    settings.EPPID_VERIFY_CPU_SECONDS = 1
    settings.EPPID_VERIFY_TIMEOUT_SECONDS = 120
    assert BUDGET_MESSAGE in _file_error(_api(client, heavy_catalog_pdf(1_000_000)))


# --- the memory budget ---------------------------------------------------------------------------


def test_a_file_that_needs_more_memory_than_allowed_gets_the_budget_error(pki, client, settings, caplog):
    settings.EPPID_VERIFY_MEMORY_MB = 16  # less than the worker itself: any growth fails
    settings.EPPID_VERIFY_CPU_SECONDS = 60
    settings.EPPID_VERIFY_TIMEOUT_SECONDS = 120
    assert BUDGET_MESSAGE in _file_error(_api(client, heavy_catalog_pdf(300_000)))
    assert "memory budget" in caplog.text
    settings.EPPID_VERIFY_MEMORY_MB = 512
    doc = issue_sample()
    body = _api(client, doc.signed_pdf()).json()
    assert body["registered"] is body["intact"] is True  # a fresh worker took over


# --- the structural caps -------------------------------------------------------------------------


def test_more_certificates_than_the_cap_are_refused_before_any_path_building(pki, client, settings):
    settings.EPPID_VERIFY_CPU_SECONDS = 60  # path building over 11 certificates would take hours
    settings.EPPID_VERIFY_TIMEOUT_SECONDS = 120
    message = _file_error(_api(client, crowded_signed_pdf(10)))  # and the signer's own
    assert "carries 11 certificates" in message and "at most 10" in message


def test_page_shows_the_certificate_cap(pki, client, settings):
    settings.EPPID_VERIFY_MAX_CERTIFICATES = 1
    text = _page(client, issue_sample().signed_pdf()).content.decode()
    assert "There is a problem" in text
    assert "carries 2 certificates" in text


def test_our_documents_are_well_inside_the_caps(pki, client, settings):
    settings.EPPID_VERIFY_MAX_CERTIFICATES = 2  # a B-B document carries its certificate and the root
    settings.EPPID_VERIFY_MAX_SIGNATURES = 1
    body = _api(client, issue_sample().signed_pdf()).json()
    assert body["signed"] is body["intact"] is body["registered"] is body["trusted"] is True


def test_more_signatures_than_the_cap_are_refused(pki, client, settings):
    data = countersigned(countersigned(stranger_signed_pdf()), field_name="Third")
    settings.EPPID_VERIFY_MAX_SIGNATURES = 2
    assert "more than 2 signatures" in _file_error(_api(client, data))
    settings.EPPID_VERIFY_MAX_SIGNATURES = 5
    body = _api(client, data).json()
    assert body["signed"] is body["intact"] is True
    assert body["signer"] == "Countersigner"  # the last signature, which covers the whole file


# --- the wall clock and a busy pool ----------------------------------------------------------------


def test_a_check_past_the_wall_clock_is_a_503_and_its_worker_is_killed(
    pki, client, settings, caplog, crowded_nine
):
    settings.EPPID_VERIFY_CPU_SECONDS = 600
    settings.EPPID_VERIFY_TIMEOUT_SECONDS = 1
    response = _api(client, crowded_nine)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    assert "busy" in response.json()["detail"]
    [pid] = re.findall(r"verification worker (\d+) killed", caplog.text)
    assert not Path(f"/proc/{pid}").exists()
    settings.EPPID_VERIFY_TIMEOUT_SECONDS = 60
    body = _api(client, issue_sample().signed_pdf()).json()
    assert body["registered"] is body["intact"] is True


def test_page_past_the_wall_clock_says_busy(pki, client, settings, crowded_nine):
    settings.EPPID_VERIFY_CPU_SECONDS = 600
    settings.EPPID_VERIFY_TIMEOUT_SECONDS = 1
    response = _page(client, crowded_nine)
    assert response.status_code == 503
    assert "Retry-After" in response
    assert "The document checker is busy" in response.content.decode()


def test_when_every_worker_is_taken_the_caller_hears_busy(pki, client, settings, crowded_nine):
    settings.EPPID_VERIFY_WORKERS = 1
    pool = verify_pool.pool()
    job = {"roots": [], "cpu_seconds": 3, "memory_mb": 512, "max_signatures": 5, "max_certificates": 10}
    outcome = []

    def occupy():
        try:
            pool.run(job, crowded_nine, timeout=120, size=1)
        except verify_pool.BudgetExceeded as exc:
            outcome.append(exc.reason)

    thread = threading.Thread(target=occupy)
    thread.start()
    deadline = time.monotonic() + 60
    while pool.busy == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    settings.EPPID_VERIFY_TIMEOUT_SECONDS = 1
    response = _api(client, issue_sample().signed_pdf())
    thread.join()
    assert response.status_code == 503
    assert outcome == ["cpu"]


# --- the schema ----------------------------------------------------------------------------------


def test_openapi_documents_the_refusals(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/verify"]["post"]
    for status in ("422", "503"):
        assert "application/problem+json" in operation["responses"][status]["content"]
    assert "200" in operation["responses"]


# --- the worker itself ---------------------------------------------------------------------------


def test_the_worker_is_reused_and_sees_no_secrets(pki, client, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://eppid:s3cret@db/eppid")
    monkeypatch.setenv("EPPID_DATA_KEYS_FILE", "/etc/eppid/data-keys.json")
    pool = verify_pool.pool()
    pool.close()  # the next check starts a worker under this environment
    data = issue_sample().signed_pdf()
    assert _api(client, data).json()["intact"] is True
    [pid] = pool.idle_pids()
    assert _api(client, data).json()["intact"] is True
    assert pool.idle_pids() == [pid]
    environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    names = {entry.partition(b"=")[0] for entry in environment if entry}
    assert not names & {b"DATABASE_URL", b"SECRET_KEY", b"EPPID_DATA_KEYS_FILE", b"DJANGO_SETTINGS_MODULE"}
