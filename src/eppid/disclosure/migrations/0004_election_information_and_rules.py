"""Election information (Perki 1/2019) and the rule set a request follows, stored at receipt."""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    """Requests received before election information existed follow the public-information rules
    in force on their receipt day (as their deadlines were counted); then log them again."""
    from eppid.integrity.relog import records_relog

    rule_set_model = apps.get_model("law", "DeadlineRuleSet")
    request_model = apps.get_model("disclosure", "InformationRequest")
    for request in request_model._base_manager.filter(rule_set__isnull=True).order_by("pk"):
        rule_set = (
            rule_set_model.objects.filter(regime="general", effective_from__lte=request.received_on)
            .order_by("-effective_from")
            .first()
        )
        if rule_set is not None:
            request_model._base_manager.filter(pk=request.pk).update(rule_set=rule_set)
    records_relog(apps, ["disclosure.InformationRequest"])


class Migration(migrations.Migration):

    dependencies = [
        ('disclosure', '0003_request_list_indexes'),
        ('law', '0004_seed_election_rules_and_grounds'),
        ('integrity', '0005_integrity_runs'),
    ]

    operations = [
        migrations.AddField(
            model_name='informationrequest',
            name='election_information',
            field=models.BooleanField(default=False, verbose_name='election information'),
        ),
        migrations.AddField(
            model_name='informationrequest',
            name='election_period',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='law.electionperiod', verbose_name='election period'),
        ),
        migrations.AddField(
            model_name='informationrequest',
            name='rule_set',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='law.deadlineruleset', verbose_name='deadline rules'),
        ),
        migrations.AlterField(
            model_name='decision',
            name='exemption_basis',
            field=models.CharField(blank=True, max_length=20, verbose_name='exemption basis'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
