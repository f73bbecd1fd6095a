"""The step that moves an app's own counter into ``CaseCounter`` (decision 1500), for the
migrations of ``disclosure`` and ``objections``; both ways, so a migration back restores it."""

from __future__ import annotations

from django.db import migrations


def counter_moved(app_label: str, model_name: str, kind: str) -> migrations.RunPython:
    """Copy each (unit, year, last) of ``app_label.model_name`` into ``CaseCounter`` as ``kind``;
    backwards, copy them back and take them out of ``CaseCounter``. A number already given stays
    given: where both hold a row, the higher ``last`` wins."""

    def forward(apps, schema_editor):
        old = apps.get_model(app_label, model_name)
        case_counter = apps.get_model("casefiles", "CaseCounter")
        for row in old.objects.order_by("pk"):
            counter, _created = case_counter.objects.get_or_create(
                kind=kind, unit_id=row.unit_id, year=row.year
            )
            counter.last = max(counter.last, row.last)
            counter.save(update_fields=["last"])

    def backward(apps, schema_editor):
        old = apps.get_model(app_label, model_name)
        case_counter = apps.get_model("casefiles", "CaseCounter")
        for counter in case_counter.objects.filter(kind=kind).order_by("pk"):
            row, _created = old.objects.get_or_create(unit_id=counter.unit_id, year=counter.year)
            row.last = max(row.last, counter.last)
            row.save(update_fields=["last"])
        case_counter.objects.filter(kind=kind).delete()

    return migrations.RunPython(forward, backward, elidable=False)
