"""How long e-PPID waits for the database and Redis before it answers 503: settings read from the
environment with short defaults (eppid.conf.database / conf.cache), and effective on a real
connection attempt (issue 14 item 5: never a hang)."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.db import OperationalError, close_old_connections, connections
from django.db.utils import load_backend
from tests.settings_support import base_env, probe, run
from tests.unavailable_support import closed_port, silent_listener

from eppid import conf
from eppid.core.unavailable import is_unavailable


@pytest.mark.django_db  # pytest-django lets no connection be attempted without it
def test_connecting_to_a_closed_port_fails_at_once_and_counts_as_unavailable():
    wrapper = postgres_wrapper(closed_port())
    began = time.monotonic()
    with pytest.raises(OperationalError) as refused:
        wrapper.ensure_connection()
    assert time.monotonic() - began < 2
    assert is_unavailable(refused.value)


@pytest.mark.django_db
def test_a_database_that_never_answers_fails_within_the_connect_timeout():
    with silent_listener() as port:
        wrapper = postgres_wrapper(port)
        assert wrapper.settings_dict["OPTIONS"]["connect_timeout"] == 2
        began = time.monotonic()
        with pytest.raises(OperationalError) as timed_out:
            wrapper.ensure_connection()
    assert time.monotonic() - began < 10
    assert is_unavailable(timed_out.value)


def postgres_wrapper(port: int):
    """A PostgreSQL connection configured the way settings configure one (conf.database)."""
    with mock.patch.dict("os.environ", {"EPPID_DB_CONNECT_TIMEOUT": "2"}):
        config = conf.database(f"postgres://postgres@127.0.0.1:{port}/eppid_absent")
    settings_dict = {**connections["default"].settings_dict, **config}
    return load_backend(config["ENGINE"]).DatabaseWrapper(settings_dict, alias="unavailable-probe")


def test_the_waits_have_short_defaults(tmp_path):
    env = base_env(
        tmp_path, DATABASE_URL="postgres://eppid@db.internal/eppid", REDIS_URL="redis://cache:6379/1"
    )

    values = probe(
        env,
        "DATABASES.default.OPTIONS.connect_timeout",
        "CACHES.default.OPTIONS.socket_connect_timeout",
        "CACHES.default.OPTIONS.socket_timeout",
        "EPPID_UNAVAILABLE_RETRY_SECONDS",
        "DATABASES.default.CONN_MAX_AGE",
        "DATABASES.default.CONN_HEALTH_CHECKS",
    )

    assert values == {
        "DATABASES.default.CONN_MAX_AGE": "60",
        "DATABASES.default.CONN_HEALTH_CHECKS": "True",
        "DATABASES.default.OPTIONS.connect_timeout": "5",
        "CACHES.default.OPTIONS.socket_connect_timeout": "2",
        "CACHES.default.OPTIONS.socket_timeout": "5",
        "EPPID_UNAVAILABLE_RETRY_SECONDS": "30",
    }


def test_the_waits_are_read_from_the_environment(tmp_path):
    env = base_env(
        tmp_path,
        DATABASE_URL="postgres://eppid@db.internal/eppid",
        REDIS_URL="redis://cache:6379/1",
        EPPID_DB_CONNECT_TIMEOUT="3",
        EPPID_REDIS_CONNECT_TIMEOUT="1",
        EPPID_REDIS_TIMEOUT="4",
        EPPID_UNAVAILABLE_RETRY_SECONDS="120",
        EPPID_DB_CONN_MAX_AGE="0",
    )

    values = probe(
        env,
        "DATABASES.default.OPTIONS.connect_timeout",
        "CACHES.default.OPTIONS.socket_connect_timeout",
        "CACHES.default.OPTIONS.socket_timeout",
        "EPPID_UNAVAILABLE_RETRY_SECONDS",
        "DATABASES.default.CONN_MAX_AGE",
    )

    assert list(values.values()) == ["3", "1", "4", "120", "0"]


def test_a_connect_timeout_in_the_database_url_wins(tmp_path):
    env = base_env(tmp_path, DATABASE_URL="postgres://eppid@db.internal/eppid?connect_timeout=9")

    assert probe(env, "DATABASES.default.OPTIONS.connect_timeout") == {
        "DATABASES.default.OPTIONS.connect_timeout": "9"
    }


@pytest.mark.parametrize("value", ["0", "soon"])
def test_a_wait_that_is_not_a_wait_stops_the_start(tmp_path, value):
    env = base_env(tmp_path, REDIS_URL="redis://cache:6379/1", EPPID_REDIS_TIMEOUT=value)
    result = run(["-c", "import django; django.setup()"], env)
    assert result.returncode != 0
    assert "EPPID_REDIS_TIMEOUT must be" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_cut_by_a_restart_is_replaced_before_the_next_request(client):
    """EPPID_DB_CONN_MAX_AGE keeps a worker's connection; the health check before reuse means a
    connection that PostgreSQL dropped meanwhile (a restart) costs no request a 503."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        pytest.skip("kept connections are a PostgreSQL setting")
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    lookup = "/api/v1/requests/35.04-2026-00001"  # reads the database on every call (a 404 here)

    assert client.get(lookup, HTTP_X_TRACKING_CODE="x").status_code == 404
    kept = connection.connection
    assert kept is not None and not kept.closed  # kept after the request
    cutter = load_backend("django.db.backends.postgresql").DatabaseWrapper(
        {**connection.settings_dict, "CONN_MAX_AGE": 0}, alias="cutter"
    )
    try:
        with cutter.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [kept.info.backend_pid])
    finally:
        cutter.close()
    # What a server's request_started does (the test client turns that signal off for its requests).
    close_old_connections()

    assert client.get(lookup, HTTP_X_TRACKING_CODE="x").status_code == 404
    assert connection.connection is not kept and not connection.connection.closed
