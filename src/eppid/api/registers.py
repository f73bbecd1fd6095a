"""Staff API: the registers of one unit for a period (an extension of the contract).

``GET /api/v1/staff/requests/register?unit=35.04&from=2026-01-01&to=2026-12-31&format=json``
returns the same rows as the console page (JSON), or the CSV/XLSX file;
``GET /api/v1/staff/objections/register?...`` the same for the register of objections (a-k).
Same rules: view_cases in that unit (a foreign unit answers 404, a missing right 403), the NIK
never included, and every call recorded as a ``ReportDownload`` (transparency log).

This router is mounted before the routers with ``/requests/{number}`` and
``/objections/{number}`` (see routers.py), so "register" is never read as a number.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from eppid.api.auth import token_auth, unit_access_check
from eppid.api.problems import problem
from eppid.api.types import Line
from eppid.disclosure.register import RegisterPeriod, register_filename, register_table
from eppid.objections.register import objection_register_filename, objection_register_table
from eppid.organisation import selectors
from eppid.organisation.roles import Permission
from eppid.reports.models import ReportKind
from eppid.reports.services import report_download_record
from eppid.reports.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, table_csv, table_json, table_xlsx

router = Router(auth=token_auth, tags=["staff"])


class RegisterQuery(Schema):
    unit: Line = Field(max_length=8, description="The unit's code, e.g. 35.04.")
    # Text, parsed below: a date-typed schema field would bind to whatever ``date`` is at import.
    date_from: Line = Field(
        alias="from", max_length=10, description="First day of receipt (included), YYYY-MM-DD."
    )
    date_to: Line = Field(
        alias="to", max_length=10, description="Last day of receipt (included), YYYY-MM-DD."
    )
    format: Literal["json", "csv", "xlsx"] = "json"


class RegisterColumnOut(Schema):
    key: str
    label: str
    kind: str


class RegisterOut(Schema):
    title: str
    subtitle: str
    columns: list[RegisterColumnOut]
    rows: list[dict]


def _unit_and_period(request, filters: RegisterQuery):
    """(unit, period, None) or (None, None, a 422 problem); 404 for a foreign unit, 403 without the right."""
    unit = selectors.unit_get(filters.unit)
    if unit is None:
        raise Http404
    unit_access_check(request.auth, unit, Permission.VIEW_CASES)
    errors = {}
    days = {}
    for key, text in (("from", filters.date_from), ("to", filters.date_to)):
        try:
            days[key] = date.fromisoformat(text)
        except ValueError:
            errors[key] = [_("Enter a date as YYYY-MM-DD, for example 2026-01-31.")]
    if errors:
        message = "; ".join(message for messages in errors.values() for message in messages)
        return None, None, problem(422, message, errors=errors)
    try:
        period = RegisterPeriod(start=days["from"], end=days["to"])
    except ValidationError as error:
        return None, None, problem(422, "; ".join(error.messages), errors={"to": error.messages})
    return unit, period, None


def _answer(request, *, unit, period, table, kind: str, fmt: str, filename: str):
    """Record the download (one audited row), then the JSON body or the file."""
    report_download_record(
        unit=unit,
        kind=kind,
        period_from=period.start,
        period_to=period.end,
        fmt=fmt,
        row_count=len(table.rows),
        actor=request.auth,
    )
    if fmt == "json":
        return table_json(table)
    content, content_type = (
        (table_csv(table), CSV_CONTENT_TYPE) if fmt == "csv" else (table_xlsx(table), XLSX_CONTENT_TYPE)
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get(
    "/requests/register",
    response={200: RegisterOut},
    summary="The register of requests of a unit for a period (JSON, CSV or XLSX)",
)
def requests_register(request, filters: Query[RegisterQuery]):
    unit, period, refused = _unit_and_period(request, filters)
    if refused is not None:
        return refused
    return _answer(
        request,
        unit=unit,
        period=period,
        table=register_table(unit, period),
        kind=ReportKind.REQUESTS_REGISTER,
        fmt=filters.format,
        filename=register_filename(unit, period, filters.format),
    )


@router.get(
    "/objections/register",
    response={200: RegisterOut},
    summary="The register of objections (columns a-k) of a unit for a period (JSON, CSV or XLSX)",
)
def objections_register(request, filters: Query[RegisterQuery]):
    unit, period, refused = _unit_and_period(request, filters)
    if refused is not None:
        return refused
    return _answer(
        request,
        unit=unit,
        period=period,
        table=objection_register_table(unit, period),
        kind=ReportKind.OBJECTIONS_REGISTER,
        fmt=filters.format,
        filename=objection_register_filename(unit, period, filters.format),
    )
