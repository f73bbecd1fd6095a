"""Objections number with the one case-file counter (casefiles.CaseCounter, kind "objection");
their own counter's rows are copied there first, so every number already given stays given. The
identity's columns are casefiles.RequesterIdentity's: the same columns, named for forms."""

from django.db import migrations, models

from eppid.casefiles.migration_steps import counter_moved, requester_type_optional


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0001_initial"), ("objections", "0003_rule_set_and_grounds_as_data")]

    operations = [
        *counter_moved("objections", "ObjectionCounter", "objection"),
        requester_type_optional("objection"),
        migrations.AlterField(
            model_name="objection",
            name="group_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="group name"),
        ),
        migrations.AlterField(
            model_name="objection",
            name="legal_entity_number",
            field=models.CharField(blank=True, max_length=100, verbose_name="legal entity decree number"),
        ),
        migrations.AlterField(
            model_name="objection",
            name="occupation",
            field=models.CharField(blank=True, max_length=200, verbose_name="occupation"),
        ),
    ]
