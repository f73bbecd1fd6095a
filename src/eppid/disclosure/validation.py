"""Checks of a request's data, shared by the portal, the console and the API.

Identity checks (NIK, decree number, uploaded documents) come from ``eppid.disclosure.identity``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from eppid.core.text import text_clean
from eppid.disclosure.choices import (
    STAFF_CHANNELS,
    AccessMethod,
    Channel,
    CopyFormat,
    Delivery,
    RequesterType,
)
from eppid.disclosure.identity import document_check, legal_entity_number_check, nik_check

TEXT_LIMITS = {
    "name": 200,
    "group_name": 200,
    "email": 254,
    "phone": 30,
    "address": 500,
    "occupation": 200,
    "information": 5000,
    "purpose": 2000,
}
MULTILINE = {"address", "information", "purpose"}
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{5,24}$")


def _text(data: dict, key: str, errors: dict | None = None, limit: int | None = None) -> str:
    """The field's text by the one rule of eppid.core.text; a refusal lands in ``errors``."""
    try:
        return text_clean(data.get(key), multiline=key in MULTILINE, limit=limit)
    except ValidationError as error:
        if errors is not None:
            errors.setdefault(key, []).extend(error.messages)
        return ""


def _choice(errors, data, key, choices, *, required=True) -> str:
    value = _text(data, key, errors)
    if not value:
        if required and key not in errors:
            errors.setdefault(key, []).append(_("This field is required."))
        return ""
    if value not in choices.values:
        errors.setdefault(key, []).append(
            _("Choose one of: %(expected)s.") % {"expected": ", ".join(choices.values)}
        )
        return ""
    return value


TRUE_WORDS = ("true", "1", "on", "yes")
FALSE_WORDS = ("false", "0", "off", "no", "")


def flag_clean(errors, data: dict, key: str) -> bool:
    """An optional yes/no field: absent or empty means no; anything unclear is an error."""
    value = data.get(key)
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text not in FALSE_WORDS:
        errors.setdefault(key, []).append(_("Answer yes (true) or no (false)."))
    return False


def _run(errors, key, check, value):
    try:
        return check(value)
    except ValidationError as error:
        errors.setdefault(key, []).extend(error.messages)
        return ""


def request_data_clean(data: dict) -> dict:
    """Validate a request's contract fields: cleaned values, or ValidationError({field: [msg]})."""
    errors: dict[str, list[str]] = {}
    out = {key: _text(data, key, errors, limit) for key, limit in TEXT_LIMITS.items()}
    out["unit"] = _text(data, "unit", errors)
    if not out["unit"] and "unit" not in errors:
        errors.setdefault("unit", []).append(_("This field is required."))
    kind = out["requester_type"] = _choice(errors, data, "requester_type", RequesterType)
    out["access_method"] = _choice(errors, data, "access_method", AccessMethod)
    out["copy_format"] = _choice(
        errors, data, "copy_format", CopyFormat, required=out["access_method"] == AccessMethod.COPY
    )
    if out["access_method"] == AccessMethod.VIEW:
        out["copy_format"] = ""
    out["delivery"] = _choice(errors, data, "delivery", Delivery)
    out["election_information"] = flag_clean(errors, data, "election_information")
    for key in ("name", "address", "information", "purpose"):
        if not out[key] and key not in errors:
            errors.setdefault(key, []).append(_("This field is required."))
    out["nik"] = ""
    out["legal_entity_number"] = ""
    if kind in (RequesterType.INDIVIDUAL, RequesterType.GROUP):
        nik = _text(data, "nik", errors)
        if nik:
            out["nik"] = _run(errors, "nik", nik_check, nik)
        elif "nik" not in errors:
            errors.setdefault("nik", []).append(_("This field is required."))
    if kind == RequesterType.GROUP and not out["group_name"] and "group_name" not in errors:
        errors.setdefault("group_name", []).append(_("This field is required."))
    if kind != RequesterType.GROUP:
        out["group_name"] = ""
    if kind == RequesterType.LEGAL_ENTITY:
        number = _text(data, "legal_entity_number", errors)
        if number:
            out["legal_entity_number"] = _run(
                errors, "legal_entity_number", legal_entity_number_check, number
            )
        elif "legal_entity_number" not in errors:
            errors.setdefault("legal_entity_number", []).append(_("This field is required."))
    if not out["email"] and not out["phone"] and not {"email", "phone"} & set(errors):
        errors.setdefault("email", []).append(_("Give an email address or a phone number."))
    if out["email"]:
        out["email"] = _run(errors, "email", _email_check, out["email"])
    if out["phone"] and not PHONE.match(out["phone"]):
        errors.setdefault("phone", []).append(
            _("Enter a phone number of digits, spaces and dashes, for example 0355 123456 or +62 355 123456.")
        )
    if (
        out["access_method"] == AccessMethod.COPY
        and out["copy_format"] == CopyFormat.HARDCOPY
        and out["delivery"] == Delivery.EMAIL
    ):
        errors.setdefault("delivery", []).append(
            _("A paper copy cannot be sent by email: choose pickup, post or courier.")
        )
    if out["delivery"] == Delivery.EMAIL and not out["email"] and "email" not in errors:
        errors.setdefault("email", []).append(_("Give an email address to receive the information by email."))
    if errors:
        raise ValidationError(errors)
    return out


def _email_check(value: str) -> str:
    validate_email(value)
    return value


def files_clean(requester_type: str, identity_document, authorisation_document) -> dict:
    """Check the uploads the requester type needs; return {field: InspectedUpload|None}."""
    errors: dict[str, list[str]] = {}
    checked = {"identity_document": None, "authorisation_document": None}
    if requester_type == RequesterType.LEGAL_ENTITY and identity_document is None:
        errors["identity_document"] = [_("Upload the deed of establishment of the legal entity.")]
    if requester_type == RequesterType.GROUP and authorisation_document is None:
        errors["authorisation_document"] = [_("Upload the power of attorney of the group's representative.")]
    for key, upload in (
        ("identity_document", identity_document),
        ("authorisation_document", authorisation_document),
    ):
        if upload is not None and key not in errors:
            checked[key] = _run(errors, key, document_check, upload) or None
    if requester_type != RequesterType.GROUP:
        checked["authorisation_document"] = None
    if errors:
        raise ValidationError(errors)
    return checked


def received_at_earliest(today: date | None = None) -> date:
    """The first day staff may give as a request's receipt: 1 January of last year (Asia/Jakarta).

    A letter that came in late in December is still registered in January, with its real day (the
    deadline counts from it; the register and the statistics count it in its own year), while a
    year typed wrong (2020 for 2026) is refused instead of filing a request years overdue, numbered
    in this year's series but counted in a register and an annual report long closed."""
    today = today or timezone.localdate()
    return date(today.year - 1, 1, 1)


def received_at_clean(channel: str, received_at, *, staff: bool = False, channels=STAFF_CHANNELS) -> datetime:
    """When the request (or objection) came in: now for online filings, the given moment for staff,
    never in the future nor before ``received_at_earliest()``.

    A citizen files online; staff register what came in by another channel (``channels``: those of
    a request, STAFF_CHANNELS, unless the caller's case takes fewer)."""
    now = timezone.now()
    allowed = tuple(channels) if staff else (Channel.ONLINE,)
    if channel not in allowed:
        expected = ", ".join(str(value) for value in allowed)
        raise ValidationError({"channel": [_("Choose one of: %(expected)s.") % {"expected": expected}]})
    if channel == Channel.ONLINE:
        return now
    if received_at is None:
        raise ValidationError({"received_at": [_("This field is required.")]})
    if isinstance(received_at, str):
        try:
            parsed = parse_datetime(received_at)
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationError(
                {"received_at": [_("Enter a date and time, for example 2026-03-02T09:30:00+07:00.")]}
            )
        received_at = parsed
    if not isinstance(received_at, datetime):
        raise ValidationError(
            {"received_at": [_("Enter a date and time, for example 2026-03-02T09:30:00+07:00.")]}
        )
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at)
    if received_at > now:
        raise ValidationError({"received_at": [_("The date received cannot be in the future.")]})
    earliest = received_at_earliest()
    if timezone.localtime(received_at).date() < earliest:
        raise ValidationError(
            {
                "received_at": [
                    _("The date received cannot be before %(date)s (1 January of last year): check the year.")
                    % {"date": formats.date_format(earliest, "j F Y")}
                ]
            }
        )
    # Stored as UTC: any offset is accepted on input, even one no database column holds (+18:00).
    return received_at.astimezone(UTC)
