"""The questionnaires of the yearly assessment in the admin: a system administrator may enter a new
year's indicators (the usual way is a data migration, decision 1400). The rule is chosen from the
evaluators in code; its parameters are JSON."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from eppid.reports.models import ReadinessIndicator
from eppid.reports.readiness_rules import RULES


class ReadinessIndicatorForm(forms.ModelForm):
    rule = forms.ChoiceField(label=_("rule"), choices=[(key, key) for key in RULES])

    class Meta:
        model = ReadinessIndicator
        fields = (
            "year",
            "code",
            "title_en",
            "title_id",
            "rule",
            "params",
            "weight",
            "source",
            "to_confirm",
            "position",
        )

    def clean_params(self):
        params = self.cleaned_data.get("params")
        if params in (None, ""):
            return {}
        if not isinstance(params, dict):
            raise forms.ValidationError(_("Give the parameters as a JSON object, for example {}."))
        return params


@admin.register(ReadinessIndicator)
class ReadinessIndicatorAdmin(admin.ModelAdmin):
    form = ReadinessIndicatorForm
    list_display = ("year", "code", "title_en", "rule", "weight", "to_confirm")
    list_filter = ("year", "rule", "to_confirm")
    ordering = ("-year", "position", "code")
