from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.auth_support import bearer_headers
from tests.crypto_models import crypto_tables  # noqa: F401 - a fixture, used below
from tests.integrity_guard import TAMPERS_MARKER, guard_check, guard_off, guard_start
from tests.smtp_support import smtp_server  # noqa: F401 - a fixture: a real SMTP server on loopback

from eppid.integrity.triggers import log_triggers_drop, log_triggers_install
from eppid.organisation.models import Membership, Unit

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    config.addinivalue_line("markers", "real_hashers: keep the production password hashers (Argon2id)")
    config.addinivalue_line("markers", TAMPERS_MARKER)
    _own_redis_database_per_worker()


def _own_redis_database_per_worker():
    """Under pytest-xdist every worker clears the cache between tests; on a shared Redis database
    that would drop the other worker's sessions. Worker gwN takes database (base - 1 - N)."""
    import os
    import re

    from django.core.cache import caches

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    default = settings.CACHES["default"]
    if not worker.startswith("gw") or not default["BACKEND"].endswith("RedisCache"):
        return
    match = re.fullmatch(r"(.*/)(\d+)", default["LOCATION"])
    base = int(match.group(2)) if match else 0
    number = (base - 1 - int(worker[2:])) % 16
    prefix = match.group(1) if match else default["LOCATION"].rstrip("/") + "/"
    default["LOCATION"] = f"{prefix}{number}"
    caches.__dict__.pop("settings", None)


@pytest.fixture(scope="session", autouse=True)
def _urls_loaded_before_any_clock_is_frozen():
    """Import every URL module (and so the API's schemas) once, before any test freezes time: a
    module first imported under freezegun binds its ``datetime`` names to freezegun's fakes, and
    which test of a worker comes first is up to the scheduler."""
    from django.urls import get_resolver

    assert get_resolver().url_patterns


@pytest.fixture(scope="session", autouse=True)
def _crypto_test_tables(request):
    """The test-only encrypted models are registered for the whole session (conftest imports
    them), and verify_integrity reads every encrypted model's table: create theirs up front, so
    no test depends on another having asked for them first."""
    request.getfixturevalue("crypto_tables")


@pytest.fixture(scope="session", autouse=True)
def _log_flushable(django_db_blocker):
    """Transactional tests flush the database (DELETE or TRUNCATE) and serialized_rollback ones
    reload it over existing rows (UPDATE), which the transparency log's append-only triggers
    refuse: lift them for those two steps only, and put them back. A flush is noted, so the
    next database test first gets the migrated data back, committed (pytest_runtest_setup)."""
    from django.db.backends.base.creation import BaseDatabaseCreation
    from django.db.backends.base.operations import BaseDatabaseOperations

    original_flush = BaseDatabaseOperations.execute_sql_flush
    original_reload = BaseDatabaseCreation.deserialize_db_from_string

    def flush(self, sql_list):
        log_triggers_drop(self.connection)
        try:
            original_flush(self, sql_list)
        finally:
            log_triggers_install(self.connection)
        FLUSHED.blocker = django_db_blocker

    def reload(self, data):
        log_triggers_drop(self.connection)
        try:
            original_reload(self, data)
        finally:
            log_triggers_install(self.connection)

    BaseDatabaseOperations.execute_sql_flush = flush
    BaseDatabaseCreation.deserialize_db_from_string = reload
    yield
    BaseDatabaseOperations.execute_sql_flush = original_flush
    BaseDatabaseCreation.deserialize_db_from_string = original_reload


@pytest.fixture
def empty_log(request, db):
    """A log and Merkle tree with no entries, for tests of the tree and checkpoint mechanics that
    feed leaves themselves (migrations leave a baseline of entries for the loaded units)."""
    from django.db import connection

    from eppid.integrity.models import Checkpoint, LogEntry, TreeNode

    guard_off(request.node)  # the units' and rules' entries go: the test tampers on purpose
    log_triggers_drop(connection)
    try:
        LogEntry.objects.all()._raw_delete(LogEntry.objects.db)
        TreeNode.objects.all().delete()
        Checkpoint.objects.all().delete()
    finally:
        log_triggers_install(connection)


@pytest.fixture(autouse=True)
def _default_language():
    """A request to /en/ leaves English active in the thread; the next test starts Indonesian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


# Data that migrations load. A transactional test flushes every table when it ends; the next test
# that uses the database gets them back first, loaded and committed outside any test's transaction
# (pytest_runtest_setup below), so they stay for every later test until the next flush. Loaded in
# a rolled-back test's transaction instead, they were loaded (and rolled back) again by every such
# test after a flush: dead rows the log's append guard steps over on each append (decision 1640).
DATA_MIGRATIONS = [
    ("eppid.organisation.migrations.0003_load_units", "load_units"),
    ("eppid.law.migrations.0002_seed_uu_14_2008", "seed"),
    ("eppid.law.migrations.0004_seed_election_rules_and_grounds", "seed"),
    ("eppid.law.migrations.0006_seed_annual_report_deadline", "seed"),
    ("eppid.law.migrations.0008_seed_legal_references", "seed"),
    ("eppid.law.migrations.0009_legal_reference_consequence_duty", "seed"),
    ("eppid.catalog.migrations.0002_information_types", "load_types"),
    ("eppid.reports.migrations.0005_readiness_questionnaires", "load"),
]


# The database blocker once a flush emptied the database (set by _log_flushable), else None.
FLUSHED = SimpleNamespace(blocker=None)


def _database_kind(node, fixturenames) -> str | None:
    """ "transactional", "rolled back" or None (the test does not use the database)."""
    marker = node.get_closest_marker("django_db")
    if "transactional_db" in fixturenames or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    ):
        return "transactional"
    if marker is not None or "db" in fixturenames:
        return "rolled back"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """Before any fixture of a test that uses the database (pytest-django's own marker fixture
    opens the test's transaction first): the migrated data again, committed, after a flush."""
    fixturenames = getattr(item, "fixturenames", ())
    if FLUSHED.blocker is not None and (
        _database_kind(item, fixturenames) is not None or "live_server" in fixturenames
    ):
        from django.db import transaction

        with FLUSHED.blocker.unblock(), transaction.atomic():
            if not Unit.objects.exists():
                _load_migrated_data()
        FLUSHED.blocker = None
    return (yield)


@pytest.fixture(autouse=True)
def _migrated_data(request):
    kind = _database_kind(request.node, request.fixturenames)
    if kind is None:
        return
    request.getfixturevalue("transactional_db" if kind == "transactional" else "db")
    if not Unit.objects.exists():  # emptied without pytest_runtest_setup seeing it: load now
        _load_migrated_data()


def _load_migrated_data():
    import importlib

    from django.apps import apps

    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
    _log_unlogged_rows()


def _log_unlogged_rows():
    """Data migrations bulk-create some rows (the rule set's rules) without signals; in a real
    database the log's baseline migration records them. After a flush nothing would, and
    verify_integrity in a later test of this process would report them as inserted by hand."""
    from django.db import transaction

    from eppid.integrity.models import LogEntry
    from eppid.integrity.registry import REGISTRY
    from eppid.integrity.signals import _append_record

    with transaction.atomic():
        for spec in sorted(REGISTRY.values(), key=lambda spec: spec.label):
            if spec.model._meta.db_table.startswith("test_"):
                continue
            logged = set(LogEntry.objects.filter(object_type=spec.label).values_list("object_id", flat=True))
            for obj in spec.model._base_manager.order_by("pk"):
                if str(obj.pk) not in logged:
                    _append_record(spec, obj, "create")


@pytest.fixture(autouse=True)
def _integrity_guard(request, _migrated_data):
    """Never cry wolf: a test that wrote an audited table ends with verify_integrity's record and
    file checks over it (tests/integrity_guard.py, decision 1200); ``@pytest.mark.tampers`` opts
    out. Set up after the database (so it is torn down before the rollback)."""
    kind = _database_kind(request.node, request.fixturenames)
    watching = guard_start(request, transactional=kind == "transactional") if kind else None
    if watching is None:
        yield
        return
    with watching:
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    guard_check(item)
    return result


@pytest.fixture(autouse=True)
def _own_checkpoint_file(settings, tmp_path):
    """The newest checkpoint is kept in a file outside the database; each test gets its own, so
    a checkpoint published by `make run` or another test never looks like a rollback."""
    settings.EPPID_CHECKPOINT_DIR = str(tmp_path / "checkpoints")


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Stored files go to the test's own directory: a periodic job run by a test (the orphan sweep
    runs daily with the real registry) must never see the development files in $EPPID_DATA_DIR."""
    settings.MEDIA_ROOT = str(tmp_path / "files")


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Tasks run when enqueued (django-tasks ImmediateBackend); the database backend and its
    worker are exercised on purpose in tests/test_tasks_worker.py."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _clean_cache():
    from eppid.core.public_cache import local_clear

    cache.clear()
    local_clear()
    yield
    cache.clear()
    local_clear()


@pytest.fixture(autouse=True)
def _fast_hashers(request, settings):
    """Argon2id costs ~100 ms a hash; only the tests that are about hashing pay for it."""
    if "real_hashers" not in request.keywords:
        settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def make_staff(db, django_user_model):
    """make_staff("name", ("35.04", "officer"), ...) -> a user with a confirmed TOTP device."""

    def make(username, *roles, password="correct horse battery staple", **extra):
        user = django_user_model.objects.create_user(username=username, password=password, **extra)
        for code, role in roles:
            Membership.objects.create(user=user, unit=Unit.objects.get(code=code), role=role)
        TOTPDevice.objects.create(user=user, name="default", confirmed=True)
        return user

    return make


@pytest.fixture
def verified_client(client):
    """A test client signed in with password and second factor, as a staff member would be."""

    def sign_in(user):
        from django_otp import DEVICE_ID_SESSION_KEY

        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return sign_in


@pytest.fixture
def api_client(db):
    """api_client(user) -> a test client that calls the API with a fresh token of ``user``."""
    from django.test import Client

    def for_user(user):
        return Client(**bearer_headers(user))

    return for_user
