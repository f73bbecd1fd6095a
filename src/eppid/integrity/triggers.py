"""Database triggers that make the log table append-only (UPDATE, DELETE and TRUNCATE refused).

They stop the application and anyone using its database role. A table owner can still drop them;
the signed checkpoints published outside the database are what catch that.
"""

from django.core.exceptions import ImproperlyConfigured

TABLE = "integrity_logentry"
MESSAGE = "the transparency log is append-only"

_POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION integrity_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$""",
    f"DROP TRIGGER IF EXISTS integrity_log_no_change ON {TABLE}",
    f"""CREATE TRIGGER integrity_log_no_change BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION integrity_log_refuse()""",
    f"DROP TRIGGER IF EXISTS integrity_log_no_truncate ON {TABLE}",
    # TRUNCATE fires no row triggers: it needs its own, statement-level one.
    f"""CREATE TRIGGER integrity_log_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION integrity_log_refuse()""",
]
_POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS integrity_log_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS integrity_log_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS integrity_log_refuse()",
]
_SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS integrity_log_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS integrity_log_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS integrity_log_no_update",
    "DROP TRIGGER IF EXISTS integrity_log_no_delete",
]


def _statements(connection, install: bool) -> list[str]:
    if connection.vendor == "postgresql":
        return _POSTGRES_INSTALL if install else _POSTGRES_DROP
    if connection.vendor == "sqlite":
        return _SQLITE_INSTALL if install else _SQLITE_DROP
    # Refuse rather than run with a log nothing protects: only these two databases are supported.
    raise ImproperlyConfigured(
        f"e-PPID runs on PostgreSQL or SQLite; {connection.vendor} has no append-only log triggers"
    )


def log_triggers_install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, install=True):
            cursor.execute(sql)


def log_triggers_drop(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, install=False):
            cursor.execute(sql)
