"""Search of the information list (issue 12 item 6): one row per published entry, and per engine
its index. PostgreSQL: the ``unaccent`` and ``pg_trgm`` extensions, the ``eppid_search`` text
search configuration (``simple`` with ``unaccent``), a GIN index on the tsvector and a trigram
index on the known words. SQLite: an FTS5 table over the rows, kept in step by triggers (none
when SQLite was built without FTS5: search then falls back to matching parts of words).
Each half is a no-op on the other engine. Entries already published are indexed at the end.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import OperationalError, migrations, models

PG_INSTALL = [
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'eppid_search') THEN
            CREATE TEXT SEARCH CONFIGURATION eppid_search (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION eppid_search
                ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
                WITH unaccent, simple;
        END IF;
    END $$""",
    "CREATE INDEX IF NOT EXISTS catalog_search_vector ON catalog_searchdocument USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS catalog_searchword_trgm ON catalog_searchword USING gin (word gin_trgm_ops)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS catalog_searchword_trgm",
    "DROP INDEX IF EXISTS catalog_search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS eppid_search",
]
_FTS_INSERT = "INSERT INTO catalog_search_fts (rowid, title, summary, body) VALUES (new.entry_id, new.title, new.summary, new.body);"
_FTS_DELETE = (
    "INSERT INTO catalog_search_fts (catalog_search_fts, rowid, title, summary, body) "
    "VALUES ('delete', old.entry_id, old.title, old.summary, old.body);"
)
SQLITE_INSTALL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS catalog_search_fts USING fts5(
        title, summary, body, content='catalog_searchdocument', content_rowid='entry_id',
        tokenize='unicode61 remove_diacritics 2')""",
    f"CREATE TRIGGER IF NOT EXISTS catalog_search_ai AFTER INSERT ON catalog_searchdocument BEGIN {_FTS_INSERT} END",
    f"CREATE TRIGGER IF NOT EXISTS catalog_search_ad AFTER DELETE ON catalog_searchdocument BEGIN {_FTS_DELETE} END",
    f"""CREATE TRIGGER IF NOT EXISTS catalog_search_au AFTER UPDATE ON catalog_searchdocument
        BEGIN {_FTS_DELETE} {_FTS_INSERT} END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalog_search_au",
    "DROP TRIGGER IF EXISTS catalog_search_ad",
    "DROP TRIGGER IF EXISTS catalog_search_ai",
    "DROP TABLE IF EXISTS catalog_search_fts",
]


def _run(schema_editor, statements) -> None:
    for statement in statements:
        schema_editor.execute(statement)


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_INSTALL)
    elif vendor == "sqlite":
        try:
            _run(schema_editor, SQLITE_INSTALL)
        except OperationalError:  # "no such module: fts5": search matches parts of words instead
            _run(schema_editor, SQLITE_DROP)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_DROP)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)


def index_published(apps, schema_editor):
    """The entries published before this migration (the services keep it in step after it)."""
    entries = apps.get_model("catalog", "InformationEntry")
    documents = apps.get_model("catalog", "EntryDocument")
    search = apps.get_model("catalog", "SearchDocument")
    rows = []
    for entry in entries.objects.filter(status="published").exclude(current=None).select_related("current"):
        version = entry.current
        body = ""
        if version.category != "exempt":
            texts = documents.objects.filter(links__version=version).order_by("links__position", "links__pk")
            body = "\n".join(texts.values_list("text", flat=True))[:500_000]
        rows.append(search(entry_id=entry.pk, title=version.title, summary=version.summary, body=body))
    search.objects.bulk_create(rows, batch_size=500)
    if rows and schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            """UPDATE catalog_searchdocument SET vector =
                setweight(to_tsvector('eppid_search', title), 'A')
                || setweight(to_tsvector('eppid_search', summary), 'B')
                || setweight(to_tsvector('eppid_search', body), 'C')"""
        )
        schema_editor.execute(
            """INSERT INTO catalog_searchword (word)
            SELECT DISTINCT lexeme FROM catalog_searchdocument, unnest(tsvector_to_array(vector)) AS lexeme
            WHERE char_length(lexeme) BETWEEN 3 AND 60 AND lexeme ~ '^[[:alpha:]]+$'
            ON CONFLICT (word) DO NOTHING"""
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_redaction_and_released"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="catalog.informationentry",
                    ),
                ),
                ("title", models.TextField()),
                ("summary", models.TextField()),
                ("body", models.TextField(blank=True)),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=60, primary_key=True, serialize=False)),
            ],
        ),
        migrations.RunPython(install, uninstall),
        migrations.RunPython(index_published, migrations.RunPython.noop),
    ]
