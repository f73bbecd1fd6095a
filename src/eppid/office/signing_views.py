"""Console: a unit's pending and failed signings, and the unit admin's choice of certificate."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eppid.office.access import unit_permission_required
from eppid.organisation.selectors import user_has_permission
from eppid.signing.keys import SignerUnavailable, certificates_available, key_for_unit
from eppid.signing.models import UnitCertificate
from eppid.signing.selectors import documents_recent, documents_unsigned
from eppid.signing.services import signing_retry_pending, unit_certificate_choose


@unit_permission_required("view_cases")
def unit_documents(request, code):
    unit = request.unit
    return render(
        request,
        "office/signing/documents.html",
        {
            "unit": unit,
            "unsigned": documents_unsigned(unit),
            "recent": documents_recent(unit),
            "can_retry": request.user.is_superuser or _has(request.user, "handle_cases", unit),
        },
    )


def _has(user, permission, unit) -> bool:
    return user_has_permission(user, permission, unit)


@require_POST
@unit_permission_required("handle_cases")
def unit_documents_retry(request, code):
    result = signing_retry_pending(unit=request.unit)
    if result.pending or result.failed:
        messages.warning(
            request,
            _("Signed %(signed)s; %(left)s still unsigned. The reasons are listed below.")
            % {"signed": result.signed, "left": result.pending + result.failed},
        )
    else:
        messages.success(request, _("Signed %(signed)s; nothing is waiting.") % {"signed": result.signed})
    return redirect("signing-office:unit-documents", code=request.unit.code)


class CertificateChoiceForm(forms.Form):
    name = forms.ChoiceField(
        label=gettext_lazy("Certificate"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a certificate.")},
    )

    def __init__(self, *args, certificates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].choices = [
            (info.name, f"{info.name} - {info.common_name} ({info.fingerprint[:16]}...)")
            for info in certificates
        ]


@unit_permission_required("manage_signing")
def unit_signing(request, code):
    unit = request.unit
    certificates = certificates_available()
    form = CertificateChoiceForm(request.POST or None, certificates=certificates)
    if request.method == "POST" and form.is_valid():
        try:
            unit_certificate_choose(unit=unit, name=form.cleaned_data["name"], actor=request.user)
        except ValidationError as error:
            form.add_error("name", error.messages)
        else:
            messages.success(
                request, _("The unit now signs with %(name)s.") % {"name": form.cleaned_data["name"]}
            )
            return redirect("signing-office:unit-signing", code=unit.code)
    try:
        active = key_for_unit(unit).info
        problem = ""
    except SignerUnavailable as exc:
        active, problem = None, str(exc)
    return render(
        request,
        "office/signing/signing.html",
        {
            "unit": unit,
            "form": form,
            "certificates": certificates,
            "choice": UnitCertificate.objects.filter(unit=unit).first(),
            "active": active,
            "problem": problem,
        },
    )
