from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eppid.law.models import (
    ClosureDay,
    DeadlineRule,
    DeadlineRuleSet,
    DeadlineStep,
    ElectionPeriod,
    LegalGround,
    LegalReference,
    YearlyDeadline,
)


class DeadlineRuleFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        steps = [
            form.cleaned_data.get("step")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        missing = [label for value, label in DeadlineStep.choices if value not in steps]
        if missing:
            raise ValidationError(
                _("A rule set needs a rule for every step. Missing: %(steps)s.")
                % {"steps": ", ".join(str(label) for label in missing)}
            )


class DeadlineRuleInline(admin.TabularInline):
    model = DeadlineRule
    formset = DeadlineRuleFormSet
    extra = len(DeadlineStep.choices)
    max_num = len(DeadlineStep.choices)


@admin.register(DeadlineRuleSet)
class DeadlineRuleSetAdmin(admin.ModelAdmin):
    list_display = ("name", "regime", "effective_from", "created_at")
    list_filter = ("regime",)
    inlines = [DeadlineRuleInline]

    def has_delete_permission(self, request, obj=None):
        # Deadlines already counted rest on a set in force; removing it would rewrite them.
        if obj is not None and obj.is_locked:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    """Read-only here: closures are added in the console, where the rules on dates are checked."""

    list_display = ("date", "unit_code", "reason", "created_by", "created_at")
    list_filter = ("unit_code",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ElectionPeriod)
class ElectionPeriodAdmin(admin.ModelAdmin):
    """Read-only here: periods are declared in the console, where the rules on dates are checked."""

    list_display = ("name", "starts_on", "ends_on", "unit_code", "created_by", "created_at")
    list_filter = ("unit_code",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LegalGround)
class LegalGroundAdmin(admin.ModelAdmin):
    """The grounds as data. A ground in force keeps its text (``LegalGround.clean``); the law
    changing is a new row, with ``effective_until`` set on the old one."""

    list_display = ("kind", "code", "article", "effective_from", "effective_until", "to_confirm")
    list_filter = ("kind", "to_confirm")
    readonly_fields = ("created_at",)

    def has_delete_permission(self, request, obj=None):
        # Decisions and objections name grounds by code; one that was ever in force stays.
        if obj is not None and obj.effective_from <= timezone.localdate():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(YearlyDeadline)
class YearlyDeadlineAdmin(admin.ModelAdmin):
    list_display = ("duty", "effective_from", "due_day", "due_month", "basis", "to_confirm")
    list_filter = ("duty",)


@admin.register(LegalReference)
class LegalReferenceAdmin(admin.ModelAdmin):
    """The articles texts cite, as data. A reference in force keeps its citation
    (``LegalReference.clean``); the law changing is a new row, with ``effective_until`` set on
    the old one."""

    list_display = ("key", "citation_id", "effective_from", "effective_until", "to_confirm")
    list_filter = ("key", "to_confirm")
    readonly_fields = ("created_at",)

    def has_delete_permission(self, request, obj=None):
        # Issued papers cite it; one that was ever in force stays.
        if obj is not None and obj.effective_from <= timezone.localdate():
            return False
        return super().has_delete_permission(request, obj)
