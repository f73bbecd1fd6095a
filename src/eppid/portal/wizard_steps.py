"""The steps every citizen wizard asks: the office, who files, their identity, contact details and
identity documents. A flow takes them as they are, or with its own words through
``dataclasses.replace`` (title, texts); the forms and the rules are the same for every flow.
"""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eppid.core.ratelimit import rate_limit_hit
from eppid.disclosure.choices import RequesterType
from eppid.disclosure.identity import document_check
from eppid.organisation import selectors as units
from eppid.organisation.models import Unit
from eppid.portal import request_forms as forms
from eppid.portal.request_wizard import FILE_FIELDS, Wizard, uploads_sweep
from eppid.portal.wizard import Step

UNIT_LIST_MAX = 40


# --- the office ----------------------------------------------------------------------------------


def _unit_form(wizard: Wizard, data=None, files=None, **kwargs):
    return forms.UnitForm(data, **kwargs)


def _unit_choices(wizard: Wizard, query: str) -> tuple[list[tuple[str, str]], int]:
    """Offices to pick from: matches of the search, else Bawaslu RI and the provinces."""
    if query:
        found = units.units_search(q=query)
    else:
        found = Unit.objects.filter(Q(level="national") | Q(level="province")).order_by("code")
    total = found.count()
    rows = list(found[:UNIT_LIST_MAX])
    chosen = wizard.value("unit", "unit")
    if chosen and chosen not in {unit.code for unit in rows}:
        current = Unit.objects.filter(code=chosen).first()
        if current is not None:
            rows.insert(0, current)
    return [(unit.code, f"{unit.name} ({unit.code})") for unit in rows], total


def _unit_search(request, wizard: Wizard) -> tuple[dict, dict]:
    """The GET search above the list (no JavaScript): the choices and the page's counts."""
    search = forms.UnitSearchStepForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_bound and search.is_valid() else ""
    if "\x00" in query:
        query = ""
    choices, total = _unit_choices(wizard, query)
    return {"choices": choices}, {"search": search, "query": query, "total": total, "shown": len(choices)}


def _unit_rows(wizard: Wizard) -> list[tuple[str, str]]:
    unit = Unit.objects.filter(code=wizard.value("unit", "unit")).first()
    return [(_("Office"), f"{unit.name} ({unit.code})" if unit else "")]


UNIT = Step(
    slug="unit",
    title=gettext_lazy("Which office do you want to ask?"),
    form=_unit_form,
    fields=("unit",),
    rows=_unit_rows,
    intro="portal/wizard/intro_unit.html",
    body="portal/wizard/body_unit.html",
    texts={
        "lead": gettext_lazy(
            "Send your request to the office that holds the information. If another office holds it, "
            "your request is forwarded there."
        )
    },
    prepare=_unit_search,
)


# --- who files, and who they are -----------------------------------------------------------------


def _requester_type_form(wizard: Wizard, data=None, files=None, *, label=None):
    form = forms.RequesterTypeForm(data)
    if label:
        form.fields["requester_type"].label = label
    return form


def _requester_type_rows(label: str):
    def rows(wizard: Wizard) -> list[tuple[str, str]]:
        kind = wizard.requester_type
        return [(str(label), dict(RequesterType.choices).get(kind, kind))]

    return rows


def requester_type_step(*, title: str, row_label: str, field_label: str | None = None) -> Step:
    """Who files: the flow names the page, the check page's row and (if not the request's) the
    question."""

    def form(wizard: Wizard, data=None, files=None):
        return _requester_type_form(wizard, data, label=field_label)

    return Step(
        slug="requester-type",
        title=title,
        form=form,
        fields=("requester_type",),
        rows=_requester_type_rows(row_label),
    )


def _identity_form(wizard: Wizard, data=None, files=None):
    return forms.IdentityForm(data, requester_type=wizard.requester_type or "individual")


def _identity_rows(wizard: Wizard) -> list[tuple[str, str]]:
    kind = wizard.requester_type
    identity = wizard.answers("identity")
    if kind == "group":
        rows = [
            (_("Name of the group"), identity.get("group_name", "")),
            (_("Representative"), identity.get("name", "")),
        ]
    elif kind == "legal_entity":
        rows = [(_("Name of the legal entity"), identity.get("name", ""))]
    else:
        rows = [(_("Full name"), identity.get("name", ""))]
    if kind == "legal_entity":
        rows.append((_("Decree number"), identity.get("legal_entity_number", "")))
    else:
        rows.append((_("NIK"), identity.get("nik", "")))
    return rows


IDENTITY = Step(
    slug="identity",
    title=gettext_lazy("Identity of the requester"),
    form=_identity_form,
    fields=("name", "group_name", "nik", "legal_entity_number"),
    rows=_identity_rows,
    intro="portal/wizard/intro_identity.html",
    texts={
        "group": gettext_lazy(
            "A group asks through one representative. Give the group's name and the representative's details."
        )
    },
)


def _contact_form(wizard: Wizard, data=None, files=None):
    return forms.ContactForm(data)


def _contact_rows(wizard: Wizard) -> list[tuple[str, str]]:
    contact = wizard.answers("contact")
    return [
        (_("Email address"), contact.get("email", "")),
        (_("Phone number"), contact.get("phone", "") or _("Not given")),
        (_("Address"), contact.get("address", "")),
        (_("Occupation"), contact.get("occupation", "")),
    ]


CONTACT = Step(
    slug="contact",
    title=gettext_lazy("Contact details"),
    form=_contact_form,
    fields=("email", "phone", "address", "occupation"),
    rows=_contact_rows,
)


# --- identity documents --------------------------------------------------------------------------


def upload_limited(request) -> None:
    """Count a POST of the documents step that carries a file (``document-upload``).

    Uploads at the documents step of every citizen wizard count in one group of their own: each
    costs a decode, and a citizen who sends a better scan does not lose a submission. The final
    submit keeps its own group. Over the rate: ``RateLimited``.
    """
    if request.FILES:
        rate_limit_hit(request, "document-upload")


def _limit_mb() -> str:
    return f"{settings.EPPID_UPLOAD_MAX_BYTES / (1024 * 1024):g}"


def _documents_form(wizard: Wizard, data=None, files=None):
    have = {name for name in FILE_FIELDS if wizard.file(name)}
    return forms.DocumentsForm(
        data, files, requester_type=wizard.requester_type, have=have, limit_mb=_limit_mb()
    )


def _documents_accept(request, wizard: Wizard, form) -> bool:
    """Check and keep each upload that arrived (a valid one is kept even if another fails), then
    ask for every file still missing."""
    upload_limited(request)
    form.is_valid()
    uploads_sweep()
    for name in form.fields:
        upload = form.cleaned_data.get(name) if name not in form.errors else None
        if not upload:
            continue
        try:
            checked = document_check(upload)
        except ValidationError as error:
            form.add_error(name, error)
            continue
        filename = (getattr(upload, "name", "") or name).rsplit("/", 1)[-1]
        wizard.save_file(
            name,
            checked.content,
            content_type=checked.content_type,
            extension=checked.extension,
            filename=filename,
        )
    form.require_missing({name for name in FILE_FIELDS if wizard.file(name)})
    return not form.errors


def _documents_complete(wizard: Wizard) -> bool:
    return all(wizard.file(name) for name in wizard.files_needed())


def _documents_rows(wizard: Wizard) -> list[tuple[str, str]]:
    titles = {
        "identity_document": _("Deed") if wizard.requester_type == "legal_entity" else _("Identity document"),
        "authorisation_document": _("Power of attorney"),
    }
    rows = []
    for name in FILE_FIELDS:
        descriptor = wizard.file(name)
        if descriptor:
            size_kb = max(1, int(descriptor.get("size", 0)) // 1024)
            rows.append((titles[name], f"{descriptor.get('filename', '')} ({size_kb} KB)"))
    return rows


DOCUMENTS = Step(
    slug="documents",
    title=gettext_lazy("Upload documents"),
    form=_documents_form,
    fields=FILE_FIELDS,
    rows=_documents_rows,
    intro="portal/wizard/intro_documents.html",
    texts={
        "lead": gettext_lazy(
            "The office needs to know who is asking. The file is stored encrypted, only the office's "
            "information officers can open it, and photos are stored without their hidden data (such "
            "as location)."
        )
    },
    multipart=True,
    accept=_documents_accept,
    complete=_documents_complete,
)


def worded(step: Step, *, title: str | None = None, **texts: str) -> Step:
    """``step`` with a flow's own title and intro words (the rules stay the step's)."""
    return replace(step, title=title or step.title, texts={**step.texts, **texts})


def unit_step(*, title: str, lead: str, question: str, required: str) -> Step:
    """The office step in a flow's own words: the page's title and lead, the question (the
    radios' legend) and the message when no office is chosen; the search and the rules stay."""

    def form(wizard: Wizard, data=None, files=None, **kwargs):
        return forms.UnitForm(data, question=question, required=required, **kwargs)

    return replace(worded(UNIT, title=title, lead=lead), form=form)
