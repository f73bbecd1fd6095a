"""A published document retracted from public view without withdrawing its entry (decision 1697):
when, by whom, why, and the redacted copy that replaced it. Every stored document that matched its
last log entry is logged again with the four (empty) fields, which its content now holds; one
edited by hand before the upgrade stays a finding (decision 1692)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


ADDED = ("retracted_at", "retracted_by", "retracted_reason", "replaced_by")


def relog(apps, schema_editor):
    # local: migration code runs with the migration state's models; the log helper knows none
    from eppid.integrity.relog import records_relog

    records_relog(apps, ["catalog.EntryDocument"], added=ADDED)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0010_search_category_year_index"),
        ("integrity", "0005_integrity_runs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="entrydocument",
            name="replaced_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.entrydocument",
                verbose_name="replaced by the redacted copy",
            ),
        ),
        migrations.AddField(
            model_name="entrydocument",
            name="retracted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="retracted from public view"),
        ),
        migrations.AddField(
            model_name="entrydocument",
            name="retracted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="entrydocument",
            name="retracted_reason",
            field=models.TextField(blank=True, verbose_name="reason for the retraction"),
        ),
        migrations.RunPython(relog, migrations.RunPython.noop),
    ]
