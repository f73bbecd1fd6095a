"""The public verification pages: upload a PDF or type a code; no account, no JavaScript."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from eppid.signing.selectors import document_by_code


def verify(request):
    return render(request, "signing/verify.html", {})


def verify_code(request, code):
    doc = document_by_code(code)
    if doc is None:
        raise Http404
    return render(request, "signing/document.html", {"doc": doc})
