"""The steps that move ``disclosure`` and ``objections`` onto the case-file core (decision 1500),
frozen here for their migrations: the counter's rows into ``CaseCounter`` (both ways, so a
migration back restores them), and the identity's ``requester_type`` as the abstract model has it."""

from __future__ import annotations

from django.db import migrations, models

REQUESTER_TYPES = [
    ("individual", "Individual"),
    ("group", "Group of people, with a representative"),
    ("legal_entity", "Legal entity"),
]


def requester_type_optional(model_name: str) -> migrations.AlterField:
    """``requester_type`` may be blank in the model (an objection on a request has none of its
    own); the requests' services still require it. The column does not change."""
    return migrations.AlterField(
        model_name=model_name,
        name="requester_type",
        field=models.CharField(
            blank=True, choices=REQUESTER_TYPES, max_length=20, verbose_name="requester type"
        ),
    )


def counter_moved(app_label: str, model_name: str, kind: str) -> list[migrations.operations.base.Operation]:
    """Copy each (unit, year, last) of ``app_label.model_name`` into ``CaseCounter`` as ``kind``;
    backwards, copy them back and take them out of ``CaseCounter``. A number already given stays
    given: where both hold a row, the higher ``last`` wins. Then the old model goes."""

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

    return [migrations.RunPython(forward, backward, elidable=False), migrations.DeleteModel(name=model_name)]
