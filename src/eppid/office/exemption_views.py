"""The console's consequence tests (DIK): the unit's tests and the form that records one.

The form calls one service (``catalog.exemptions.exemption_record``); bad input redisplays it with
the errors and changes nothing. After the test the console shows the exempt entry with its papers.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eppid.catalog import exemption_selectors
from eppid.catalog.exemptions import exemption_record
from eppid.office.access import unit_permission_required
from eppid.office.exemption_forms import ExemptionForm
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import user_has_permission

READ = ["GET", "HEAD"]
FORM = ["GET", "HEAD", "POST"]
# Service field names the form asks for under another name.
FORM_FIELDS = {"information": "withheld", "exemption_basis": "grounds"}


@require_http_methods(READ)
@unit_permission_required(Permission.VIEW_INFORMATION)
def exemptions(request, code):
    unit = request.unit
    return render(
        request,
        "office/catalog/exemptions.html",
        {
            "unit": unit,
            "rows": exemption_selectors.exempt_rows(exemption_selectors.exemptions_for_console(unit)[:500]),
            "can_test": user_has_permission(request.user, Permission.PUBLISH_INFORMATION, unit),
        },
    )


@require_http_methods(FORM)
@unit_permission_required(Permission.PUBLISH_INFORMATION)
def exemption_new(request, code):
    unit = request.unit
    form = ExemptionForm(request.POST) if request.method == "POST" else ExemptionForm()
    if request.method == "POST" and form.is_valid():
        try:
            test = exemption_record(unit=unit, actor=request.user, data=form.data_for_service())
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                field = FORM_FIELDS.get(field, field)
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _(
                    "The consequence test is recorded: the information is in the exempt list, with "
                    "its signed papers."
                ),
            )
            return redirect("office:catalog-entry", code=unit.code, pk=test.entry_id)
    return render(request, "office/catalog/exemption_form.html", {"unit": unit, "form": form})
