"""Settings come from the environment only; production refuses every insecure default.

Each case runs in a fresh interpreter with an environment built from scratch, so nothing from
the developer's shell or the CI job (DATABASE_URL, REDIS_URL, ...) leaks in.
"""

import re
import secrets
import stat

import pytest
from tests.settings_support import PROBE, ROOT, base_env, probe, production_env, refusal, run

# --- production -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "short-but-not-empty"}, "SECRET_KEY"),
        ({"SECRET_KEY": "a" * 60}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(50)}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "eppid.bawaslu.go.id,*"}, "ALLOWED_HOSTS"),
        ({"EPPID_DEBUG": "on"}, "EPPID_DEBUG"),
        ({"EMAIL_URL": None}, "EMAIL_URL"),
        ({"REDIS_URL": None}, "REDIS_URL"),
        ({"EPPID_WEBAUTHN_RP_ID": None}, "EPPID_WEBAUTHN_RP_ID"),
        ({"EPPID_WEBAUTHN_ORIGINS": "http://eppid.bawaslu.go.id"}, "EPPID_WEBAUTHN_ORIGINS"),
        ({"EMAIL_URL": "consolemail://"}, "EMAIL_URL"),
        ({"EMAIL_URL": "filemail:///tmp/mail"}, "EMAIL_URL"),
        ({"EPPID_SSL_REDIRECT": "off"}, "EPPID_SSL_REDIRECT"),
        ({"EPPID_BACKUP_RECIPIENT": None}, "EPPID_BACKUP_RECIPIENT"),
        ({"EPPID_BACKUP_RECIPIENT": "AGE-SECRET-KEY-1NOTAPUBLICKEY"}, "EPPID_BACKUP_RECIPIENT"),
        ({"EPPID_BACKUP_SIGNING_KEY_FILE": None}, "EPPID_BACKUP_SIGNING_KEY_FILE"),
        (
            {"EPPID_BACKUP_SIGNING_KEY_FILE": "/nonexistent/backup-signing.key"},
            "EPPID_BACKUP_SIGNING_KEY_FILE",
        ),
        ({"EPPID_BACKUP_VERIFY_KEY": None}, "EPPID_BACKUP_VERIFY_KEY"),
        ({"EPPID_BACKUP_VERIFY_KEY": "c2hvcnQ="}, "EPPID_BACKUP_VERIFY_KEY"),
        ({"EPPID_LOG_SIGNING_KEY_FILE": None}, "EPPID_LOG_SIGNING_KEY_FILE"),
        ({"EPPID_LOG_SIGNING_KEY_FILE": "/nonexistent/log.key"}, "EPPID_LOG_SIGNING_KEY_FILE"),
        ({"EPPID_LOG_ORIGIN": None}, "EPPID_LOG_ORIGIN"),
    ],
)
def test_production_refuses_insecure_values(tmp_path, overrides, named):
    stderr = refusal(production_env(tmp_path, **overrides))

    assert "refuses to start in production" in stderr
    assert named in stderr.splitlines()[-1]


def test_production_refusal_lists_every_problem_at_once(tmp_path):
    stderr = refusal(production_env(tmp_path, SECRET_KEY=None, ALLOWED_HOSTS="*", EPPID_DEBUG="on"))

    last = stderr.splitlines()[-1]
    assert all(name in last for name in ("SECRET_KEY", "ALLOWED_HOSTS", "EPPID_DEBUG"))


def test_production_starts_hardened_with_a_complete_environment(tmp_path):
    values = probe(
        production_env(tmp_path),
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_NAME",
        "SECURE_HSTS_SECONDS",
        "EMAIL_BACKEND",
        "EMAIL_USE_TLS",
    )

    assert values == {
        "DEBUG": "False",
        "SECURE_SSL_REDIRECT": "True",
        "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True",
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "SECURE_HSTS_SECONDS": "31536000",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_USE_TLS": "True",
    }
    assert not (tmp_path / "secret_key").exists(), "production must never generate its own key"


def test_production_passes_check_deploy(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_unknown_environment_name_is_refused(tmp_path):
    stderr = refusal(base_env(tmp_path, EPPID_ENV="bogus"))

    assert "EPPID_ENV" in stderr.splitlines()[-1]


def test_malformed_boolean_is_refused(tmp_path):
    stderr = refusal(base_env(tmp_path, EPPID_DEBUG="maybe"))

    assert "EPPID_DEBUG" in stderr.splitlines()[-1]


# --- development ------------------------------------------------------------------------------


def test_development_defaults(tmp_path):
    values = probe(
        base_env(tmp_path),
        "DEBUG",
        "TIME_ZONE",
        "RATELIMIT_ENABLE",
        "EMAIL_BACKEND",
        "SESSION_ENGINE",
        "SECURE_SSL_REDIRECT",
    )

    assert values == {
        "DEBUG": "False",
        "TIME_ZONE": "Asia/Jakarta",
        "RATELIMIT_ENABLE": "True",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "SESSION_ENGINE": "django.contrib.sessions.backends.db",
        "SECURE_SSL_REDIRECT": "False",
    }


def test_development_secret_key_is_generated_private_and_stable(tmp_path):
    first = probe(base_env(tmp_path), "SECRET_KEY")["SECRET_KEY"]
    second = probe(base_env(tmp_path), "SECRET_KEY")["SECRET_KEY"]

    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == first == second
    assert len(first) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    other = probe(base_env(tmp_path / "elsewhere"), "SECRET_KEY")["SECRET_KEY"]
    assert other != first


def test_data_dir_holds_the_sqlite_database(tmp_path):
    data_dir = tmp_path / "state"

    values = probe(base_env(data_dir), "DATABASES.default.ENGINE", "DATABASES.default.NAME", "MEDIA_ROOT")

    assert values == {
        "DATABASES.default.ENGINE": "django.db.backends.sqlite3",
        "DATABASES.default.NAME": str(data_dir / "eppid.sqlite3"),
        "MEDIA_ROOT": str(data_dir / "files"),
    }
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_database_url_selects_postgresql(tmp_path):
    env = base_env(tmp_path, DATABASE_URL="postgres://eppid@db.internal:5433/eppid_prod")

    values = probe(env, *(f"DATABASES.default.{key}" for key in ("ENGINE", "NAME", "HOST", "PORT", "USER")))

    assert values == {
        "DATABASES.default.ENGINE": "django.db.backends.postgresql",
        "DATABASES.default.NAME": "eppid_prod",
        "DATABASES.default.HOST": "db.internal",
        "DATABASES.default.PORT": "5433",
        "DATABASES.default.USER": "eppid",
    }


def test_a_statement_bound_reaches_postgresql_as_a_connection_option(tmp_path):
    url = "postgres://eppid@db.internal:5433/eppid_prod"

    own_url = url + "?options=-c%20statement_timeout%3D5000"
    options = "DATABASES.default.OPTIONS"

    bounded = probe(base_env(tmp_path, DATABASE_URL=url, EPPID_DB_STATEMENT_TIMEOUT="50"), options)
    unbounded = probe(base_env(tmp_path, DATABASE_URL=url), options)
    own_env = base_env(tmp_path, DATABASE_URL=own_url, EPPID_DB_STATEMENT_TIMEOUT="50")
    own = probe(own_env, f"{options}.options")

    assert "'options': '-c statement_timeout=50000'" in bounded[options]
    assert "statement_timeout" not in unbounded[options]
    assert own == {f"{options}.options": "-c statement_timeout=5000"}


@pytest.mark.parametrize("value", ["-1", "fifty", "86401"])
def test_a_statement_bound_that_is_not_seconds_stops_the_start(tmp_path, value):
    env = base_env(tmp_path, DATABASE_URL="postgres://eppid@db/eppid", EPPID_DB_STATEMENT_TIMEOUT=value)

    assert "EPPID_DB_STATEMENT_TIMEOUT" in refusal(env)


def test_email_url_configures_smtp(tmp_path):
    env = base_env(tmp_path, EMAIL_URL="smtp://eppid:secret@mail.example.go.id:2525")

    values = probe(env, "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER")

    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.go.id",
        "EMAIL_PORT": "2525",
        "EMAIL_HOST_USER": "eppid",
    }


def test_email_url_with_starttls_and_the_outbox_settings(tmp_path):
    env = base_env(
        tmp_path,
        EMAIL_URL="smtp+tls://eppid:secret@mail.example.go.id:587",
        EPPID_EMAIL_TIMEOUT="12",
        EPPID_EMAIL_RETRY_MINUTES="2, 10,30",
    )

    values = probe(env, "EMAIL_USE_TLS", "EMAIL_PORT", "EMAIL_TIMEOUT", "EPPID_EMAIL_RETRY_MINUTES", "TASKS")

    assert values["EMAIL_USE_TLS"] == "True"
    assert values["EMAIL_PORT"] == "587"
    assert values["EMAIL_TIMEOUT"] == "12"
    assert values["EPPID_EMAIL_RETRY_MINUTES"] == "[2, 10, 30]"
    assert "django_tasks_db.DatabaseBackend" in values["TASKS"]


def test_a_malformed_retry_schedule_is_refused(tmp_path):
    result = run(["-c", PROBE % (("DEBUG",),)], base_env(tmp_path, EPPID_EMAIL_RETRY_MINUTES="1,soon"))
    assert result.returncode != 0
    assert "EPPID_EMAIL_RETRY_MINUTES must list whole numbers" in result.stderr


def test_redis_url_moves_cache_and_sessions_to_redis(tmp_path):
    env = base_env(tmp_path, REDIS_URL="redis://127.0.0.1:6379/10")

    values = probe(env, "CACHES.default.BACKEND", "CACHES.default.LOCATION", "SESSION_ENGINE")

    assert values == {
        "CACHES.default.BACKEND": "django.core.cache.backends.redis.RedisCache",
        "CACHES.default.LOCATION": "redis://127.0.0.1:6379/10",
        "SESSION_ENGINE": "django.contrib.sessions.backends.cache",
    }


def test_each_action_reads_its_rate_from_the_environment(tmp_path):
    env = base_env(
        tmp_path,
        EPPID_REQUEST_SUBMIT_RATE="5/h",
        EPPID_OBJECTION_SUBMIT_RATE="3/H",
        EPPID_STAFF_REGISTER_RATE="100/h",
    )
    names = ("request-submit", "objection-submit", "request-register", "status-lookup", "api-public")
    values = probe(env, *(f"EPPID_RATE_LIMITS.{name}" for name in names))
    rates = [values[f"EPPID_RATE_LIMITS.{name}"] for name in names]
    assert rates == ["5/h", "3/h", "100/h", "20/m", "600/m"]


@pytest.mark.parametrize("value", ["twenty", "20/week"])
def test_a_rate_that_is_not_a_rate_stops_the_start(tmp_path, value):
    result = run(["-c", PROBE % (("DEBUG",),)], base_env(tmp_path, EPPID_VERIFY_RATE=value))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "EPPID_VERIFY_RATE" in result.stderr


@pytest.mark.parametrize(("value", "enabled"), [("off", "False"), ("0", "False"), ("on", "True")])
def test_ratelimit_switch(tmp_path, value, enabled):
    assert probe(base_env(tmp_path, EPPID_RATELIMIT=value), "RATELIMIT_ENABLE") == {
        "RATELIMIT_ENABLE": enabled
    }


# --- every setting through one reader of its kind (issue 10, item 13) ---------------------------


@pytest.mark.parametrize("value", ["of", "disabled", "nein", "2"])
def test_a_malformed_ratelimit_switch_is_refused(tmp_path, value):
    # "of" used to mean "on": anything but a boolean now stops the start-up, as for other switches.
    stderr = refusal(base_env(tmp_path, EPPID_RATELIMIT=value))

    assert "EPPID_RATELIMIT must be a boolean" in stderr.splitlines()[-1]


@pytest.mark.parametrize(
    ("value", "enabled"), [("OFF", "False"), (" no ", "False"), ("true", "True"), ("", "True")]
)
def test_the_ratelimit_switch_reads_like_every_boolean(tmp_path, value, enabled):
    assert probe(base_env(tmp_path, EPPID_RATELIMIT=value), "RATELIMIT_ENABLE") == {
        "RATELIMIT_ENABLE": enabled
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("EPPID_LOGIN_RATE", "lots"),
        ("EPPID_LOGIN_RATE", "20/x"),
        ("EPPID_LOGIN_RATE", "20"),
        ("EPPID_LOGIN_RATE", "0/m"),
        ("EPPID_LOGIN_RATE", "20/m,"),
        ("EPPID_API_PUBLIC_RATE", "20/x"),
        ("EPPID_REQUEST_STATUS_RATE", "20/x"),
        ("EPPID_REQUEST_SUBMIT_RATE", "lots"),
    ],
)
def test_a_malformed_rate_is_refused(tmp_path, name, value):
    # "20/x" used to mean 20 a second and "lots" to fail every limited request with a 500.
    stderr = refusal(base_env(tmp_path, **{name: value}))

    assert name in stderr.splitlines()[-1]


def test_rates_in_the_rate_limiter_syntax_are_read(tmp_path):
    env = base_env(tmp_path, EPPID_LOGIN_RATE=" 5/m ", EPPID_REQUEST_SUBMIT_RATE="30/2H")

    values = probe(env, "EPPID_LOGIN_RATE", "EPPID_RATE_LIMITS.request-submit")

    assert values == {"EPPID_LOGIN_RATE": "5/m", "EPPID_RATE_LIMITS.request-submit": "30/2h"}


@pytest.mark.parametrize(
    "name", ["EPPID_VERIFY_HOUR", "EPPID_REMINDER_HOUR", "EPPID_RETENTION_HOUR", "EPPID_ORPHAN_SWEEP_HOUR"]
)
def test_an_hour_outside_the_day_is_refused(tmp_path, name):
    stderr = refusal(base_env(tmp_path, **{name: "24"}))

    assert name in stderr.splitlines()[-1]


def test_an_unknown_log_level_is_refused_by_name(tmp_path):
    stderr = refusal(base_env(tmp_path, EPPID_LOG_LEVEL="LOUD"))

    assert "EPPID_LOG_LEVEL must be one of" in stderr.splitlines()[-1]


def test_the_log_level_is_read_in_any_case(tmp_path):
    assert probe(base_env(tmp_path, EPPID_LOG_LEVEL="warning"), "LOGGING.root.level") == {
        "LOGGING.root.level": "WARNING"
    }


def test_settings_read_the_environment_only_through_conf():
    """No ad-hoc parsing in the settings modules: every value comes from one of conf's readers."""
    source = "".join(
        (ROOT / "src" / "eppid" / name).read_text() for name in ("settings.py", "settings_uploads.py")
    )
    assert "os.environ" not in source and "getenv" not in source
    assert "re.fullmatch" not in source and "re.match" not in source
    # A reader's result is used as it is, never compared or re-parsed on the spot.
    ad_hoc = re.findall(
        r"conf\.env_str\([^)]*\)\s*\.(?:lower|upper|split|strip)\(|conf\.env_str\([^)]*\)\s*(?:not )?in\b",
        source,
    )
    assert not ad_hoc, ad_hoc


def test_who_finishes_receipts_is_a_choice_checked_at_start(tmp_path):
    assert probe(base_env(tmp_path), "EPPID_RECEIPTS_FINISHED_BY")["EPPID_RECEIPTS_FINISHED_BY"] == "request"
    chosen = probe(base_env(tmp_path, EPPID_RECEIPTS_FINISHED_BY="Worker"), "EPPID_RECEIPTS_FINISHED_BY")
    assert chosen["EPPID_RECEIPTS_FINISHED_BY"] == "worker"
    result = run(["-c", PROBE % (("DEBUG",),)], base_env(tmp_path, EPPID_RECEIPTS_FINISHED_BY="later"))
    assert result.returncode != 0 and "EPPID_RECEIPTS_FINISHED_BY" in result.stderr


@pytest.mark.parametrize(
    ("value", "accepted"), [("127.0.0.1:3310", True), ("[::1]:3310", True), ("clamd", False)]
)
def test_the_clamd_address_is_host_and_port(tmp_path, value, accepted):
    result = run(["-c", PROBE % (("EPPID_CLAMD_ADDRESS",),)], base_env(tmp_path, EPPID_CLAMD_ADDRESS=value))
    if accepted:
        assert result.returncode == 0, result.stderr
        assert value in result.stdout  # and ClamAV becomes the scanner
        assert probe(base_env(tmp_path, EPPID_CLAMD_ADDRESS=value), "EPPID_UPLOAD_SCANNER") == {
            "EPPID_UPLOAD_SCANNER": "eppid.core.clamav.clamav_scan"
        }
    else:
        assert result.returncode != 0 and "EPPID_CLAMD_ADDRESS must be host:port" in result.stderr
