import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from eppid.integrity.triggers import log_triggers_drop, log_triggers_install
from eppid.organisation.models import Membership, Unit

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    config.addinivalue_line("markers", "real_hashers: keep the production password hashers (Argon2id)")


@pytest.fixture(scope="session", autouse=True)
def _log_flushable():
    """Transactional tests flush the database (DELETE or TRUNCATE) and serialized_rollback ones
    reload it over existing rows (UPDATE), which the transparency log's append-only triggers
    refuse: lift them for those two steps only, and put them back."""
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


@pytest.fixture(autouse=True)
def _default_language():
    """A request to /en/ leaves English active in the thread; the next test starts Indonesian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


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
