"""The requester's fields are declared once (casefiles.models) and every reader takes them from
there: the log's declarations, retention, the API's schemas, the staff view (issue 11 item 1)."""

from __future__ import annotations

import pytest

from eppid.api.objections import PeriodicIn
from eppid.api.requests import RequestIn
from eppid.casefiles.models import EVENT_FIELDS, IDENTITY_ENTERED, IDENTITY_FIELDS, PERSONAL_FIELDS
from eppid.disclosure.masking import requester_for_staff
from eppid.disclosure.models import InformationRequest, RequestEvent
from eppid.integrity.registry import spec_for
from eppid.integrity.retention import retention_rules
from eppid.objections.models import Objection, ObjectionEvent

CASE_FILES = [InformationRequest, Objection]


@pytest.mark.parametrize("model", CASE_FILES)
def test_the_log_records_every_identity_field_and_retention_clears_the_personal_ones(model):
    assert set(IDENTITY_FIELDS) <= set(spec_for(model).fields)
    (rule,) = [rule for rule in retention_rules() if rule.model is model]
    assert tuple(rule.fields_to_clear) == PERSONAL_FIELDS
    assert set(PERSONAL_FIELDS) <= set(IDENTITY_FIELDS)


@pytest.mark.parametrize(("model", "case_field"), [(RequestEvent, "request"), (ObjectionEvent, "objection")])
def test_the_timeline_of_each_case_file_is_logged_alike(model, case_field):
    assert spec_for(model).fields == (case_field, *EVENT_FIELDS)


@pytest.mark.parametrize("schema", [RequestIn, PeriodicIn])
def test_the_api_takes_the_identity_in_one_order(schema):
    names = tuple(schema.model_fields)
    assert names[: len(IDENTITY_ENTERED) + 1] == ("unit", *IDENTITY_ENTERED)


def test_staff_see_each_entered_field_once():
    source = InformationRequest(name="Siti", nik="3504011203850001", email="siti@example.org")
    shown = requester_for_staff(source, in_list=True)
    assert set(IDENTITY_ENTERED) <= set(shown)
    assert shown["name"] == "Siti" and shown["nik"] != "3504011203850001"
    assert shown["masked_fields"] == ["nik", "email"]
