"""The end of an exemption (issue 12 item 4): on the day after ``until`` (Asia/Jakarta) the entry
becomes available at any time (setiap saat), the announcement is published, the PPID is told."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from tests.catalog_support import catalog_staff, exempt, verify

from eppid.catalog import selectors
from eppid.catalog.choices import Category, VersionStatus
from eppid.catalog.exemptions import exemptions_expire
from eppid.catalog.models import ConsequenceTest
from eppid.notifications.models import OutboundEmail
from eppid.scheduling import PERIODIC

pytestmark = pytest.mark.django_db

JAKARTA = timezone.get_fixed_timezone(7 * 60)
START = date(2026, 3, 2)
UNTIL = date(2026, 6, 30)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=JAKARTA)


@pytest.fixture(autouse=True)
def _urls_loaded_before_the_clock_is_frozen():
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing is the point


@pytest.fixture
def test_record(make_staff):
    _officer, ppid = catalog_staff(make_staff)
    with freeze_time(at(START)):
        return exempt(ppid, until=UNTIL.isoformat())


def test_nothing_opens_on_the_last_day_even_late_in_the_evening(test_record):
    with freeze_time(at(UNTIL, 23, 30)):  # 16:30 UTC
        assert exemptions_expire() == []
    test_record.refresh_from_db()
    assert test_record.opened_at is None
    assert list(selectors.information_search(category="exempt")) == [test_record.entry]


def test_just_after_midnight_in_jakarta_the_entry_opens(test_record, client):
    # 00:05 in Jakarta on 1 July is still 30 June in UTC: the Jakarta date counts.
    with freeze_time(at(UNTIL + timedelta(days=1), 0, 5)):
        [opened] = exemptions_expire()
    test = ConsequenceTest.objects.get(pk=test_record.pk)
    assert opened.pk == test.pk and test.opened_on == date(2026, 7, 1)
    entry = test.entry
    entry.refresh_from_db()
    assert entry.current.category == Category.ON_DEMAND and entry.current.version == 2
    assert entry.versions.get(version=1).status == VersionStatus.SUPERSEDED
    assert list(selectors.information_search(category="exempt")) == []
    assert list(selectors.information_search(category="on_demand")) == [entry]
    assert "30 Juni 2026" in test.announcement and "1 Juli 2026" in test.announcement
    # The announcement: on the entry's page and on the unit's exempt list.
    page = client.get(reverse("portal:information-entry", kwargs={"pk": entry.pk})).content.decode()
    assert test.announcement in page
    english = client.get("/en" + reverse("portal:information-entry", kwargs={"pk": entry.pk}))
    assert "Request this information" in english.content.decode()
    listing = client.get(reverse("portal:unit-exemptions", kwargs={"code": "35.04"})).content.decode()
    assert test.announcement in listing
    api = client.get(f"/api/v1/information/{entry.pk}").json()
    assert api["category"] == "on_demand" and api["test_url"] is None
    # The PPID is told, once.
    [email] = OutboundEmail.objects.filter(reference=f"catalog:exemption:{test.pk}")
    assert email.to == "ppid-35.04@example.org"
    assert verify()[0] == 0


def test_the_job_is_idempotent_and_late_runs_still_open(test_record):
    with freeze_time(at(UNTIL + timedelta(days=9))):
        assert len(exemptions_expire()) == 1
        assert exemptions_expire() == []
    assert OutboundEmail.objects.filter(reference__startswith="catalog:exemption:").count() == 1
    assert ConsequenceTest.objects.get().opened_on == UNTIL + timedelta(days=1)


def test_the_daily_job_is_registered_and_runs(test_record):
    job = PERIODIC["catalog.exemptions_expire"]
    assert job.hour() == 0 and job.interval() is None
    with freeze_time(at(UNTIL + timedelta(days=1), 1)):
        result = job.task.enqueue()
    assert str(result.status) == "SUCCESSFUL" and result.return_value == 1


def test_an_exempt_entry_is_found_by_its_description_before_and_after_it_opens(test_record):
    """The search index follows the consequence test's entry (merge of search with DIK)."""
    with freeze_time(at(UNTIL, 12)):
        assert list(selectors.information_search(q="pelanggaran")) == [test_record.entry]
    with freeze_time(at(UNTIL + timedelta(days=1), 0, 5)):
        exemptions_expire()
    found = list(selectors.information_search(q="pelanggaran"))
    assert found == [test_record.entry]
    assert found[0].current.category == Category.ON_DEMAND
