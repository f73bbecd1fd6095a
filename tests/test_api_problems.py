"""The problem+json handlers, exercised on a throwaway API that raises each kind of error."""

import logging
from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.utils import translation
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.testing import TestClient

from eppid.api.problems import (
    on_http404,
    on_http_error,
    on_permission_denied,
    on_unexpected,
    problem_handlers_install,
)
from eppid.api.routers import api as shared_api

probe = NinjaAPI(urls_namespace="problem-probe")
problem_handlers_install(probe)


class Payload(Schema):
    name: str
    age: int


class Typed(Schema):
    names: list[str]
    active: bool
    day: date
    at: datetime
    share: float
    label: str
    tags: list[str] = Field([], max_length=2)


@probe.get("/boom")
def boom(request):
    raise RuntimeError("secret internals /etc/passwd")


@probe.get("/denied")
def denied(request):
    raise PermissionDenied


@probe.get("/missing")
def missing(request):
    raise Http404("internal hint")


@probe.get("/conflict")
def conflict(request):
    raise HttpError(409, "Already extended once.")


@probe.get("/private", auth=lambda request: None)
def private(request):
    return {"ok": True}


@probe.post("/things")
def things(request, payload: Payload):
    return {"ok": True}


@probe.post("/typed")
def typed(request, payload: Typed):
    return {"ok": True}


client = TestClient(probe)


def check(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"] and body["detail"]
    return body


def test_unexpected_error_is_500_without_internals(caplog):
    with caplog.at_level(logging.ERROR, logger="eppid.api"):
        body = check(client.get("/boom"), 500)
    assert "passwd" not in str(body)
    assert "Traceback" not in str(body)
    assert any("boom" in record.getMessage() for record in caplog.records)


def test_permission_denied_is_403():
    check(client.get("/denied"), 403)


def test_http404_is_404_without_internal_hint():
    assert "internal hint" not in check(client.get("/missing"), 404)["detail"]


def test_http_error_keeps_status_and_message():
    assert check(client.get("/conflict"), 409)["detail"] == "Already extended once."


def test_failed_authentication_is_401_with_challenge():
    response = client.get("/private")
    check(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="e-PPID"'


def test_validation_errors_are_grouped_by_field():
    body = check(client.post("/things", json={"age": "old"}), 422)
    assert set(body["errors"]) == {"name", "age"}


def test_every_kind_of_bad_value_gets_a_translated_message_not_pydantics_english():
    """pydantic words its own errors in English only ("Input should be a valid list"): each kind
    gets our wording, in the language the client asked for (contract section 2)."""
    bad = {"names": "A", "active": "maybe", "day": "31-01-2026", "at": "yesterday", "share": "half"}
    with translation.override("id"):
        body = check(client.post("/typed", json={**bad, "label": 5, "tags": ["a", "b", "c"]}), 422)
    errors = body["errors"]
    assert set(errors) == {"names", "active", "day", "at", "share", "label", "tags"}
    messages = [message for field in errors.values() for message in field]
    assert not [message for message in messages if "Input" in message]
    assert errors["names"] == ["Berikan daftar."]
    assert errors["active"] == ["Isi dengan true atau false."]
    assert errors["day"] == ["Masukkan tanggal dengan format TTTT-BB-HH, misalnya 2026-01-31."]
    assert errors["at"] == ["Masukkan tanggal dan waktu, misalnya 2026-03-02T09:30:00+07:00."]
    assert errors["share"] == ["Masukkan angka."]
    assert errors["label"] == ["Isi dengan teks."]
    assert errors["tags"] == ["Berikan paling banyak 2 butir."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "detail"), [("id", "Isi permintaan tidak dapat dibaca"), ("en", "cannot be read")]
)
def test_a_body_that_is_not_json_is_a_400_in_the_clients_language(language, detail):
    response = Client().post(
        "/api/v1/objections", data="{bad", content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )
    body = check(response, 400)
    assert detail in body["detail"]
    assert "Cannot parse" not in body["detail"]


def test_invalid_json_body_is_a_client_error_not_500():
    response = client.post("/things", data="{not json", content_type="application/json")
    body = check(response, response.status_code)
    assert 400 <= body["status"] < 500


@pytest.mark.parametrize(
    ("error", "handler"),
    [
        (RuntimeError("x"), on_unexpected),
        (PermissionDenied(), on_permission_denied),
        (Http404(), on_http404),
        (HttpError(409, "x"), on_http_error),
    ],
)
def test_shared_api_uses_the_problem_handlers(error, handler):
    assert shared_api._lookup_exception_handler(error) is handler
