"""The form that publishes a granted request's released documents as a setiap-saat entry."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from eppid.catalog.validation import TEXT_LIMITS


class PublishReleasedForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TEXT_LIMITS["title"])
    summary = forms.CharField(
        label=_("Summary of the content"),
        max_length=TEXT_LIMITS["summary"],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the information is about, in plain words. Never who asked for it."),
    )
    responsible = forms.CharField(
        label=_("Person responsible for producing it"),
        max_length=TEXT_LIMITS["responsible"],
        help_text=_("A position, for example Kepala Subbagian Hukum. Do not give private contact details."),
    )
    format = forms.CharField(label=_("Form available"), max_length=TEXT_LIMITS["format"])
    retention = forms.CharField(
        label=_("Retention period"),
        max_length=TEXT_LIMITS["retention"],
        help_text=_(
            "How long it is kept, as the records retention schedule (JRA) says, for example 5 years."
        ),
    )
    documents = forms.MultipleChoiceField(
        label=_("Released documents to publish"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "PDF documents given to the requester. A document that names the requester is refused: "
            "redact it first."
        ),
    )

    def __init__(self, *args, released=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [(str(doc.pk), doc.name) for doc in released]

    def data_for_service(self, decision) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "responsible": data["responsible"],
            "format": data["format"],
            "retention": data["retention"],
            "created": decision.decided_at.date().isoformat(),
            "holder": decision.held_by,
        }
