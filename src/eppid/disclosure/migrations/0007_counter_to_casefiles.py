"""Requests number with the one case-file counter (casefiles.CaseCounter, kind "request"); their
own counter's rows are copied there first, so every number already given stays given."""

from django.db import migrations

from eppid.casefiles.migration_steps import counter_moved, requester_type_optional


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0001_initial"), ("disclosure", "0006_statistics_covering_indexes")]

    operations = [*counter_moved("disclosure", "RequestCounter", "request"), requester_type_optional("informationrequest")]
