"""The public search and filters of the information list: a GET form, so it works without JavaScript."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from eppid.catalog.choices import HAND_CATEGORIES, Category
from eppid.catalog.selectors import QUERY_MAX, information_types, published_years


class InformationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the information"),
        required=False,
        max_length=QUERY_MAX,
        help_text=_("Words of the title, the summary or the documents, for example anggaran 2025."),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    type = forms.ChoiceField(label=_("Type of information"), required=False)

    def __init__(self, *args, with_descendants: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        categories = [Category(value) for value in (*HAND_CATEGORIES, Category.EXEMPT)]
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c.value, c.label) for c in categories
        ]
        self.fields["year"].choices = [("", _("All years"))] + [
            (year, str(year)) for year in published_years()
        ]
        self.fields["type"].choices = [("", _("All types"))] + [
            (kind.code, kind.label) for kind in information_types()
        ]
        if with_descendants:
            self.fields["below"] = forms.BooleanField(
                label=_("Include the units below this one"), required=False
            )

    def filters(self) -> dict:
        """The selector's filters; none when the form is not valid (the page then says why)."""
        if not self.is_bound or not self.is_valid():
            return {"q": "", "category": "", "year": None, "info_type": ""}
        data = self.cleaned_data
        return {
            "q": data["q"] or "",
            "category": data["category"] or "",
            "year": data["year"],
            "info_type": data["type"] or "",
        }
