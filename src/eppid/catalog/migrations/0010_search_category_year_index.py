"""The search row's layout for a walk newest first (decision 1600).

* A search narrowed by category and year walks one range of one index newest first: with the
  year's index alone every other row read was of another category.
* PostgreSQL keeps each row's tsvector in the row (``STORAGE MAIN``), moving the documents' text
  out instead: a walk tests the words of every row it reads, and a tsvector stored out of line
  (most rows with documents) cost an index lookup and one more page per row. The rows already
  there are written again so that they take the new layout (the words' GIN index is built again
  afterwards: far quicker than updating it row by row, as in migrations 0007 and 0009).
"""

from django.db import migrations, models

_MAIN = "ALTER TABLE catalog_searchdocument ALTER COLUMN vector SET STORAGE MAIN"
_EXTENDED = "ALTER TABLE catalog_searchdocument ALTER COLUMN vector SET STORAGE EXTENDED"
# A new value (an unchanged one would keep its out-of-line copy): stored by the new rule.
_REWRITE = "UPDATE catalog_searchdocument SET vector = vector || ''::tsvector WHERE vector IS NOT NULL"


def vector_in_row(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(_MAIN)
    schema_editor.execute("DROP INDEX IF EXISTS catalog_search_vector")
    schema_editor.execute(_REWRITE)
    schema_editor.execute("CREATE INDEX catalog_search_vector ON catalog_searchdocument USING gin (vector)")


def vector_out_of_row(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_EXTENDED)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0009_search_region"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(
                fields=["category", "year", "-published_at"], name="catalog_search_catyear_newest"
            ),
        ),
        migrations.RunPython(vector_in_row, vector_out_of_row),
    ]
