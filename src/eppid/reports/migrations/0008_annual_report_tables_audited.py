"""The XLSX and CSV of an annual report issue enter the transparency log as the SHA-256 of their
bytes (reports/audit.py): each issue is logged again with them, once."""

from django.db import migrations


def relog(apps, schema_editor):
    # local: migration code; the helper reads the migration state's models it is given
    from eppid.integrity.relog import records_relog

    records_relog(apps, ["reports.AnnualReportIssue"], files_read=True)


class Migration(migrations.Migration):
    dependencies = [("reports", "0007_readiness_sources_as_citations"), ("integrity", "0005_integrity_runs")]

    operations = [migrations.RunPython(relog, migrations.RunPython.noop)]
