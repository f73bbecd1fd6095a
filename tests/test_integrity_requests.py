"""verify_integrity names a tampered information request by its registration number."""

import pytest
from django.db import connection
from tests.crypto_models import crypto_tables  # noqa: F401 - verify reads every encrypted model's table
from tests.disclosure_support import pdf_upload, request_data
from tests.integrity_support import verify

from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import request_submit

# Other modules' test-only encrypted models may be registered in this session; their tables must exist.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("crypto_tables")]


def test_a_submitted_request_verifies_intact():
    request_submit(data=request_data(), identity_document=pdf_upload())
    code, out = verify()
    assert code == 0, out


@pytest.mark.tampers
def test_a_request_edited_with_sql_is_named_by_its_registration_number():
    request = request_submit(data=request_data(), identity_document=pdf_upload()).request
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE disclosure_informationrequest SET due_date = %s WHERE id = %s", ["2099-01-01", request.pk]
        )
    code, out = verify()
    assert code == 1
    lines = [line for line in out.splitlines() if request.registration_number in line]
    assert len(lines) == 1 and "differs from its last log entry" in lines[0]


@pytest.mark.tampers
def test_two_niks_swapped_between_requests_are_reported_not_crashed():
    first = request_submit(data=request_data(), identity_document=pdf_upload()).request
    second = request_submit(data=request_data(nik="3504015507850002")).request
    stored = dict(InformationRequest.objects.values_list("pk", "nik"))
    with connection.cursor() as cursor:
        for pk, other in ((first.pk, second.pk), (second.pk, first.pk)):
            cursor.execute(
                "UPDATE disclosure_informationrequest SET nik = %s WHERE id = %s", [stored[other], pk]
            )
    code, out = verify()
    assert code == 1
    assert first.registration_number in out and second.registration_number in out
