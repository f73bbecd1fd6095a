"""Our error pages: right status, our layout, never a traceback."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path

from eppid import urls as project_urls


def _forbidden(request):
    raise PermissionDenied("secret reason from the code")


def _suspicious(request):
    raise SuspiciousOperation("secret reason from the code")


def _broken(request):
    raise RuntimeError("secret reason from the code")


urlpatterns = [
    path("ui-test/forbidden/", _forbidden),
    path("ui-test/suspicious/", _suspicious),
    path("ui-test/broken/", _broken),
    *project_urls.urlpatterns,
]
handler500 = project_urls.handler500

pytestmark = pytest.mark.urls(__name__)


def assert_our_page(response, status, heading):
    body = response.content.decode()
    assert response.status_code == status
    assert '<a class="skip-link" href="#main">' in body
    assert f"<h1>{heading}</h1>" in body
    assert "secret reason from the code" not in body
    assert "Traceback" not in body


def test_404_page(client):
    assert_our_page(client.get("/en/no-such-page/"), 404, "Page not found")


def test_404_page_is_indonesian_by_default(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="id">' in response.content.decode()


def test_403_page(client):
    assert_our_page(client.get("/ui-test/forbidden/"), 403, "Anda tidak memiliki akses ke halaman ini")


def test_400_page(client):
    assert_our_page(
        client.get("/ui-test/suspicious/"), 400, "Maaf, kami tidak dapat memahami permintaan tersebut"
    )


def test_400_page_for_a_foreign_host_header(client):
    response = client.get("/en/", HTTP_HOST="evil.example")
    assert_our_page(response, 400, "Sorry, we could not understand that request")


def test_500_page_without_traceback(db):
    client = Client(raise_request_exception=False)
    assert_our_page(client.get("/ui-test/broken/"), 500, "Maaf, terjadi masalah pada layanan")


def test_500_page_survives_a_broken_template(db, settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False, "OPTIONS": {"context_processors": []}}
    ]
    client = Client(raise_request_exception=False)
    response = client.get("/ui-test/broken/")
    assert response.status_code == 500
    assert "secret reason from the code" not in response.content.decode()
    assert "e-PPID Bawaslu" in response.content.decode()


def test_csrf_failure_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/accounts/login/", {"username": "a", "password": "b"})
    assert_our_page(response, 403, "Your form has expired")
