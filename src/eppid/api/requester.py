"""What every case file a citizen opens through the API takes first: the unit and the requester's
identity (the fields of ``eppid.casefiles.models.IDENTITY_ENTERED``, in that order); and the
requester as staff see them (``RequesterOut``, the objector's too)."""

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


class RequesterOut(Schema):
    """The requester as the caller may see them: every field is always present, masked where the
    rule says so (the same rule as the officer console's)."""

    requester_type: str
    name: str
    group_name: str
    nik: str | None = Field(
        description="Masked (region code and last four digits, 3504********0001) unless the caller "
        "asked for it on one request with ?unmask=nik and their role may unmask personal data; "
        "null when the requester has none."
    )
    nik_masked: bool = Field(description="Whether nik is shown masked.")
    masked_fields: list[str] = Field(
        description="The fields of this answer shown masked: nik, and in lists email, phone and address."
    )
    legal_entity_number: str
    email: str = Field(description="In full on one request; masked in lists (s***@example.org).")
    phone: str = Field(description="In full on one request; masked in lists (the last three digits).")
    address: str = Field(description="In full on one request; masked in lists (***).")
    occupation: str
