"""Requests number with the one case-file counter (casefiles.CaseCounter, kind "request"); their
own counter's rows are copied there first, so every number already given stays given."""

from django.db import migrations, models

from eppid.casefiles.counter_migration import counter_moved

REQUESTER_TYPES = [("individual", "Individual"), ("group", "Group of people, with a representative"), ("legal_entity", "Legal entity")]


class Migration(migrations.Migration):
    dependencies = [
        ("casefiles", "0001_initial"),
        ("disclosure", "0006_statistics_covering_indexes"),
    ]

    operations = [
        counter_moved("disclosure", "RequestCounter", "request"),
        migrations.DeleteModel(name="RequestCounter"),
        # The identity is casefiles.RequesterIdentity's now: its requester type may be blank (an
        # objection on a request has none of its own); the requests' services still require it.
        migrations.AlterField(
            model_name="informationrequest",
            name="requester_type",
            field=models.CharField(
                blank=True, choices=REQUESTER_TYPES, max_length=20, verbose_name="requester type"
            ),
        ),
    ]
