"""A document's created_at, its retention clock, enters its record's content hash
(signing/audit.py): each document is logged again with it, once."""

from django.db import migrations


def relog(apps, schema_editor):
    # local: migration code; the helper reads the migration state's models it is given
    from eppid.integrity.relog import records_relog

    records_relog(apps, ["signing.IssuedDocument"], added=("created_at",))


class Migration(migrations.Migration):
    dependencies = [("signing", "0006_names_of_who_acted_protected"), ("integrity", "0005_integrity_runs")]

    operations = [migrations.RunPython(relog, migrations.RunPython.noop)]
