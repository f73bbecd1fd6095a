"""The rule set an objection follows, stored at receipt; grounds are data (law.LegalGround)."""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    """Objections filed before this follow the public-information rules in force on their receipt
    day (as their deadlines were counted); then log them again."""
    from eppid.integrity.relog import records_relog

    rule_set_model = apps.get_model("law", "DeadlineRuleSet")
    objection_model = apps.get_model("objections", "Objection")
    for objection in objection_model._base_manager.filter(rule_set__isnull=True).order_by("pk"):
        rule_set = (
            rule_set_model.objects.filter(regime="general", effective_from__lte=objection.received_on)
            .order_by("-effective_from")
            .first()
        )
        if rule_set is not None:
            objection_model._base_manager.filter(pk=objection.pk).update(rule_set=rule_set)
    records_relog(apps, ["objections.Objection"])


class Migration(migrations.Migration):

    dependencies = [
        ('law', '0004_seed_election_rules_and_grounds'),
        ('objections', '0002_objection_event_nik_unmasked'),
        ('integrity', '0005_integrity_runs'),
    ]

    operations = [
        migrations.AddField(
            model_name='objection',
            name='rule_set',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='law.deadlineruleset', verbose_name='deadline rules'),
        ),
        migrations.AlterField(
            model_name='objection',
            name='ground',
            field=models.CharField(max_length=20, verbose_name='ground'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
