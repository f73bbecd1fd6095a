"""Redacted copies of documents to release on a request (issue 12 item 8).

Before deciding, staff upload a PDF with the words and areas to remove and the legal ground;
the redacted copy is kept with the request (the original is not stored) so that staff can check
it, and the decision sends it (``request_decide(..., redacted=[ids])``) as a released document
that points to its record: who redacted, how much, on which ground.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from eppid.casefiles.services import locked
from eppid.core.ids import row_id
from eppid.core.journal import files_undone_on_failure
from eppid.core.uploads import upload_inspect
from eppid.disclosure.models import ReleasedDocument
from eppid.disclosure.services.common import require_open
from eppid.redaction.models import Purpose, Redaction
from eppid.redaction.services import redaction_prepare, redaction_record


def _source_name(upload) -> str:
    raw = str(getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    raw = "".join(char for char in raw if char.isprintable() and char not in '"<>|:*?').strip(". ")
    return (raw or "dokumen.pdf")[:200]


def request_document_redact(*, request, actor, document, areas="", terms="", ground="") -> Redaction:
    """A redacted copy of ``document`` (an uploaded PDF) kept for release on ``request``."""
    require_open(request, _("given a redacted document"))
    if document is None:
        raise ValidationError({"document": [_("Choose the PDF to redact.")]})
    try:
        checked = upload_inspect(document, kinds=("pdf",), active_content="strip")
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from None
    prepared = redaction_prepare(content=checked.content, areas=areas, terms=terms, ground=ground)
    with files_undone_on_failure() as journal, transaction.atomic():
        row = locked(request)
        require_open(row, _("given a redacted document"))
        return redaction_record(
            prepared,
            unit=row.unit,
            actor=actor,
            purpose=Purpose.REQUEST,
            reference=row.registration_number,
            source_name=_source_name(document),
            journal=journal,
        )


def request_redactions_pending(request):
    """The redacted copies made for ``request`` that no decision has sent yet, oldest first."""
    return (
        Redaction.objects.filter(
            unit_id=request.unit_id, purpose=Purpose.REQUEST, reference=request.registration_number
        )
        .exclude(pk__in=_released_redaction_ids(request))
        .select_related("created_by")
        .order_by("created_at", "pk")
    )


def _released_redaction_ids(request):
    return ReleasedDocument.objects.filter(decision__request=request, redaction__isnull=False).values_list(
        "redaction_id", flat=True
    )


def request_redaction_get(request, pk) -> Redaction | None:
    """A redacted copy made for ``request`` (sent or not), or None."""
    pk = row_id(pk)
    if pk is None:
        return None
    return Redaction.objects.filter(
        pk=pk, unit_id=request.unit_id, purpose=Purpose.REQUEST, reference=request.registration_number
    ).first()


def request_redactions_list(request) -> list[tuple[Redaction, bool]]:
    """Every redacted copy made for ``request``, oldest first, each with whether it was sent."""
    sent = set(_released_redaction_ids(request))
    rows = Redaction.objects.filter(
        unit_id=request.unit_id, purpose=Purpose.REQUEST, reference=request.registration_number
    ).select_related("created_by")
    return [(row, row.pk in sent) for row in rows.order_by("created_at", "pk")]
