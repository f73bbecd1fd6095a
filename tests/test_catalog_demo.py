"""`load_demo` also publishes a few entries of the information list, through the services, once."""

from io import StringIO

import pytest
from django.core.management import call_command
from tests.catalog_support import verify

from eppid.catalog import selectors
from eppid.catalog.models import EntryVersion, InformationEntry
from eppid.demo.catalog import DEMO_ENTRIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_demo_entries_are_published_once_with_a_history_and_one_to_request(data_dir):
    first = StringIO()
    call_command("load_demo", stdout=first)
    assert f"Demo entries of the information list: {len(DEMO_ENTRIES)}" in first.getvalue()
    assert selectors.information_search().exclude(current__category="exempt").count() == len(DEMO_ENTRIES)
    assert selectors.information_search(category="exempt").count() == 1  # the demo consequence test
    assert "Demo exempt entry (consequence test):" in first.getvalue()
    assert selectors.information_search(unit=None, q="versi kedua").count() == 1  # the second version's PDF
    assert EntryVersion.objects.filter(status="superseded").count() == 1
    named = InformationEntry.objects.filter(current__links__isnull=True).exclude(current__category="exempt")
    assert named.count() == 1  # named, not attached
    counts = (InformationEntry.objects.count(), EntryVersion.objects.count())

    call_command("load_demo", stdout=StringIO())
    assert (InformationEntry.objects.count(), EntryVersion.objects.count()) == counts
    assert verify()[0] == 0
