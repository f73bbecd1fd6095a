"""The signed PDF behind its capability URL: public, no login, for whoever holds the link."""

from __future__ import annotations

import io
import logging
import re

from django.http import FileResponse, Http404

from eppid.integrity.crypto import DecryptionError
from eppid.signing.deferred import document_for_capability_finished

logger = logging.getLogger("eppid.signing")


def _filename(doc) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{doc.kind}-{doc.reference}").strip("-")
    return f"{safe or doc.code}.pdf"


def document_file(request, code, token):
    doc = document_for_capability_finished(code, token)
    if doc is None:
        raise Http404
    try:
        data = doc.signed_pdf()  # stored encrypted; decrypted only for whoever holds the link
    except (DecryptionError, OSError) as error:
        # Altered or missing on disk: verify_integrity names it; the holder gets no broken file.
        logger.error("signed document %s cannot be served: %s", doc.code, error)
        raise Http404 from None
    response = FileResponse(
        io.BytesIO(data), content_type="application/pdf", as_attachment=False, filename=_filename(doc)
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
