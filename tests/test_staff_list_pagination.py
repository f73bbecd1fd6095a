"""Staff lists paginate in the database (issue 10, item 12).

The staff request list of the API built every row's answer (decrypting its personal fields,
about 2 ms a row) before cutting out the page: 100,000 requests would take minutes a page. A
page now decrypts at most its own rows, whatever the total and whatever the filters, and reads
the same number of queries whatever its size. Counted by wrapping the decryption function.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time
from tests.disclosure_support import request_data
from tests.objection_support import at

from eppid.disclosure.services import request_decide, request_start, request_submit
from eppid.integrity import crypto
from eppid.objections.services import objection_file_periodic
from eppid.office import request_views

pytestmark = pytest.mark.django_db

TOTAL = 16
LATE = 7  # received in March 2026: overdue now
PAGE = 5


@pytest.fixture
def decrypted(monkeypatch):
    """{table: {row ids whose personal fields were decrypted}} while the test runs."""
    seen: dict[str, set[str]] = {}
    original = crypto.decrypt

    def counting(value, *, aad):
        column, _sep, row = aad.decode().rpartition(":")
        seen.setdefault(column.split(".")[0], set()).add(row)
        return original(value, aad=aad)

    monkeypatch.setattr(crypto, "decrypt", counting)
    return seen


@pytest.fixture
def ppid(make_staff):
    return make_staff("ppid", ("35.04", "ppid"))


@pytest.fixture
def many(ppid):
    """TOTAL requests of unit 35.04: LATE of them overdue, one decided, the rest due later."""
    with freeze_time(at(2026, 3, 2, 10, 0)):
        late = [request_submit(data=request_data()).request for _ in range(LATE)]
    for _ in range(TOTAL - LATE):
        request_submit(data=request_data())
    request_start(request=late[0], actor=ppid)
    request_decide(request=late[0], actor=ppid, outcome="granted", explanation="Here it is.")
    return late


REQUESTS = "disclosure_informationrequest"


def test_a_page_of_the_api_list_decrypts_only_its_rows(many, ppid, decrypted, api_client):
    api = api_client(ppid)
    for query, count in [
        ("", TOTAL),
        ("&page=3", TOTAL),
        ("&overdue=true", LATE - 1),
        ("&status=received", TOTAL - 1),
    ]:
        decrypted.clear()
        body = api.get(f"/api/v1/staff/requests?page_size={PAGE}{query}").json()
        assert body["count"] == count and len(body["results"]) == PAGE, query
        assert len(decrypted.get(REQUESTS, ())) <= PAGE, query


def test_the_api_list_reads_as_many_queries_for_a_big_page_as_for_a_small_one(many, ppid, api_client):
    api = api_client(ppid)
    api.get("/api/v1/staff/requests?page_size=1")  # the token's first use writes; not counted
    with CaptureQueriesContext(connection) as small:
        assert len(api.get("/api/v1/staff/requests?page_size=2").json()["results"]) == 2
    with CaptureQueriesContext(connection) as big:
        assert len(api.get("/api/v1/staff/requests?page_size=10").json()["results"]) == 10
    assert len(big) == len(small)


def test_the_api_list_orders_soonest_due_first_and_pages_do_not_overlap(many, ppid, api_client):
    api = api_client(ppid)
    seen = []
    for page in (1, 2, 3, 4):
        seen += [
            item["registration_number"]
            for item in api.get(f"/api/v1/staff/requests?page_size={PAGE}&page={page}").json()["results"]
        ]
    assert len(seen) == len(set(seen)) == TOTAL
    numbers = [
        item["registration_number"]
        for item in api.get("/api/v1/staff/requests?page_size=1000").json()["results"]
    ]
    assert numbers == seen


def test_a_page_of_the_console_inbox_decrypts_only_its_rows(
    many, ppid, verified_client, decrypted, monkeypatch
):
    monkeypatch.setattr(request_views, "REQUESTS_PER_PAGE", PAGE)
    client = verified_client(ppid)
    for query in ["", "?page=2", "?overdue=on", "?status=open", "?due_within=30"]:
        decrypted.clear()
        response = client.get(f"/en/office/units/35.04/requests/{query}")
        assert response.status_code == 200 and len(response.context["rows"]) == PAGE, query
        assert len(decrypted.get(REQUESTS, ())) <= PAGE, query


def test_a_page_of_the_api_objection_list_decrypts_only_its_rows(make_staff, decrypted, api_client):
    superior = make_staff("atasan", ("35.04", "superior"))
    for _ in range(8):
        objection_file_periodic(unit="35.04", data=request_data(), statement="Not published.")
    api = api_client(superior)
    decrypted.clear()
    body = api.get("/api/v1/staff/objections?page_size=3").json()
    assert body["count"] == 8 and len(body["results"]) == 3
    assert len(decrypted.get("objections_objection", ())) <= 3
