"""`load_demo` also fills 35.04 with requests in every state, through the services, never twice."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from freezegun import freeze_time
from tests.register_support import at, urls_loaded  # noqa: F401 - autouse fixture

from eppid.demo.requests import DEMO_REQUESTS
from eppid.disclosure.choices import Status
from eppid.disclosure.models import InformationRequest, RequestEvent
from eppid.integrity.models import LogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def _load() -> str:
    out = StringIO()
    with freeze_time(at(2026, 5, 20, 8, 0)):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_requests_in_every_state_and_idempotent(data_dir):
    output = _load()
    requests = {
        item.information: InformationRequest.objects.get(information=item.information)
        for item in DEMO_REQUESTS
    }
    assert "Demo requests of 35.04: 35.04-2026-00001, " in output
    state = {item.key: requests[item.information] for item in DEMO_REQUESTS}
    today = date(2026, 5, 20)
    assert state["received"].status == Status.RECEIVED and state["received"].channel == "online"
    assert state["in_progress"].status == Status.IN_PROGRESS
    assert state["extended"].extended and state["extended"].due_date > today
    completed = state["completed"]
    assert completed.status == Status.COMPLETED
    assert completed.decision.outcome == "granted" and completed.decision.documents.count() == 1
    assert state["overdue"].status == Status.IN_PROGRESS and state["overdue"].due_date < today
    assert all(request.unit.code == "35.04" for request in requests.values())
    # Made through the services: numbered, on the timeline and in the transparency log.
    assert RequestEvent.objects.filter(request=state["completed"]).count() >= 3
    logged = set(
        LogEntry.objects.filter(object_type="disclosure.InformationRequest").values_list(
            "object_id", flat=True
        )
    )
    assert {str(request.pk) for request in requests.values()} <= logged

    again = _load()
    assert again == output
    assert InformationRequest.objects.count() == len(DEMO_REQUESTS)
