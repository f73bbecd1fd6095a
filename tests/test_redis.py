"""With REDIS_URL set, sessions and rate-limit counters live in Redis, shared by every worker.

Uses Redis db 10 only (flushed before and after). Without a reachable Redis the tests skip,
unless CI is set: there a missing Redis is a failure, not a silent pass.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.core.cache import cache, caches
from django.test import RequestFactory
from django.urls import reverse
from django_ratelimit.core import is_ratelimited

ROOT = Path(__file__).resolve().parent.parent
REDIS_LOCATION = "redis://127.0.0.1:6379/10"
SESSION_KEY_PREFIX = "django.contrib.sessions.cache"


@pytest.fixture
def redis_db():
    client = redis.Redis.from_url(REDIS_LOCATION, socket_connect_timeout=1, socket_timeout=5)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis is not reachable at {REDIS_LOCATION} ({error})"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI is set, so this is a failure")
        pytest.skip(message + "; start redis-server to run these tests")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def on_redis(settings, redis_db):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_LOCATION}
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    settings.RATELIMIT_ENABLE = True
    return redis_db


def session_keys(redis_db) -> list[str]:
    return [key.decode() for key in redis_db.keys(f"*{SESSION_KEY_PREFIX}*")]


def test_sign_in_stores_the_session_in_redis_not_the_database(on_redis, make_staff, client):
    from django.contrib.sessions.models import Session

    make_staff("redis.probe", password="a long enough test passphrase")

    response = client.post(
        reverse("accounts:login"), {"username": "redis.probe", "password": "a long enough test passphrase"}
    )

    assert response.status_code == 302
    session_id = client.cookies["sessionid"].value
    assert session_keys(on_redis) == [f":1:{SESSION_KEY_PREFIX}{session_id}"]
    assert not Session.objects.exists()


def test_server_reads_the_session_back_from_redis(on_redis, make_staff, client):
    """The console sends a signed-in user to the second factor and a stranger to sign-in."""
    client.force_login(make_staff("redis.reader"))
    console = reverse("office:dashboard")

    signed_in = client.get(console)
    on_redis.flushdb()
    after_flush = client.get(console)

    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("accounts:verify")
    assert after_flush.status_code == 302
    assert after_flush["Location"].startswith(reverse("accounts:login"))


def test_two_cache_connections_share_values(on_redis):
    first = caches.create_connection("default")
    second = caches.create_connection("default")

    first.set("shared-counter", 0)
    second.incr("shared-counter")
    second.incr("shared-counter")

    assert first.get("shared-counter") == 2
    assert cache.get("shared-counter") == 2


RATELIMIT_PROBE = """
import django
django.setup()
from django.test import RequestFactory
from django_ratelimit.core import is_ratelimited
request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
print(is_ratelimited(request, group="ops-shared", key="ip", rate="3/d", increment=True))
"""


def test_rate_limit_counts_across_processes(on_redis, tmp_path):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")

    def hit() -> bool:
        return is_ratelimited(request, group="ops-shared", key="ip", rate="3/d", increment=True)

    here = [hit(), hit()]
    other_process = subprocess.run(  # noqa: S603 (our own interpreter, fixed script)
        [sys.executable, "-c", RATELIMIT_PROBE],
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "eppid.settings",
            "PYTHONPATH": str(ROOT / "src"),
            "EPPID_DATA_DIR": str(tmp_path),
            "REDIS_URL": REDIS_LOCATION,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    fourth = hit()

    assert other_process.returncode == 0, other_process.stderr
    assert here == [False, False]
    assert other_process.stdout.strip().splitlines()[-1] == "False"
    assert fourth is True
