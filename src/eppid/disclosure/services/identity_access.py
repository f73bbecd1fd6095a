"""Staff access to a requester's identity: every view is an audited event (and a log entry)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from eppid.casefiles.models import IDENTITY_DOCUMENTS
from eppid.casefiles.services import event_add
from eppid.disclosure.choices import EventKind
from eppid.integrity.fields import encrypted_file_read
from eppid.organisation.roles import Permission
from eppid.organisation.selectors import user_has_permission

EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def identity_document_open(*, request, actor, document: str = "identity_document") -> tuple[bytes, str, str]:
    """The decrypted identity document (or power of attorney) for a user who may unmask personal
    data in the request's unit (the scan shows the full NIK and address: the right that shows the
    NIK itself); logs the view."""
    if document not in IDENTITY_DOCUMENTS:
        raise ValueError(f"document is one of {IDENTITY_DOCUMENTS}")
    if actor is None or not user_has_permission(actor, Permission.UNMASK_PERSONAL_DATA, request.unit):
        raise PermissionDenied(_("You may not see this requester's documents."))
    if not getattr(request, document):
        raise FileNotFoundError(document)
    with transaction.atomic():
        content = encrypted_file_read(request, document)
        event_add(request, EventKind.IDENTITY_VIEWED, actor=actor, note=document)
    content_type = getattr(request, f"{document}_type") or "application/octet-stream"
    filename = (
        f"{request.registration_number}-{document.replace('_', '-')}.{EXTENSIONS.get(content_type, 'bin')}"
    )
    return content, content_type, filename


def request_nik_unmask(*, request, actor) -> str:
    """The full NIK for a user who may unmask personal data in the request's unit; logs it."""
    if actor is None or not user_has_permission(actor, Permission.UNMASK_PERSONAL_DATA, request.unit):
        raise PermissionDenied(_("You may not see full identity numbers."))
    with transaction.atomic():
        event_add(request, EventKind.NIK_UNMASKED, actor=actor)
    return request.nik or ""
