"""Objections number with the one case-file counter (casefiles.CaseCounter, kind "objection");
their own counter's rows are copied there first, so every number already given stays given."""

from django.db import migrations, models

from eppid.casefiles.counter_migration import counter_moved

REQUESTER_TYPES = [("individual", "Individual"), ("group", "Group of people, with a representative"), ("legal_entity", "Legal entity")]


class Migration(migrations.Migration):
    dependencies = [
        ("casefiles", "0001_initial"),
        ("objections", "0003_rule_set_and_grounds_as_data"),
    ]

    operations = [
        counter_moved("objections", "ObjectionCounter", "objection"),
        migrations.DeleteModel(name="ObjectionCounter"),
        # The identity is casefiles.RequesterIdentity's now: the same columns, named for forms.
        migrations.AlterField(
            model_name="objection",
            name="requester_type",
            field=models.CharField(
                blank=True, choices=REQUESTER_TYPES, max_length=20, verbose_name="requester type"
            ),
        ),
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
