"""The search row carries its unit's region (the first part of the unit's code: its province), so
that a search of a province with every unit below it reads one range of one index, newest first
(decision 1530). Rows already there are filled from their units before the index is built.

SQLite adds the column by rebuilding the table, which drops the triggers that keep the FTS5 table
in step (migration 0005): they are made again at the end (a no-op on PostgreSQL).
"""

import importlib

from django.db import migrations, models

_SEARCH = importlib.import_module("eppid.catalog.migrations.0005_search")

_FILL_PG = """
UPDATE catalog_searchdocument s SET region = split_part(u.code, '.', 1)
FROM organisation_unit u WHERE u.id = s.unit_id
"""
_FILL = """
UPDATE catalog_searchdocument SET region = COALESCE((
    SELECT CASE WHEN instr(u.code, '.') > 0 THEN substr(u.code, 1, instr(u.code, '.') - 1) ELSE u.code END
    FROM organisation_unit u WHERE u.id = unit_id), '')
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute(_FILL)
        return
    # Every row is rewritten: building the words' GIN index again afterwards is far quicker
    # than updating it row by row (as in migration 0007).
    schema_editor.execute("DROP INDEX IF EXISTS catalog_search_vector")
    schema_editor.execute(_FILL_PG)
    schema_editor.execute("CREATE INDEX catalog_search_vector ON catalog_searchdocument USING gin (vector)")


def fts_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _SEARCH.install(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0008_search_year_index"),
        ("organisation", "0003_load_units"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="region",
            field=models.CharField(blank=True, max_length=8),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["region", "-published_at"], name="catalog_search_region_newest"),
        ),
        migrations.RunPython(fts_triggers, migrations.RunPython.noop),
    ]
