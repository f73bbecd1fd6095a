"""The staff API of the annual report: narratives, issue, the record of sending. (The rules of
when it may be issued: test_annual_report_issue_rules.py.)"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time
from tests.auth_support import bearer_headers
from tests.signing_support import pki_setup

from eppid.reports.models import AnnualReportIssue, AnnualReportNarrative, AnnualReportSubmission

pytestmark = pytest.mark.django_db
NARRATIVES = "/api/v1/staff/annual-reports/35.04/2026/narratives"
ISSUE = "/api/v1/staff/annual-reports/35.04/2026/issue"


@pytest.fixture
def ppid(make_staff):
    return bearer_headers(make_staff("ppid", ("35.04", "ppid")))


def test_the_ppid_writes_issues_and_records_the_sending(client, make_staff, settings, tmp_path):
    pki_setup(settings, tmp_path)
    # In January 2027, the report of 2026 (over now) with its four sections; signed in then.
    with freeze_time(datetime(2027, 1, 20, 2, 0, tzinfo=UTC)):
        ppid = bearer_headers(make_staff("ppid", ("35.04", "ppid")))
        body = {
            "policy": "Kebijakan.",
            "implementation": "Dua petugas.",
            "obstacles": "Hambatan jaringan.",
            "recommendations": "Menambah petugas.",
        }
        response = client.put(NARRATIVES, body, content_type="application/json", **ppid)
        assert response.status_code == 200 and response.json()["obstacles"] == "Hambatan jaringan."
        issued = client.post(ISSUE, {"scope": "unit"}, content_type="application/json", **ppid)
        assert issued.status_code == 201
        data = issued.json()
        assert data["version"] == 1 and data["signed"] and data["information_entry"] and data["pdf"]
        public = client.get(f"/api/v1/information/{data['information_entry']}")
        assert public.status_code == 200
        sent = client.post(
            f"/api/v1/staff/annual-reports/issues/{data['id']}/sent",
            {"sent_on": timezone.localdate().isoformat(), "channel": "online", "reference": "e-Monev 2027"},
            content_type="application/json",
            **ppid,
        )
        assert sent.status_code == 201 and AnnualReportSubmission.objects.get().reference == "e-Monev 2027"


@pytest.mark.parametrize(
    "url, body, field",
    [
        (NARRATIVES, {"policy": "a\x00b"}, "policy"),
        (NARRATIVES, {"scope": "galaxy"}, "scope"),
        ("/api/v1/staff/annual-reports/35.04/20x6/narratives", {}, "year"),
        (ISSUE, {"scope": "everything"}, "scope"),
    ],
)
def test_bad_input_is_422_and_changes_nothing(client, ppid, url, body, field):
    method = client.put if url.endswith("narratives") else client.post
    response = method(url, body, content_type="application/json", **ppid)
    assert response.status_code == 422 and field in response.json()["errors"]
    assert not AnnualReportNarrative.objects.exists() and not AnnualReportIssue.objects.exists()


def test_who_may_call(client, make_staff):
    officer = bearer_headers(make_staff("petugas", ("35.04", "officer")))
    other = bearer_headers(make_staff("other", ("35.03", "ppid")))
    assert client.put(NARRATIVES, {}, content_type="application/json", **officer).status_code == 403
    assert client.put(NARRATIVES, {}, content_type="application/json", **other).status_code == 404
    assert client.post(ISSUE, {}, content_type="application/json").status_code == 401
    unknown = "/api/v1/staff/annual-reports/99.99/2026/issue"
    assert client.post(unknown, {}, content_type="application/json", **other).status_code == 422
    missing = "/api/v1/staff/annual-reports/issues/999999/sent"
    assert client.post(missing, {}, content_type="application/json", **other).status_code == 404
