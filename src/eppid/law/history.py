"""Rows of the law that become history once in force (grounds, legal references): decisions and
issued papers rest on their text, so only the last day and the "to confirm" mark may change; a
change in the law is a new row."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InForceHistory:
    """``clean`` for a model with ``effective_from``/``effective_until``; ``LOCKED_MESSAGE`` says
    what the officer must do instead of editing a row in force."""

    MUTABLE_IN_FORCE = ("effective_until", "to_confirm", "to_confirm_note")
    LOCKED_MESSAGE = ""

    def clean(self):
        super().clean()
        if (
            self.effective_until is not None
            and self.effective_from
            and self.effective_until < self.effective_from
        ):
            raise ValidationError({"effective_until": _("The last day must not be before the first day.")})
        if self.pk is None:
            return
        stored = type(self)._base_manager.filter(pk=self.pk).first()
        if stored is None or stored.effective_from > timezone.localdate():
            return
        changed = [
            field.name
            for field in self._meta.concrete_fields
            if field.name not in (*self.MUTABLE_IN_FORCE, "id", "created_at")
            and getattr(stored, field.attname) != getattr(self, field.attname)
        ]
        if changed:
            raise ValidationError(self.LOCKED_MESSAGE, code="locked")
