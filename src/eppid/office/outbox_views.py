from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eppid.notifications import selectors, services
from eppid.office.access import unit_permission_required
from eppid.organisation import selectors as organisation_selectors
from eppid.organisation.roles import Permission


@require_http_methods(["GET", "HEAD"])
@unit_permission_required(Permission.VIEW_CASES)
def outbox(request, code):
    unit = request.unit
    user = request.user
    can_retry = user.is_superuser or organisation_selectors.user_has_permission(
        user, Permission.HANDLE_CASES, unit
    )
    rows = [
        {"email": email, "recipient": selectors.email_masked(email.to)}
        for email in selectors.outbox_undelivered(unit)[:200]
    ]
    return render(request, "office/outbox.html", {"unit": unit, "rows": rows, "can_retry": can_retry})


@require_http_methods(["POST"])
@unit_permission_required(Permission.HANDLE_CASES)
def outbox_retry(request, code, pk):
    email = selectors.outbox_email_for_unit(request.unit, pk)
    if email is None:
        raise Http404
    try:
        services.email_retry_now(email=email, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The email is queued for another attempt now."))
    return redirect("office:unit-outbox", code=request.unit.code)
