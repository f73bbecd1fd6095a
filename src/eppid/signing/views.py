"""Public views: the signed PDF behind its capability URL, and the verification pages."""

from __future__ import annotations

import re

from django.http import FileResponse, Http404

from eppid.signing.selectors import document_for_capability
from eppid.signing.verify_views import verify, verify_code

__all__ = ["document_file", "verify", "verify_code"]


def _filename(doc) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{doc.kind}-{doc.reference}").strip("-")
    return f"{safe or doc.code}.pdf"


def document_file(request, code, token):
    doc = document_for_capability(code, token)
    if doc is None:
        raise Http404
    response = FileResponse(
        doc.file.open("rb"), content_type="application/pdf", as_attachment=False, filename=_filename(doc)
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
