"""The database or Redis out of reach: 503 with Retry-After and a clear answer, never a 500 with a
traceback, never a hang (issue 14 item 5; eppid.core.unavailable). Any other error stays a 500."""

from __future__ import annotations

import errno
import json
import logging
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, ProgrammingError, connection, connections, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path
from redis.exceptions import ConnectionError as RedisConnectionError
from tests.unavailable_support import closed_port, silent_listener

from eppid import urls as project_urls
from eppid.core.unavailable import is_unavailable


def _db_down_in_view(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def _remembers(request):
    request.session["seen"] = True  # saved by SessionMiddleware on the way out
    return HttpResponse("ok")


def _runaway(request):
    with transaction.atomic(), connection.cursor() as cursor:  # a business operation's transaction
        cursor.execute("SELECT pg_sleep(20)")
    return HttpResponse("finished")


def _broken(request):
    raise RuntimeError("secret reason from the code")


urlpatterns = [
    path("unavailable-test/db-down/", _db_down_in_view),
    path("unavailable-test/remembers/", _remembers),
    path("unavailable-test/broken/", _broken),
    path("unavailable-test/runaway/", _runaway),
    path("api/v1/unavailable-test/runaway/", _runaway),
    *project_urls.urlpatterns,
]
handler500 = project_urls.handler500

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]

REFUSED = "connection to server at 127.0.0.1, port 5432 failed: Connection refused"
ID_TITLE = "Layanan sementara tidak tersedia"
EN_TITLE = "Service temporarily unavailable"


@contextmanager
def database_down():
    """Every new query fails the way a stopped or restarting PostgreSQL makes it fail: on connecting."""
    refused = OperationalError(REFUSED)
    with mock.patch.object(connections["default"], "ensure_connection", side_effect=refused):
        yield


@contextmanager
def redis_at(location: str, **options):
    """Cache, sessions and rate limits on a Redis at ``location`` (restored before any teardown)."""
    cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    sessions = "django.contrib.sessions.backends.cache"
    with override_settings(CACHES={"default": {**cache, "OPTIONS": options}}, SESSION_ENGINE=sessions):
        yield


def assert_unavailable_page(response, language: str) -> str:
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert int(response["Retry-After"]) == settings.EPPID_UNAVAILABLE_RETRY_SECONDS
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Language"] == language
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert f'<html lang="{language}">' in body
    assert f"<h1>{ID_TITLE if language == 'id' else EN_TITLE}</h1>" in body
    for leak in ("Traceback", 'File "', "Connection refused", "OperationalError", "Error 111"):
        assert leak not in body
    return body


def assert_unavailable_problem(response, language: str) -> dict:
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) == settings.EPPID_UNAVAILABLE_RETRY_SECONDS
    assert response["Content-Language"] == language
    body = json.loads(response.content)
    assert body["status"] == 503
    assert body["title"] == (ID_TITLE if language == "id" else EN_TITLE)
    assert body["detail"]
    assert "Connection refused" not in response.content.decode()
    return body


def signed_in_staff(make_staff, verified_client):
    client = verified_client(make_staff("ana"))
    # An error raised in a middleware reaches the test client's signal too: keep the answer.
    client.raise_request_exception = False
    return client


def errors_logged(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.ERROR]


# --- The database ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "language"), [("/units/", "id"), ("/en/units/", "en")])
def test_a_citizen_page_with_the_database_down_is_503_in_its_language(client, caplog, url, language):
    with database_down():
        response = client.get(url)

    body = assert_unavailable_page(response, language)
    assert 'href="/en/"' in body if language == "en" else 'href="/"' in body
    assert len(errors_logged(caplog)) == 1
    assert "Connection refused" in errors_logged(caplog)[0].getMessage()


@pytest.mark.parametrize(("url", "language"), [("/office/", "id"), ("/en/office/", "en")])
def test_a_staff_page_with_the_database_down_is_503(make_staff, verified_client, caplog, url, language):
    """The session and the user are read by middleware (session timeout, second factor) before
    any view: the exception is raised there, not in the view."""
    client = signed_in_staff(make_staff, verified_client)

    with database_down():
        response = client.get(url)

    assert_unavailable_page(response, language)
    [record] = errors_logged(caplog)  # Django's own record of the exception, as a 503
    assert record.getMessage().startswith("Service Unavailable:")
    assert record.exc_info[1].args[0] == REFUSED


def test_a_staff_page_with_the_database_down_is_503_with_debug_on_too(make_staff, verified_client, settings):
    client = signed_in_staff(make_staff, verified_client)
    settings.DEBUG = True

    with database_down():
        response = client.get("/en/office/")

    assert_unavailable_page(response, "en")


@pytest.mark.parametrize(("accept", "language"), [("", "id"), ("en-GB,en;q=0.8", "en")])
def test_the_api_with_the_database_down_is_a_503_problem(client, caplog, accept, language):
    with database_down():
        response = client.get("/api/v1/units", HTTP_ACCEPT_LANGUAGE=accept)

    assert_unavailable_problem(response, language)
    assert len(errors_logged(caplog)) == 1


def test_the_schema_documents_the_503_of_every_operation(client):
    schema = client.get("/api/v1/openapi.json").json()

    operations = [operation for item in schema["paths"].values() for operation in item.values()]
    assert operations
    for operation in operations:
        assert operation["responses"]["503"]["description"] == ID_TITLE


def test_a_staff_api_call_with_the_database_down_is_a_503_problem(make_staff, api_client):
    client = api_client(make_staff("ana"))

    with database_down():
        response = client.get("/api/v1/staff/requests", HTTP_ACCEPT_LANGUAGE="en")

    assert_unavailable_problem(response, "en")


def test_a_view_that_raises_the_outage_itself_is_answered_by_the_middleware(client):
    assert_unavailable_page(client.get("/unavailable-test/db-down/"), "id")


@pytest.mark.parametrize("url", ["/unavailable-test/runaway/", "/api/v1/unavailable-test/runaway/"])
def test_a_statement_past_its_bound_is_a_503_and_stops_in_the_database(client, caplog, url):
    """EPPID_DB_STATEMENT_TIMEOUT (statement_timeout, here 200 ms): a runaway query is cancelled by
    PostgreSQL and the request answers 503 at once, where gunicorn would kill the worker after its
    own timeout and leave the query running."""
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 200")  # the test's transaction only

    started = time.monotonic()
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert time.monotonic() - started < 10
    if url.startswith("/api/"):
        assert_unavailable_problem(response, "en")
    else:
        assert_unavailable_page(response, "id")
    assert len(errors_logged(caplog)) == 1
    assert "canceling statement due to statement timeout" in errors_logged(caplog)[0].getMessage()
    with connection.cursor() as cursor:  # the cancelled statement left nothing running
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(20)%'")
        assert cursor.fetchone() == (0,)


# --- Redis -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "language"), [("/units/", "id"), ("/en/units/", "en")])
def test_a_citizen_page_with_redis_down_is_503(client, caplog, url, language):
    with redis_at(f"redis://127.0.0.1:{closed_port()}/0"):
        response = client.get(url)

    assert_unavailable_page(response, language)
    assert len(errors_logged(caplog)) == 1


def test_a_staff_page_with_redis_down_sends_to_the_sign_in_page(client):
    """The session lives in Redis: Django reads a session it cannot load as empty (its own rule),
    so the console sends the visitor to the sign-in page, and signing in answers 503 (below)."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32

    with redis_at(f"redis://127.0.0.1:{closed_port()}/0"):
        response = client.get("/en/office/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_signing_in_with_redis_down_is_503(client):
    with redis_at(f"redis://127.0.0.1:{closed_port()}/0"):
        response = client.post("/accounts/login/", {"username": "ana", "password": "whatever it is"})

    assert_unavailable_page(response, "id")


def test_a_session_that_cannot_be_saved_on_the_way_out_is_503(client):
    """The view succeeded; SessionMiddleware's save fails after it (a middleware's exception)."""
    client.raise_request_exception = False
    with redis_at(f"redis://127.0.0.1:{closed_port()}/0"):
        response = client.get("/unavailable-test/remembers/")

    assert_unavailable_page(response, "id")


def test_the_api_with_redis_down_is_a_503_problem(client):
    """Rate limits and the public cache are in Redis."""
    with redis_at(f"redis://127.0.0.1:{closed_port()}/0"):
        response = client.get("/api/v1/units", HTTP_ACCEPT_LANGUAGE="en")

    assert_unavailable_problem(response, "en")


def test_filing_through_the_api_with_redis_down_is_a_503_problem(client):
    with redis_at(f"redis://127.0.0.1:{closed_port()}/0"):
        response = client.post("/api/v1/requests", {}, HTTP_ACCEPT_LANGUAGE="en")

    assert_unavailable_problem(response, "en")


def test_a_redis_that_never_answers_is_a_503_within_the_socket_timeout(client):
    with silent_listener() as port, redis_at(f"redis://127.0.0.1:{port}/0", socket_timeout=1):
        began = time.monotonic()
        response = client.get("/en/units/")

    assert_unavailable_page(response, "en")
    assert time.monotonic() - began < 5


def test_the_page_survives_a_broken_template(client, settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False, "OPTIONS": {"context_processors": []}}
    ]
    with database_down():
        response = client.get("/units/")

    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert f"<h1>{ID_TITLE}</h1>" in body
    assert '<p lang="en">Service temporarily unavailable.' in body  # the fixed bilingual page
    assert "Traceback" not in body


# --- Everything else is still a bug ---------------------------------------------------------------


def test_any_other_error_of_a_page_is_still_a_500(caplog):
    client = Client(raise_request_exception=False)
    response = client.get("/unavailable-test/broken/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Internal Server Error" in errors_logged(caplog)[0].getMessage()


def test_any_other_error_of_the_api_is_still_a_500_problem(client):
    with mock.patch("eppid.api.units.selectors.units_search", side_effect=ProgrammingError("bad SQL")):
        response = client.get("/api/v1/units")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert "Retry-After" not in response


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (OperationalError(REFUSED), True),
        (RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused."), True),
        (ProgrammingError('relation "x" does not exist'), False),
        (RuntimeError("a bug"), False),
        (ConnectionError("not Redis, not the database"), False),
        (OSError(errno.ENOSPC, "No space left on device"), True),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), True),
        (OSError(errno.EACCES, "Permission denied"), False),
    ],
)
def test_what_counts_as_unavailable(error, unavailable):
    assert is_unavailable(error) is unavailable


def test_a_missing_sqlite_table_is_a_bug_not_an_outage():
    import sqlite3

    missing = OperationalError("no such table: disclosure_request")
    missing.__cause__ = sqlite3.OperationalError("no such table: disclosure_request")  # as Django wraps it
    locked = OperationalError("database is locked")
    locked.__cause__ = sqlite3.OperationalError("database is locked")

    assert not is_unavailable(missing)
    assert is_unavailable(locked)


# --- The file store full ---------------------------------------------------------------------------


def test_filing_with_the_file_store_full_is_a_503_problem_and_stores_nothing(client, caplog):
    from tests.console_support import pdf_upload, request_data

    from eppid.disclosure.models import InformationRequest

    full = OSError(errno.ENOSPC, "No space left on device")
    data = {**request_data(), "identity_document": pdf_upload()}
    with mock.patch("eppid.integrity.crypto.encrypted_file_save", side_effect=full):
        response = client.post("/api/v1/requests", data, HTTP_ACCEPT_LANGUAGE="en")

    body = assert_unavailable_problem(response, "en")
    assert "No space" not in json.dumps(body)
    assert not InformationRequest.objects.exists()
    assert len(errors_logged(caplog)) == 1
