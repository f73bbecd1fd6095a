"""Reading signed documents: by code, by capability, the unit's unsigned ones, and their URLs."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from eppid.signing.models import CODE_ALPHABET, CODE_LENGTH, DocumentStatus, IssuedDocument


def code_normalise(text: str) -> str | None:
    """``"k7qf-3mzp xa"`` -> ``"K7QF3MZPXA"``; None when it cannot be a document code."""
    code = "".join(char for char in (text or "").upper() if char not in " -.\t")
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return None
    return code


def document_by_code(text: str) -> IssuedDocument | None:
    code = code_normalise(text)
    if code is None:
        return None
    return IssuedDocument.objects.select_related("unit", "superseded_by").filter(code=code).first()


def document_by_sha256(digest: str) -> IssuedDocument | None:
    return (
        IssuedDocument.objects.select_related("unit", "superseded_by")
        .filter(sha256=digest, status=DocumentStatus.SIGNED)
        .first()
    )


def document_by_capability(code: str, token: str) -> IssuedDocument | None:
    """The document a capability URL names, whatever its state; None for a wrong token."""
    doc = document_by_code(code)
    if doc is None or not hmac.compare_digest(doc.access_token.encode(), (token or "").encode()):
        return None
    return doc


def document_for_capability(code: str, token: str) -> IssuedDocument | None:
    """The signed document behind a capability URL; None for a wrong token, while unsigned, and
    once its copy was removed under the retention rules."""
    doc = document_by_capability(code, token)
    return doc if doc is not None and doc.copy_available else None


def documents_unsigned(unit):
    return IssuedDocument.objects.filter(
        unit=unit, status__in=[DocumentStatus.PENDING, DocumentStatus.FAILED]
    ).order_by("created_at", "pk")


def documents_recent(unit, limit: int = 50):
    return IssuedDocument.objects.filter(unit=unit, status=DocumentStatus.SIGNED).order_by(
        "-signed_at", "-pk"
    )[:limit]


def document_url(doc: IssuedDocument, *, absolute: bool = False) -> str:
    """The capability URL (path) that serves the signed PDF; it carries the access token."""
    path = reverse("signing-files:document", kwargs={"code": doc.code, "token": doc.access_token})
    return settings.EPPID_PUBLIC_URL + path if absolute else path


def verification_url(doc: IssuedDocument, *, absolute: bool = False) -> str:
    """The public page about ``doc`` (the QR target); the Indonesian address when absolute."""
    if absolute:
        with translation.override(settings.LANGUAGE_CODE):
            return settings.EPPID_PUBLIC_URL + reverse("signing:verify-code", kwargs={"code": doc.code})
    return reverse("signing:verify-code", kwargs={"code": doc.code})
