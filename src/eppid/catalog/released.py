"""Released answers become public knowledge (issue 12 item 9).

When a request is granted (wholly or partly), the unit's PPID publishes the documents released
to the requester as a setiap-saat entry of the unit's list, in one step, so that the next citizen
finds them instead of asking again. The entry is drafted and published in one transaction, its
documents copied from the released ones (a redacted copy keeps its redaction record), and the
request is linked to it (``RequestPublication``: once per request).

Personal data never: the requester's identity (name, NIK, email, phone) must appear neither in
the entry's text nor in the text of a document published (the NIK and the phone by their digits,
however a text groups them, with or without +62); the written notice (which names the requester)
is never among the documents. A document that names the requester is refused with a
message that says to redact it first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from eppid.catalog.choices import Category
from eppid.catalog.documents import document_name, document_store, files_undone_on_failure, pdf_text
from eppid.catalog.models import EntryVersion, InformationEntry, RequestPublication, VersionDocument
from eppid.catalog.services import CatalogError, _require, _user, entry_publish
from eppid.catalog.uploads import pdf_check
from eppid.catalog.validation import entry_data_clean
from eppid.disclosure.choices import Outcome
from eppid.disclosure.models import InformationRequest, ReleasedDocument
from eppid.organisation.roles import Permission

PUBLISHABLE_OUTCOMES = (Outcome.GRANTED, Outcome.PARTIALLY_GRANTED)
PDF_MAGIC = b"%PDF-"
# Shorter than this, a name or number would match ordinary words: it is not looked for.
NEEDLE_MIN_CHARS = 4
# A number is also looked for by its digits, however grouped (3201 0101..., 0812-7777-..., +62 812...);
# shorter than this, its digits would match unrelated figures.
NUMBER_MIN_DIGITS = 6
NUMBER_RUN = re.compile(r"\d(?:[\s\-./()]*\d)*")
TEXT_FIELDS = ("title", "summary", "holder", "responsible", "place", "format", "retention")


def request_publication(request) -> RequestPublication | None:
    """The entry the request's released documents were published as, or None."""
    return RequestPublication.objects.filter(request_id=request.pk).first()


def _decision(request):
    return getattr(request, "decision", None) if request is not None else None


def released_pdfs(request) -> list[ReleasedDocument]:
    """The PDF documents released on the request's decision (the ones a list entry may hold)."""
    decision = _decision(request)
    if decision is None:
        return []
    return [
        doc
        for doc in decision.documents.order_by("pk")
        if doc.content_type == "application/pdf" or doc.name.lower().endswith(".pdf")
    ]


def request_publishable(request) -> bool:
    """Whether the request's released documents can be published now (granted, PDFs, not yet)."""
    decision = _decision(request)
    return (
        decision is not None
        and decision.outcome in PUBLISHABLE_OUTCOMES
        and request_publication(request) is None
        and bool(released_pdfs(request))
    )


@dataclass(frozen=True)
class Needles:
    """What would name the requester: words (name, email, and the numbers as typed), and the
    digits of the identity number and the phone, found however a text groups them."""

    words: list[str]
    digits: list[str]


def _phone_digits(value: str) -> str:
    """The number without the country code or the trunk zero: +62 812..., 62812... and 0812...
    are the same phone."""
    digits = re.sub(r"\D", "", value)
    if digits.startswith("62"):
        return digits[2:]
    return digits[1:] if digits.startswith("0") else digits


def _needles(request) -> Needles:
    values = (request.name, request.nik, request.email, request.phone)
    words = [
        " ".join(str(value).split()).casefold()
        for value in values
        if value and len(str(value).strip()) >= NEEDLE_MIN_CHARS
    ]
    numbers = (re.sub(r"\D", "", str(request.nik or "")), _phone_digits(str(request.phone or "")))
    return Needles(words, [number for number in numbers if len(number) >= NUMBER_MIN_DIGITS])


def _names_requester(text: str, needles: Needles) -> bool:
    flat = " ".join(str(text or "").split()).casefold()
    if any(needle in flat for needle in needles.words):
        return True
    runs = [re.sub(r"\D", "", run) for run in NUMBER_RUN.findall(flat)]
    return any(needle in run for needle in needles.digits for run in runs)


def _checked_documents(request, ids, needles) -> list[tuple[ReleasedDocument, object]]:
    available = {doc.pk: doc for doc in released_pdfs(request)}
    try:
        wanted = [int(pk) for pk in ids or ()]
    except (TypeError, ValueError):
        wanted = [-1]
    if not wanted:
        raise ValidationError({"documents": [_("Choose at least one released PDF to publish.")]})
    if any(pk not in available for pk in wanted):
        raise ValidationError({"documents": [_("Choose only PDF documents released on this request.")]})
    checked, errors = [], []
    for pk in dict.fromkeys(wanted):
        doc = available[pk]
        with doc.file.storage.open(doc.file.name, "rb") as handle:
            content = handle.read()
        try:
            pdf = pdf_check(ContentFile(content, name=doc.name), name=doc.name)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        with pdf.limits():
            text, _status = pdf_text(pdf.reader)
        if _names_requester(text, needles):
            errors.append(
                _(
                    "%(name)s contains the requester's personal data (name, identity number or "
                    "contact). Personal data is never published: redact it first."
                )
                % {"name": doc.name}
            )
            continue
        checked.append((doc, pdf))
    if errors:
        raise ValidationError({"documents": errors})
    return checked


def entry_from_request(*, request, actor, data: dict, documents=()) -> InformationEntry:
    """Publish the chosen released PDFs of a granted request as a new setiap-saat entry."""
    _require(actor, Permission.PUBLISH_INFORMATION, request.unit)
    if not request_publishable(request):
        if request_publication(request) is not None:
            raise CatalogError(_("The released documents of this request are already published."))
        raise CatalogError(
            _("Only the PDF documents released on a granted or partly granted request can be published.")
        )
    values = entry_data_clean({**data, "category": Category.ON_DEMAND}, unit=request.unit)
    needles = _needles(request)
    errors = {
        key: [_("Personal data of the requester is never published: leave it out of this text.")]
        for key in TEXT_FIELDS
        if _names_requester(data.get(key, ""), needles)
    }
    if errors:
        raise ValidationError(errors)
    checked = _checked_documents(request, documents, needles)
    with files_undone_on_failure() as journal, transaction.atomic():
        row = InformationRequest.objects.select_for_update().get(pk=request.pk)
        if RequestPublication.objects.filter(request=row).exists():
            raise CatalogError(_("The released documents of this request are already published."))
        entry = InformationEntry.objects.create(unit=row.unit, created_by=_user(actor))
        version = EntryVersion.objects.create(entry=entry, version=1, created_by=_user(actor), **values)
        for position, (released, pdf) in enumerate(checked):
            doc = document_store(
                entry=entry,
                name=document_name(released, position + 1),
                checked=pdf,
                actor=actor,
                journal=journal,
                redaction=released.redaction,
            )
            VersionDocument.objects.create(version=version, document=doc, position=position)
        entry.draft = version
        entry.save()
        entry = entry_publish(entry=entry, actor=actor)
        RequestPublication.objects.create(request=row, entry=entry, published_by=_user(actor))
    return entry
