"""The public status page of a request: registration number and tracking code in a POSTed form.

The code never travels in a URL (it would land in logs, history and Referer headers). An unknown
number and a wrong code give the same answer, and every lookup counts against a per-address rate.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from eppid.catalog.exemption_selectors import exemption_cited_by
from eppid.core.ratelimit import rate_limit_hit
from eppid.core.text import TextField
from eppid.disclosure.models import ReleasedDocument
from eppid.disclosure.selectors import request_audit_leaf, request_find_public, request_history
from eppid.disclosure.services.documents import document_ready_url
from eppid.integrity.checkpoints import checkpoint_latest
from eppid.integrity.tree import tree_inclusion_proof
from eppid.objections import page_selectors as objection_pages
from eppid.reports.survey import survey_state


class StatusForm(forms.Form):
    registration_number = TextField(
        label=gettext_lazy("Registration number"),
        max_length=40,
        help_text=gettext_lazy("As on your receipt, for example 35.04-2026-00042."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Enter the registration number.")},
    )
    tracking_code = TextField(
        label=gettext_lazy("Tracking code"),
        max_length=100,
        help_text=gettext_lazy("The secret code shown when you made the request."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Enter the tracking code.")},
    )


def not_found_message() -> str:
    return _(
        "We could not find a request with this registration number and tracking code. Check both "
        "and try again."
    )


def inclusion(req) -> dict | None:
    """Where the request's creation sits in the transparency log, proven against the latest checkpoint."""
    leaf = request_audit_leaf(req)
    if leaf is None:
        return None
    leaf_index, leaf_hash = _leaf_parts(leaf)
    if leaf_index is None:
        return None
    checkpoint = checkpoint_latest()
    info = {"leaf_index": leaf_index, "leaf_hash": leaf_hash, "checkpoint": checkpoint, "proof": None}
    if checkpoint is not None and leaf_index < checkpoint.size:
        info["proof"] = [node.hex() for node in tree_inclusion_proof(leaf_index, checkpoint.size)]
    return info


def _leaf_parts(leaf) -> tuple[int | None, str]:
    if isinstance(leaf, tuple | list):
        index, digest = leaf[0], leaf[1]
    else:
        index = getattr(leaf, "leaf_index", getattr(leaf, "index", None))
        digest = getattr(leaf, "leaf_hash", "")
    if isinstance(digest, bytes | bytearray | memoryview):
        digest = bytes(digest).hex()
    return index, str(digest or "")


@never_cache
@require_http_methods(["GET", "POST"])
def request_status(request):
    if request.method != "POST":
        return render(request, "portal/request/status_form.html", {"form": StatusForm()})
    rate_limit_hit(request, "status-lookup")
    form = StatusForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/request/status_form.html", {"form": form})

    req = request_find_public(form.cleaned_data["registration_number"], form.cleaned_data["tracking_code"])
    if req is None:
        form.add_error(None, not_found_message())
        return render(request, "portal/request/status_form.html", {"form": form}, status=404)
    context = status_context(req)
    # The "Object" button POSTs the same number and code on (never in a URL).
    context["lookup"] = form.cleaned_data
    return render(request, "portal/request/status.html", context)


def status_context(req) -> dict:
    decision = _decision(req)
    documents = []
    notice_url = ""
    if decision is not None:
        documents = [
            {
                "name": document.name,
                "size": document.size,
                "url": reverse("portal:request-document", kwargs={"token": document.access_token}),
            }
            for document in decision.documents.order_by("pk")
        ]
        notice_url = _notice_url(decision)

    return {
        "survey": survey_state(req),
        "req": req,
        "objections": objection_pages.objections_public_for_request(req),
        "can_object": bool(objection_pages.open_grounds(req)),
        "decision": decision,
        "documents": documents,
        "notice_url": notice_url,
        # The signed receipt, at the capability URL the confirmation page gave ("" while unsigned).
        "receipt_url": document_ready_url(req.receipt),
        "cited_test": exemption_cited_by(decision),
        "forwarded_to": req.forwarded_to,
        "audit": inclusion(req),
        "history": request_history(req),
    }


def _decision(req):
    try:
        return req.decision
    except ObjectDoesNotExist:
        return None


def _notice_url(decision) -> str:
    return document_ready_url(getattr(decision, "notice", None))


@never_cache
def request_document(request, token):
    """A document released with a decision, by its capability token (as the status page links it)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,64}", token or ""):
        raise Http404
    document = ReleasedDocument.objects.filter(access_token=token).first()
    if document is None:
        raise Http404
    try:
        handle = document.file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response
