"""What the register and the reminders write is in the transparency log and verifies intact."""

import pytest
from django.db import connection
from django.urls import reverse
from freezegun import freeze_time
from tests.crypto_models import crypto_tables  # noqa: F401 - verify reads every encrypted model's table
from tests.integrity_support import verify
from tests.register_support import at, online, urls_loaded  # noqa: F401 - autouse fixture

from eppid.reminders.services import reminders_send
from eppid.reports.models import ReportDownload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("crypto_tables")]


@pytest.mark.tampers
def test_downloads_and_reminders_verify_and_a_deleted_download_is_found(make_staff, verified_client):
    officer = make_staff("integrity-officer", ("35.04", "officer"), email="officer@tulungagung.test")
    with freeze_time(at(2026, 3, 4, 10, 0)):
        online()
    with freeze_time(at(2026, 3, 13, 7, 0)):
        assert len(reminders_send()) == 1
    url = reverse("office:request-book-download", kwargs={"code": "35.04", "fmt": "csv"})
    assert verified_client(officer).get(url, {"from": "2026-03-01", "to": "2026-03-31"}).status_code == 200
    code, out = verify()
    assert code == 0, out

    # Removing the record of a download behind the application's back is reported.
    download = ReportDownload.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_reportdownload WHERE id = %s", [download.pk])
    code, out = verify()
    assert code == 1
    assert "reports.ReportDownload" in out
