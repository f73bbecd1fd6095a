"""Forms of the console's information-list pages: first-line checks only; the services decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eppid.catalog.choices import HAND_CATEGORIES, Category, EntryStatus
from eppid.catalog.documents import documents_check
from eppid.catalog.selectors import information_types
from eppid.catalog.validation import DOCUMENTS_MAX, REASON_MAX, TEXT_LIMITS
from eppid.core.text import TextField
from eppid.office.request_forms import MultipleFileField


class EntryForm(forms.Form):
    """The draft of an entry: the seven columns of the official list, title, category, year, type."""

    title = forms.CharField(label=_("Title"), max_length=TEXT_LIMITS["title"])
    summary = forms.CharField(
        label=_("Summary of the content"),
        max_length=TEXT_LIMITS["summary"],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the information is about, in plain words: citizens search these words."),
    )
    category = forms.ChoiceField(label=_("Category"), widget=forms.RadioSelect)
    type = forms.ChoiceField(
        label=_("Type of information"),
        required=False,
        help_text=_("A type of the statutory checklist counts towards it for the year below."),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        help_text=_("The year the information is about. Empty: the year it was made."),
    )
    holder = forms.CharField(
        label=_("Official or unit holding it"),
        max_length=TEXT_LIMITS["holder"],
        required=False,
        help_text=_("Empty: this unit."),
    )
    responsible = forms.CharField(
        label=_("Person responsible for producing it"),
        max_length=TEXT_LIMITS["responsible"],
        help_text=_("A position, for example Kepala Subbagian Hukum. Do not give private contact details."),
    )
    created = forms.DateField(
        label=_("Date made"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example 2026-01-31; never in the future."),
    )
    place = forms.CharField(
        label=_("Place made"),
        max_length=TEXT_LIMITS["place"],
        required=False,
        help_text=_("Empty: this region."),
    )
    format = forms.CharField(
        label=_("Form available"),
        max_length=TEXT_LIMITS["format"],
        help_text=_("For example: softcopy (PDF) on this site; hardcopy at the PPID desk."),
    )
    retention = forms.CharField(
        label=_("Retention period"),
        max_length=TEXT_LIMITS["retention"],
        help_text=_(
            "How long it is kept, as the records retention schedule (JRA) says, for example 5 years."
        ),
    )
    documents = MultipleFileField(label=_("Documents (PDF)"), required=False)

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted here, in the request's language (a lazy text formatted in the class body is
        # fixed in the language active at import).
        self.fields["documents"].help_text = _(
            "PDF only, up to %(count)d files. Office documents: save them as PDF first and check the PDF."
        ) % {"count": DOCUMENTS_MAX}
        self.fields["category"].choices = [(c, Category(c).label) for c in HAND_CATEGORIES]
        self.fields["type"].choices = [("", _("No particular type"))] + [
            (kind.code, kind.label + (" *" if kind.to_confirm else "")) for kind in information_types()
        ]
        if documents:
            self.fields["remove"] = forms.MultipleChoiceField(
                label=_("Remove documents from this draft"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[(str(doc.pk), doc.name) for doc in documents],
            )

    def clean_documents(self):
        """Every refused file named at once, with the other fields' errors (the service checks again)."""
        documents = self.cleaned_data.get("documents") or []
        if len(documents) > DOCUMENTS_MAX:
            raise ValidationError(
                _("Attach at most %(count)d documents to one entry."), params={"count": DOCUMENTS_MAX}
            )
        try:
            documents_check(documents)
        except ValidationError as error:
            raise ValidationError(error.message_dict["documents"]) from None
        return documents

    def data_for_service(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "category": data["category"],
            "type": data["type"] or "",
            "year": "" if data["year"] is None else str(data["year"]),
            "holder": data["holder"],
            "responsible": data["responsible"],
            "created": data["created"].isoformat(),
            "place": data["place"],
            "format": data["format"],
            "retention": data["retention"],
        }

    @staticmethod
    def initial_from(version) -> dict:
        return {
            "title": version.title,
            "summary": version.summary,
            "category": version.category,
            "type": version.info_type.code if version.info_type_id else "",
            "year": version.year,
            "holder": version.holder,
            "responsible": version.responsible,
            "created": version.made_on,
            "place": version.made_place,
            "format": version.format,
            "retention": version.retention,
        }


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it withdrawn?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the public on the entry's page for good. Do not include personal data."),
    )


class RetractForm(forms.Form):
    reason = TextField(
        label=_("Why is it retracted?"),
        multiline=True,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the public where the document is listed. Do not include personal data."),
        error_messages={"required": _("Give the reason: it is shown to the public.")},
    )


STATUS_CHOICES = [("", _("Any status")), *EntryStatus.choices]


class EntryFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)


class ChecklistYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, required=False)

    def year_or_current(self) -> int:
        this_year = timezone.localdate().year
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            return min(self.cleaned_data["year"], this_year + 1)
        return this_year
