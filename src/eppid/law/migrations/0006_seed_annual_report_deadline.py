"""The annual report's deadline: within three months after the budget year, so by 31 March
(Perki 1/2021 Pasal 56; dip-dik.md section 3). Reminders start on the first working days of
January. Perki 1/2021 is in force from its promulgation in 2021."""

import datetime

from django.db import migrations

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
    model = apps.get_model("law", "YearlyDeadline")
    model.objects.get_or_create(
        duty=ROW["duty"], effective_from=ROW["effective_from"], defaults={k: v for k, v in ROW.items()}
    )


def unseed(apps, schema_editor):
    apps.get_model("law", "YearlyDeadline").objects.filter(
        duty=ROW["duty"], effective_from=ROW["effective_from"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("law", "0005_yearly_deadlines")]

    operations = [migrations.RunPython(seed, unseed)]
