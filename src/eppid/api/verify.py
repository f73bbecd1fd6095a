"""`POST /api/v1/verify` (contract section 4): what a PDF proves, as JSON."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, UploadedFile
from ninja.decorators import decorate_view

from eppid.api.problems import problem
from eppid.api.ratelimit import rate_limited
from eppid.signing.selectors import verification_url
from eppid.signing.verification import Unverifiable, VerifierBusy, pdf_verify

router = Router(tags=["verification"])
router.add_decorator(rate_limited("api-public"), mode="view")


class DocumentOut(Schema):
    kind: str = Field(examples=["receipt"])
    reference: str = Field(examples=["35.04-2026-00042"])
    code: str = Field(examples=["K7QF-3MZP-XA"], description="The document code printed beside the QR code.")
    unit: str = Field(examples=["35.04"], description="Code of the unit that issued it.")
    verification_url: str


class VerifyOut(Schema):
    signed: bool = Field(description="The PDF carries an electronic signature.")
    intact: bool = Field(description="The signature is valid and covers every byte of the file.")
    signer: str | None = Field(description="Common name of the signing certificate.")
    signed_at: datetime | None = Field(description="Signing time (from the timestamp when there is one).")
    registered: bool = Field(description="e-PPID issued exactly this file (SHA-256 match).")
    document: DocumentOut | None = Field(description="The registered document, when registered.")
    trusted: bool = Field(description="The signer's certificate chains to a configured trust root.")
    timestamped: bool = Field(description="The signing time is vouched for by a timestamp authority (B-T).")
    superseded: bool = Field(description="A later document replaced the registered one.")
    superseded_by: str | None = Field(description="Code of the later document.")
    sha256: str = Field(description="SHA-256 of the uploaded file, hex.")


def _out(result) -> dict:
    doc = result.document
    return {
        "signed": result.signed,
        "intact": result.intact,
        "signer": result.signer,
        "signed_at": result.signed_at,
        "registered": result.registered,
        "document": None
        if doc is None
        else {
            "kind": doc.kind,
            "reference": doc.reference,
            "code": doc.code_display,
            "unit": doc.unit.code,
            "verification_url": verification_url(doc, absolute=True),
        },
        "trusted": result.trusted,
        "timestamped": result.timestamped,
        "superseded": result.superseded,
        "superseded_by": doc.superseded_by.code_display if doc is not None and doc.superseded_by_id else None,
        "sha256": result.sha256,
    }


def _problem_doc(description: str) -> dict:
    schema = {
        "type": "object",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        "required": ["type", "title", "status", "detail"],
    }
    return {"description": description, "content": {"application/problem+json": {"schema": schema}}}


VERIFY_RESPONSES = {
    422: _problem_doc(
        "The file is missing, too large, not a readable PDF, over a structural cap (signatures per "
        "file, certificates per signature) or needs more CPU time or memory than one check may use; "
        "`errors.file` says which, in the caller's language."
    ),
    503: _problem_doc(
        "No verification worker was free, or the check outlived its wall-clock timeout (the server "
        "is busy): try again after `Retry-After` seconds."
    ),
}


@router.post(
    "/verify",
    response={200: VerifyOut},
    summary="Check a PDF: signed, intact, by whom, and registered by e-PPID",
    description=(
        "The PDF is checked in a worker process with a CPU-time and memory budget; files over the "
        "budget or the caps get a 422 problem, a busy server a 503 problem. Counts against the "
        "per-address allowance of document checks shared with the verification page; over it: 429 "
        "with Retry-After."
    ),
    auth=None,
    openapi_extra={"responses": VERIFY_RESPONSES},
)
@decorate_view(rate_limited("document-verify"))
def verify(request, file: UploadedFile | None = File(None)):  # noqa: B008 - ninja's declaration style
    if file is None:
        return problem(422, errors={"file": [_("Send the PDF as the multipart field 'file'.")]})
    limit = settings.EPPID_VERIFY_MAX_BYTES
    if file.size > limit:
        message = _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
        return problem(422, errors={"file": [message]})
    try:
        result = pdf_verify(file.read())
    except Unverifiable as exc:
        return problem(422, errors={"file": [str(exc.args[0])]})
    except VerifierBusy as exc:
        response = problem(503, str(exc.args[0]), title=_("Service unavailable"))
        response["Retry-After"] = str(exc.retry_after)
        return response
    return _out(result)
