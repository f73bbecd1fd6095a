"""One rule, one place: the console and the API refuse the same staff input the same way.

Business rules live in the services; the console's forms and the API only translate. Each case
sends the same invalid input through the console and through the API: both refuse (the console
shows its form again or a 409 page, the API answers 422 or 409), nothing changes, and where the
refusal is a business rule (not the shape of a field) the console shows the API's own words.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from tests.console_support import make_request, pdf_upload, request_data
from tests.objection_support import decided_request

from eppid.disclosure.models import InformationRequest, RequestEvent
from eppid.disclosure.services import request_extend, request_withdraw
from eppid.integrity.models import LogEntry
from eppid.objections.models import Objection
from eppid.objections.services import objection_file

pytestmark = pytest.mark.django_db

FUTURE = timezone.now() + timedelta(days=3)
PAST = timezone.now() - timedelta(days=2)
YEARS_AGO = timezone.now() - timedelta(days=6 * 365)


@dataclass
class Case:
    label: str
    action: str  # register, extend, decide, forward
    console: dict
    api: dict
    names: str | None = None  # the field the API names; None: a 409 about the whole request
    same_words: bool = True  # a business rule: the console shows the API's message
    prepare: list = field(default_factory=list)  # services run on the request first


def _register_console(**overrides) -> dict:
    when = timezone.localtime(overrides.pop("when", PAST))
    data = request_data(
        channel="post", received_date=when.date().isoformat(), received_time=when.strftime("%H:%M")
    )
    data.pop("unit")
    data.update(overrides)
    return data


def _register_api(**overrides) -> dict:
    data = request_data(channel="post", received_at=overrides.pop("when", PAST).isoformat())
    data.update(overrides)
    return data


def _decision(**overrides) -> dict:
    data = {"outcome": "granted", "explanation": "The list is public.", "exemption_basis": "", "held_by": ""}
    data.update(overrides)
    return data


def _console_decision(**overrides) -> dict:
    """The console's form also posts what the API leaves out (its defaults)."""
    return {"material": "", "redactions": "", "fee_rupiah": "0", **_decision(**overrides)}


def _extended(item, actor):
    request_extend(request=item, actor=actor, reason="The archive is being searched.")


def _withdrawn(item, actor):
    request_withdraw(request=item, actor=actor, note="Asked by email.")


CASES = [
    Case(
        "register-in-the-future",
        "register",
        _register_console(when=FUTURE),
        _register_api(when=FUTURE),
        "received_at",
    ),
    Case(
        "register-received-years-ago",
        "register",
        _register_console(when=YEARS_AGO),
        _register_api(when=YEARS_AGO),
        "received_at",
    ),
    Case(
        "register-a-paper-copy-by-email",
        "register",
        _register_console(copy_format="hardcopy", delivery="email"),
        _register_api(copy_format="hardcopy", delivery="email"),
        "delivery",
    ),
    Case(
        "register-online-by-staff",
        "register",
        _register_console(channel="online"),
        _register_api(channel="online"),
        "channel",
        same_words=False,  # the console offers only the staff channels: a choice it never showed
    ),
    Case(
        "reject-without-basis",
        "decide",
        _console_decision(outcome="rejected"),
        _decision(outcome="rejected"),
        "exemption_basis",
        same_words=False,  # the console asks for a ground of its list in words; the API names the codes
    ),
    Case(
        "partial-grant-unknown-basis",
        "decide",
        _console_decision(outcome="partially_granted", exemption_basis="z"),
        _decision(outcome="partially_granted", exemption_basis="z"),
        "exemption_basis",
        same_words=False,  # the console's radio buttons list the grounds in force
    ),
    Case(
        "not-held-without-holder",
        "decide",
        _console_decision(outcome="not_held"),
        _decision(outcome="not_held"),
        "held_by",
    ),
    Case(
        "decide-a-withdrawn-request", "decide", _console_decision(), _decision(), None, prepare=[_withdrawn]
    ),
    Case(
        "extend-twice",
        "extend",
        {"reason": "Still searching."},
        {"reason": "Still searching."},
        None,
        prepare=[_extended],
    ),
    Case("extend-without-reason", "extend", {"reason": " "}, {"reason": " "}, "reason", same_words=False),
    Case(
        "forward-to-an-unknown-unit",
        "forward",
        {"unit": "99.99", "reason": "Held there."},
        {"unit": "99.99", "reason": "Held there."},
        "unit",
        same_words=False,
    ),
]

CONSOLE = {
    "register": "office:request-register",
    "extend": "office:request-extend",
    "decide": "office:request-decide",
    "forward": "office:request-forward",
}
API = {
    "register": "/api/v1/staff/requests",
    "extend": "/api/v1/staff/requests/{number}/extend",
    "decide": "/api/v1/staff/requests/{number}/decision",
    "forward": "/api/v1/staff/requests/{number}/forward",
}


def _state() -> tuple:
    """Everything a refused action must leave as it was (sign-ins and token uses are logged apart)."""
    requests = tuple(InformationRequest.objects.order_by("pk").values_list("pk", "status", "due_date"))
    return requests, RequestEvent.objects.count(), LogEntry.objects.exclude(object_type="security").count()


def _console_post(client, case: Case, item):
    if case.action == "register":
        url = _english(CONSOLE["register"], kwargs={"code": "35.04"})
        return client.post(url, {**case.console, "identity_document": pdf_upload()})
    url = _english(CONSOLE[case.action], kwargs={"code": "35.04", "number": item.registration_number})
    return client.post(url, case.console)


def _api_post(client, case: Case, item):
    if case.action == "register":
        return client.post(
            API["register"], {**case.api, "identity_document": pdf_upload()}, HTTP_ACCEPT_LANGUAGE="en"
        )
    url = API[case.action].format(number=item.registration_number)
    return client.post(url, case.api, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def _english(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, **kwargs)


def _messages(body: dict, field_name: str | None) -> list[str]:
    if field_name is None:
        return [body["detail"]]
    return list(body["errors"][field_name])


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.label)
def test_console_and_api_refuse_alike(case, make_staff, verified_client, api_client):
    officer = make_staff("petugas", ("35.04", "ppid"))
    item = None if case.action == "register" else make_request()
    for step in case.prepare:
        step(item, officer)
    by_api, by_console = api_client(officer), verified_client(officer)
    before = _state()

    api = _api_post(by_api, case, item)
    expected_status = 409 if case.names is None else 422
    assert api.status_code == expected_status, api.content
    assert _state() == before

    console = _console_post(by_console, case, item)
    assert console.status_code == (409 if case.names is None else 200), console.status_code
    assert _state() == before
    page = html.unescape(console.content.decode())
    if case.names is not None:
        form = console.context["form"]
        assert form.errors, "the console accepted what the API refused"
    if case.same_words:
        for message in _messages(api.json(), case.names):
            assert message in page, f"{case.label}: the console does not say {message!r}"


def test_a_grant_without_a_description_of_the_material_is_accepted_by_both(
    make_staff, verified_client, api_client
):
    """The contract's decision has no ``material``: the console asks for it but no longer demands it."""
    officer = make_staff("petugas", ("35.04", "ppid"))
    by_api, by_console = make_request(), make_request()
    api = api_client(officer).post(
        API["decide"].format(number=by_api.registration_number), _decision(), content_type="application/json"
    )
    assert api.status_code == 200
    url = _english(CONSOLE["decide"], kwargs={"code": "35.04", "number": by_console.registration_number})
    console = verified_client(officer).post(url, _console_decision())
    assert console.status_code == 302
    statuses = set(
        InformationRequest.objects.filter(pk__in=[by_api.pk, by_console.pk]).values_list("status", flat=True)
    )
    assert statuses == {"completed"}


def _objection(ppid):
    """An objection (ground a) against a rejection, filed at once, waiting for the atasan PPID."""
    request, code = decided_request(ppid, timezone.now() - timedelta(days=1))
    return objection_file(
        registration_number=request.registration_number, tracking_code=code, ground="a", statement="Why?"
    ).objection


@pytest.mark.parametrize(
    ("label", "body", "field_name", "same_words"),
    [
        ("dismissed-without-reasons", {"outcome": "dismissed", "explanation": " "}, "explanation", True),
        ("settled-where-the-law-forbids", {"outcome": "settled", "explanation": "Agreed."}, "outcome", False),
        ("an-outcome-the-law-lacks", {"outcome": "maybe", "explanation": "x"}, "outcome", False),
    ],
)
def test_objection_decisions_are_refused_alike(
    label, body, field_name, same_words, make_staff, verified_client, api_client
):
    ppid = make_staff("ppid", ("35.04", "ppid"))
    atasan = make_staff("atasan", ("35.04", "superior"))
    objection = _objection(ppid)
    by_api, by_console = api_client(atasan), verified_client(atasan)
    before = (
        Objection.objects.get(pk=objection.pk).status,
        LogEntry.objects.exclude(object_type="security").count(),
    )

    api = by_api.post(
        f"/api/v1/staff/objections/{objection.number}/decision",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert api.status_code == 422, api.content
    url = _english("office:objection-decide", kwargs={"code": "35.04", "number": objection.number})
    console = by_console.post(url, body)
    assert console.status_code == 200 and console.context["form"].errors
    assert (
        Objection.objects.get(pk=objection.pk).status,
        LogEntry.objects.exclude(object_type="security").count(),
    ) == before
    if same_words:
        page = html.unescape(console.content.decode())
        for message in api.json()["errors"][field_name]:
            assert message in page, f"{label}: the console does not say {message!r}"
