"""The search row carries the entry's unit and last publication and the current version's
category and year, so the newest matches of a search are found in that table alone (decision
1441). Rows already there are filled from their entries before the indexes are built.

SQLite adds a foreign key by rebuilding the table, which drops the triggers that keep the FTS5
table in step (migration 0005): they are made again at the end (a no-op on PostgreSQL).
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

_SEARCH = importlib.import_module("eppid.catalog.migrations.0005_search")

_FILL_PG = """
UPDATE catalog_searchdocument s
SET unit_id = e.unit_id, published_at = e.published_at, category = v.category, year = v.year
FROM catalog_informationentry e JOIN catalog_entryversion v ON v.id = e.current_id
WHERE e.id = s.entry_id
"""
_FILL = """
UPDATE catalog_searchdocument SET
    unit_id = (SELECT e.unit_id FROM catalog_informationentry e WHERE e.id = entry_id),
    published_at = (SELECT e.published_at FROM catalog_informationentry e WHERE e.id = entry_id),
    category = COALESCE((SELECT v.category FROM catalog_informationentry e
        JOIN catalog_entryversion v ON v.id = e.current_id WHERE e.id = entry_id), ''),
    year = (SELECT v.year FROM catalog_informationentry e
        JOIN catalog_entryversion v ON v.id = e.current_id WHERE e.id = entry_id)
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute(_FILL)
        return
    # Every row is rewritten: building the words' GIN index again afterwards is far quicker
    # than updating it row by row (minutes instead of an hour at a million entries).
    schema_editor.execute("DROP INDEX IF EXISTS catalog_search_vector")
    schema_editor.execute(_FILL_PG)
    schema_editor.execute("CREATE INDEX catalog_search_vector ON catalog_searchdocument USING gin (vector)")


def fts_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _SEARCH.install(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0006_unit_subscriptions'),
        ('organisation', '0003_load_units'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchdocument',
            name='category',
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='published_at',
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='unit',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisation.unit'),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='year',
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(fields=['-published_at', '-entry'], name='catalog_search_newest'),
        ),
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(fields=['unit', '-published_at'], name='catalog_search_unit_newest'),
        ),
        migrations.RunPython(fts_triggers, migrations.RunPython.noop),
    ]
