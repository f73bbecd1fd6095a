"""Making a redacted copy: the work on the PDF first (no transaction held), then its record.

``redaction_prepare`` checks the marks and the legal ground and runs the redaction
(``eppid.core.pdf_redact``); it writes nothing. ``redaction_record`` stores the copy and its
record in one transaction (joining the caller's), audited. Bad input raises
``ValidationError({field: [message]})`` with the fields ``document``, ``areas``, ``terms`` and
``ground``; the domain services check who may redact what.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from eppid.core.pdf_redact import RedactionResult, areas_parse, pdf_redact, terms_parse
from eppid.law.models import EXEMPTION_KINDS
from eppid.law.selectors import grounds_in_force
from eppid.redaction.models import Redaction

# Which form field an error of the PDF work belongs to, by its code.
_FIELD_OF_CODE = {
    "pdf_unreadable": "document",
    "redaction_empty": "areas",
    "page_out_of_range": "areas",
    "area_invalid": "areas",
    "area_outside_page": "areas",
    "term_too_short": "terms",
    "term_not_found": "terms",
    "redaction_incomplete": "terms",
}


@dataclass
class Prepared:
    result: RedactionResult
    ground: str
    source_sha256: str


def redaction_grounds():
    """The legal grounds a redaction may rest on today (law data: the exemptions in force)."""
    return grounds_in_force(EXEMPTION_KINDS)


def _ground_clean(ground) -> str:
    code = str(ground or "").strip()
    codes = [item.code for item in redaction_grounds()]
    if code not in codes:
        raise ValidationError(
            {
                "ground": [
                    _("Choose the legal ground of the redaction: one of %(expected)s.")
                    % {"expected": ", ".join(codes)}
                ]
            }
        )
    return code


def redaction_prepare(*, content: bytes, areas="", terms="", ground="") -> Prepared:
    """The redacted copy of ``content`` (checked PDF bytes), or ValidationError naming every field
    at fault. ``areas`` and ``terms`` are the texts of the form (see ``eppid.core.pdf_redact``)."""
    errors: dict[str, list[str]] = {}
    code = ""
    try:
        code = _ground_clean(ground)
    except ValidationError as error:
        errors.update(error.message_dict)
    parsed_areas, parsed_terms = [], []
    for key, parse, value in (("areas", areas_parse, areas), ("terms", terms_parse, terms)):
        try:
            parsed = parse(value)
        except ValidationError as error:
            errors.setdefault(key, []).extend(error.messages)
            continue
        if key == "areas":
            parsed_areas = parsed
        else:
            parsed_terms = parsed
    if errors:
        raise ValidationError(errors)
    try:
        result = pdf_redact(content, areas=parsed_areas, terms=parsed_terms)
    except ValidationError as error:
        raise ValidationError({_FIELD_OF_CODE.get(error.code, "areas"): error.messages}) from None
    return Prepared(result=result, ground=code, source_sha256=hashlib.sha256(content).hexdigest())


def redacted_name(name: str) -> str:
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    suffix = "-dihitamkan.pdf"
    return stem[: 200 - len(suffix)] + suffix


def redaction_record(
    prepared: Prepared, *, unit, actor, purpose: str, reference: str, source_name: str, journal
) -> Redaction:
    """Store the redacted copy and who made it, on which ground and how much was removed."""
    result = prepared.result
    with transaction.atomic():
        redaction = Redaction(
            unit=unit,
            purpose=purpose,
            reference=str(reference)[:64],
            source_name=source_name[:200],
            source_sha256=prepared.source_sha256,
            name=redacted_name(source_name),
            size=len(result.content),
            sha256=hashlib.sha256(result.content).hexdigest(),
            pages=result.pages,
            ground=prepared.ground,
            area_count=result.area_count,
            term_count=result.term_count,
            match_count=result.match_count,
            pages_changed=",".join(str(page) for page in result.pages_changed)[:500],
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        redaction.file.save("redacted.pdf", ContentFile(result.content), save=False)
        journal.add(redaction.file.name)
        redaction.save()
    return redaction


def redaction_bytes(redaction: Redaction) -> bytes:
    with redaction.file.storage.open(redaction.file.name, "rb") as handle:
        return handle.read()
