"""The indicators' ``source`` is a citation shown as is on the Indonesian and the English page, so
it holds no words of either language: the seeded "SAQ e-Monev 2025 (Perki 1/2022), as published by
assessed bodies" becomes "SAQ e-Monev 2025 (Perki 1/2022)" (where the questionnaire was read is in
0005's docstring and dip-dik.md section 5; every seeded weight stays ``to_confirm``). A source a
system administrator has since changed is left alone.

The rows are written without signals (historical models), so each change is recorded in the
transparency log here, as the system (like 0005).
"""

from django.db import migrations, transaction

OLD = "SAQ e-Monev 2025 (Perki 1/2022), as published by assessed bodies"
NEW = "SAQ e-Monev 2025 (Perki 1/2022)"


def forward(apps, schema_editor):
    from eppid.integrity.log import log_append
    from eppid.integrity.registry import REGISTRY, record_content

    model = apps.get_model("reports", "ReadinessIndicator")
    spec = next(spec for spec in REGISTRY.values() if spec.label == "reports.ReadinessIndicator")
    with transaction.atomic():
        for row in model.objects.select_for_update().filter(source__startswith=OLD).order_by("pk"):
            row.source = NEW + row.source[len(OLD) :]
            row.save(update_fields=["source"])
            log_append(
                action="update",
                object_type=spec.label,
                object_id=row.pk,
                content=record_content(spec, row),
                actor="system",
            )


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_annual_report_records")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
