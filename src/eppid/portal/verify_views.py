"""The public verification pages: upload a PDF or type a code; no account, no JavaScript."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from eppid.core.ratelimit import rate_limit_hit
from eppid.portal.verify_forms import VerifyCodeForm, VerifyUploadForm
from eppid.signing.selectors import document_by_code
from eppid.signing.verification import Unverifiable, VerifierBusy, pdf_verify, trust_roots


def _page(request, *, upload_form=None, code_form=None, result=None, status=200):
    upload_form = upload_form or VerifyUploadForm(auto_id="upload_%s")
    code_form = code_form or VerifyCodeForm(auto_id="code_%s")
    return render(
        request,
        "portal/verify/verify.html",
        {
            "upload_form": upload_form,
            "code_form": code_form,
            "page_has_errors": bool(upload_form.errors or code_form.errors),
            "result": result,
            "roots": trust_roots(),
        },
        status=status,
    )


def verify(request):
    # Every check (an upload or a typed code) counts against the allowance POST /api/v1/verify
    # shares; over it, the "Too many requests" page (RATELIMIT_VIEW).
    if request.method == "POST" or "code" in request.GET:
        rate_limit_hit(request, "document-verify")
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES, auto_id="upload_%s")
        if not form.is_valid():
            return _page(request, upload_form=form)
        upload = form.cleaned_data["file"]
        try:
            result = pdf_verify(upload.read())
        except Unverifiable as exc:
            form.add_error("file", str(exc.args[0]))
            return _page(request, upload_form=form)
        except VerifierBusy as exc:
            form.add_error("file", str(exc.args[0]))
            response = _page(request, upload_form=form, status=503)
            response["Retry-After"] = str(exc.retry_after)
            return response
        result.filename = upload.name
        return _page(request, result=result)
    if "code" in request.GET:
        form = VerifyCodeForm(request.GET, auto_id="code_%s")
        if form.is_valid():
            doc = document_by_code(form.cleaned_data["code"])
            if doc is not None:
                return redirect("signing:verify-code", code=doc.code)
            form.add_error("code", _("No document has this code. Check what you typed."))
        return _page(request, code_form=form)
    return _page(request)


def verify_code(request, code):
    rate_limit_hit(request, "document-verify")
    doc = document_by_code(code)
    if doc is None:
        raise Http404
    if doc.code != code:
        return redirect("signing:verify-code", code=doc.code)
    return render(
        request,
        "portal/verify/document.html",
        {"doc": doc, "upload_form": VerifyUploadForm(auto_id="upload_%s"), "roots": trust_roots()},
    )
