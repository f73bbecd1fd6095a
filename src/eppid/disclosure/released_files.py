"""Documents handed to a requester with a decision: what may be released (one rule for every channel)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Documents handed to a requester: PDF, images and office files, recognised by their first bytes.
RELEASE_SIGNATURES = {
    b"%PDF-": "pdf",
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"PK\x03\x04": "office",  # docx, xlsx, pptx, odt, ods
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "office",  # doc, xls, ppt
}
RELEASE_EXTENSIONS = {
    "pdf": {".pdf"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
    "office": {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".doc", ".xls", ".ppt"},
}
RELEASE_MAX_FILES = 10


def release_max_bytes() -> int:
    return getattr(settings, "EPPID_RELEASE_MAX_BYTES", 20 * 1024 * 1024)


def release_check(upload) -> None:
    """Refuse a released document by its bytes and size, with the reason in the message."""
    name = upload.name or ""
    if upload.size > release_max_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(limit)d MB."),
            params={"name": name, "limit": release_max_bytes() // (1024 * 1024)},
        )
    head = upload.read(8)
    upload.seek(0)
    kind = next((kind for magic, kind in RELEASE_SIGNATURES.items() if head.startswith(magic)), None)
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None or extension not in RELEASE_EXTENSIONS[kind]:
        raise ValidationError(
            _("%(name)s is not a PDF, JPEG, PNG or office document (its content does not match its name)."),
            params={"name": name},
        )


def released_files_check(documents) -> None:
    """Every refused file named at once (ValidationError on ``documents``), or nothing."""
    documents = list(documents or ())
    if len(documents) > RELEASE_MAX_FILES:
        raise ValidationError(
            {"documents": [_("Attach at most %(count)d files.") % {"count": RELEASE_MAX_FILES}]}
        )
    messages = []
    for upload in documents:
        try:
            release_check(upload)
        except ValidationError as error:
            messages.extend(error.messages)
    if messages:
        raise ValidationError({"documents": messages})
