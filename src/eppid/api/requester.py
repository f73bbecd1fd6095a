"""What every case file a citizen opens through the API takes first: the unit and the requester's
identity (the fields of ``eppid.casefiles.models.IDENTITY_ENTERED``, in that order)."""

from __future__ import annotations

from ninja import Field, Schema

from eppid.api.types import Line, Text


class RequesterIn(Schema):
    unit: Line = Field("", max_length=8, examples=["35.04"])
    requester_type: Line = Field("", max_length=20, description="individual, group or legal_entity")
    name: Line = Field("", max_length=200)
    group_name: Line = Field("", max_length=200, description="For requester_type=group.")
    nik: Line = Field("", max_length=32, description="16 digits; required unless legal_entity.")
    legal_entity_number: Line = Field("", max_length=100)
    email: Line = Field("", max_length=254)
    phone: Line = Field("", max_length=30)
    address: Text = Field("", max_length=500)
    occupation: Line = Field("", max_length=200)
