"""Publishing a granted request's released documents as an entry of the list, in one step
(issue 12 item 9): one form page on the request, one service call (``entry_from_request``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eppid.catalog.released import entry_from_request, released_pdfs
from eppid.catalog.services import CatalogError
from eppid.office.access import unit_permission_required
from eppid.office.redaction_views import errors_to_form
from eppid.office.released_forms import PublishReleasedForm
from eppid.office.request_views import unit_request_or_404
from eppid.organisation.roles import Permission

FORM = ["GET", "HEAD", "POST"]


def _initial(info_request, released) -> dict:
    first_line = " ".join(info_request.information.split())
    return {
        "title": first_line[:200],
        "summary": info_request.information,
        "format": _("Softcopy (PDF) on this site"),
        "documents": [str(doc.pk) for doc in released],
    }


@require_http_methods(FORM)
@unit_permission_required(Permission.PUBLISH_INFORMATION)
def request_publish(request, code, number):
    info_request = unit_request_or_404(request, number)
    released = released_pdfs(info_request)
    decision = getattr(info_request, "decision", None)
    status = 200
    if request.method == "POST":
        form = PublishReleasedForm(request.POST, released=released)
    else:
        form = PublishReleasedForm(initial=_initial(info_request, released), released=released)
    if request.method == "POST" and form.is_valid():
        try:
            entry = entry_from_request(
                request=info_request,
                actor=request.user,
                data=form.data_for_service(decision),
                documents=form.cleaned_data["documents"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        except CatalogError as error:
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(
                request, _("Published in the information list: the next citizen finds it without asking.")
            )
            return redirect("office:catalog-entry", code=request.unit.code, pk=entry.pk)
    return render(
        request,
        "office/redaction/publish_released.html",
        {
            "unit": request.unit,
            "item": info_request,
            "form": form,
            "decision": decision,
            "today": timezone.localdate(),
        },
        status=status,
    )
