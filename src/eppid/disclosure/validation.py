"""Checks of a request's data, shared by the portal, the console and the API.

Identity checks (NIK, decree number, uploaded documents) come from ``eppid.disclosure.identity``.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.disclosure.choices import AccessMethod, Channel, CopyFormat, Delivery, RequesterType
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
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{5,24}$")


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def _choice(errors, data, key, choices, *, required=True) -> str:
    value = _text(data, key)
    if not value:
        if required:
            errors.setdefault(key, []).append(_("This field is required."))
        return ""
    if value not in choices.values:
        errors.setdefault(key, []).append(
            _("Choose one of: %(expected)s.") % {"expected": ", ".join(choices.values)}
        )
        return ""
    return value


def _run(errors, key, check, value):
    try:
        return check(value)
    except ValidationError as error:
        errors.setdefault(key, []).extend(error.messages)
        return ""


def request_data_clean(data: dict) -> dict:
    """Validate a request's contract fields: cleaned values, or ValidationError({field: [msg]})."""
    errors: dict[str, list[str]] = {}
    out = {key: _text(data, key) for key in TEXT_LIMITS}
    for key, limit in TEXT_LIMITS.items():
        if len(out[key]) > limit:
            errors.setdefault(key, []).append(_("Enter at most %(limit)s characters.") % {"limit": limit})
    out["unit"] = _text(data, "unit")
    if not out["unit"]:
        errors.setdefault("unit", []).append(_("This field is required."))
    kind = out["requester_type"] = _choice(errors, data, "requester_type", RequesterType)
    out["access_method"] = _choice(errors, data, "access_method", AccessMethod)
    out["copy_format"] = _choice(
        errors, data, "copy_format", CopyFormat, required=out["access_method"] == AccessMethod.COPY
    )
    if out["access_method"] == AccessMethod.VIEW:
        out["copy_format"] = ""
    out["delivery"] = _choice(errors, data, "delivery", Delivery)
    for key in ("name", "address", "information", "purpose"):
        if not out[key]:
            errors.setdefault(key, []).append(_("This field is required."))
    out["nik"] = ""
    out["legal_entity_number"] = ""
    if kind in (RequesterType.INDIVIDUAL, RequesterType.GROUP):
        if not _text(data, "nik"):
            errors.setdefault("nik", []).append(_("This field is required."))
        else:
            out["nik"] = _run(errors, "nik", nik_check, _text(data, "nik"))
    if kind == RequesterType.GROUP and not out["group_name"]:
        errors.setdefault("group_name", []).append(_("This field is required."))
    if kind != RequesterType.GROUP:
        out["group_name"] = ""
    if kind == RequesterType.LEGAL_ENTITY:
        if not _text(data, "legal_entity_number"):
            errors.setdefault("legal_entity_number", []).append(_("This field is required."))
        else:
            out["legal_entity_number"] = _run(
                errors, "legal_entity_number", legal_entity_number_check, _text(data, "legal_entity_number")
            )
    if not out["email"] and not out["phone"]:
        errors.setdefault("email", []).append(_("Give an email address or a phone number."))
    if out["email"]:
        out["email"] = _run(errors, "email", _email_check, out["email"])
    if out["phone"] and not PHONE.match(out["phone"]):
        errors.setdefault("phone", []).append(
            _("Enter a phone number of digits, spaces and dashes, for example 0355 123456 or +62 355 123456.")
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


def received_at_clean(channel: str, received_at) -> datetime:
    """When the request came in: now for online filings, the given moment (never future) for staff."""
    now = timezone.now()
    if channel not in Channel.values:
        raise ValidationError(
            {"channel": [_("Choose one of: %(expected)s.") % {"expected": ", ".join(Channel.values)}]}
        )
    if channel == Channel.ONLINE:
        return now
    if received_at is None:
        raise ValidationError({"received_at": [_("This field is required.")]})
    if isinstance(received_at, str):
        from django.utils.dateparse import parse_datetime

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
    return received_at
