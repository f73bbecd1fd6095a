"""The annual report's deadline: within three months after the budget year, so by 31 March
(Perki 1/2021 Pasal 56; dip-dik.md section 3). Reminders start on the first working days of
January. Perki 1/2021 is in force from its promulgation in 2021.

The row is written without signals (historical model), so this migration records it in the
transparency log itself, as the system, as catalog's 0002_information_types does.
"""

import datetime

from django.db import migrations, transaction

ROW = {
    "duty": "annual_report",
    "effective_from": datetime.date(2021, 1, 1),
    "due_month": 3,
    "due_day": 31,
    "remind_from_month": 1,
    "remind_from_day": 2,
    "basis": "Perki 1/2021 Pasal 56: paling lambat 3 (tiga) bulan setelah tahun anggaran berakhir",
}


def seed(apps, schema_editor):
    from eppid.integrity.log import log_append
    from eppid.integrity.registry import REGISTRY, record_content

    model = apps.get_model("law", "YearlyDeadline")
    if model.objects.filter(duty=ROW["duty"], effective_from=ROW["effective_from"]).exists():
        return
    spec = next(spec for spec in REGISTRY.values() if spec.label == "law.YearlyDeadline")
    with transaction.atomic():
        model.objects.bulk_create([model(**ROW)])  # no signals: logged once, here
        row = model.objects.get(duty=ROW["duty"], effective_from=ROW["effective_from"])
        log_append(
            action="create",
            object_type=spec.label,
            object_id=row.pk,
            content=record_content(spec, row),
            actor="system",
        )


class Migration(migrations.Migration):
    dependencies = [("law", "0005_yearly_deadlines"), ("integrity", "0005_integrity_runs")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
