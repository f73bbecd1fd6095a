"""The signed receipt and written notice of a request (issue 5's signing app issues them).

Until ``eppid.signing`` is merged these return None: no receipt or notice is issued, and the
API's document URLs point at a path that answers 404. No unsigned stand-in is ever served.
"""

from __future__ import annotations


def signing_available() -> bool:
    try:
        import eppid.signing.services  # noqa: F401
    except ImportError:
        return False
    return True


def receipt_issue(request, *, journal=None):
    """Issue the signed receipt (tanda bukti) of ``request``; None while signing is not built."""
    if not signing_available():
        return None
    return None  # pragma: no cover - replaced when signing lands


def notice_issue(decision, *, journal=None):
    """Issue the signed written notice of ``decision``; None while signing is not built."""
    if not signing_available():
        return None
    return None  # pragma: no cover - replaced when signing lands


def document_url(doc) -> str | None:
    if doc is None:
        return None
    from eppid.signing.services import document_url as signed_url  # pragma: no cover

    return signed_url(doc)  # pragma: no cover
