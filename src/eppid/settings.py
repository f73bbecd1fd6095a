"""e-PPID settings: one module, every value from the environment (contract section 1)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from eppid import conf
from eppid.settings_uploads import *  # noqa: F403 - the upload and verifier limits, one responsibility

BASE_DIR = conf.BASE_DIR
SRC_DIR = BASE_DIR / "src" / "eppid"
EPPID_ENV = conf.environment()
PRODUCTION = EPPID_ENV == "production"
DATA_DIR = conf.data_dir()

if PRODUCTION:
    SECRET_KEY = conf.env_str("SECRET_KEY")
else:
    SECRET_KEY = conf.env_str("SECRET_KEY") or conf.dev_secret_key(DATA_DIR)

DEBUG = conf.env_bool("EPPID_DEBUG", False)
ALLOWED_HOSTS = conf.env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = conf.env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First, so that its `changepassword` (which also revokes API tokens) replaces Django's.
    "eppid.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "eppid.law",
    "eppid.integrity",
    "eppid.organisation",
    "eppid.casefiles",
    "eppid.api",
    "eppid.portal",
    "eppid.office",
    "eppid.scheduling",
    "eppid.notifications",
    "eppid.disclosure",
    "eppid.reports",
    "eppid.reminders",
    "eppid.signing",
    "eppid.redaction",
    "eppid.objections",
    "eppid.catalog",
    # The demo data of `make run` (`load_demo`): a screen-level app that may use every service.
    "eppid.demo",
    # Last, so our templates/django/forms/ override Django's built-in form and widget templates.
    "django.forms",
]

MIDDLEWARE = [
    "eppid.core.headers.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The database or Redis down: 503 with Retry-After. Outside every middleware that may read them.
    "eppid.core.unavailable.ServiceUnavailableMiddleware",
    "eppid.accounts.middleware.StaffNoStoreMiddleware",
    "eppid.integrity.middleware.LogActorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "eppid.api.middleware.ApiProblemMiddleware",
    "eppid.api.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "eppid.accounts.middleware.SessionTimeoutMiddleware",
    "eppid.accounts.middleware.StaffVerificationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A page over an action's rate raises Ratelimited: answered with RATELIMIT_VIEW (429).
    "django_ratelimit.middleware.RatelimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eppid.urls"
WSGI_APPLICATION = "eppid.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eppid.integrity.context_processors.integrity_alert",
            ],
        },
    },
]
# Our own field templates (label, hint, error tied with aria-describedby) win over Django's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CSRF_FAILURE_VIEW = "eppid.portal.errors.csrf_failure"

# --- Database -----------------------------------------------------------------------------------
_default_db = f"sqlite:///{DATA_DIR / 'eppid.sqlite3'}"
# With each engine's options (conf.database): SQLite queues writers; PostgreSQL connects within
# EPPID_DB_CONNECT_TIMEOUT seconds or fails (a 503, not a hang).
DATABASES = {"default": conf.database(conf.env_str("DATABASE_URL") or _default_db)}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, rate limits ---------------------------------------------------------------
REDIS_URL = conf.env_str("REDIS_URL")
# Redis answers within EPPID_REDIS_CONNECT_TIMEOUT / EPPID_REDIS_TIMEOUT seconds or fails (a 503).
CACHES = {"default": conf.cache(REDIS_URL)}
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Public pages and API reads rendered once for every citizen (eppid.core.public_cache, decision
# 1420). With Redis every process shares entries and their invalidation; each process's own memory
# cannot see another's invalidation, so there an entry lives only a few seconds.
EPPID_PUBLIC_CACHE_SECONDS = conf.env_int("EPPID_PUBLIC_CACHE_SECONDS", 300 if REDIS_URL else 10)
# How long a process trusts the public version it read from Redis (a hit then needs no round trip).
EPPID_PUBLIC_CACHE_LOCAL_SECONDS = conf.env_int("EPPID_PUBLIC_CACHE_LOCAL_SECONDS", 1 if REDIS_URL else 0)

# What a client is told to wait (Retry-After) when the database or Redis is down (eppid.core.unavailable).
EPPID_UNAVAILABLE_RETRY_SECONDS = conf.env_int("EPPID_UNAVAILABLE_RETRY_SECONDS", 30, minimum=1)

SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if not REDIS_URL:
    # One process on one machine: a local cache is shared by everything that counts.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

RATELIMIT_ENABLE = conf.env_bool("EPPID_RATELIMIT", True)
RATELIMIT_VIEW = "eppid.core.ratelimit.ratelimited"
# One named limit per action, the same whatever the channel (page or API), one counter per client
# address (per staff user for desk registration): see eppid.core.ratelimit. django-ratelimit syntax.
EPPID_RATE_LIMITS = {
    "request-submit": conf.env_rate("EPPID_REQUEST_SUBMIT_RATE", "20/h"),
    "document-upload": conf.env_rate("EPPID_DOCUMENT_UPLOAD_RATE", "20/h"),
    "objection-submit": conf.env_rate("EPPID_OBJECTION_SUBMIT_RATE", "20/h"),
    "status-lookup": conf.env_rate("EPPID_REQUEST_STATUS_RATE", "20/m"),
    "document-verify": conf.env_rate("EPPID_VERIFY_RATE", "20/m"),
    "survey-answer": conf.env_rate("EPPID_SURVEY_RATE", "20/h"),
    "request-register": conf.env_rate("EPPID_STAFF_REGISTER_RATE", "60/h"),
    "api-public": conf.env_rate("EPPID_API_PUBLIC_RATE", "600/m"),
    "information-subscribe": conf.env_rate("EPPID_SUBSCRIBE_RATE", "10/h"),
}

# --- Authentication -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "office:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

AXES_FAILURE_LIMIT = conf.env_int("EPPID_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=conf.env_int("EPPID_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
# Lock the account, not the office: staff share NAT addresses. Per-address limits come from
# django-ratelimit on the login view, which makes axes.W006 moot.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "eppid.office.signin_views.lockout"
# One rule for "the client's address" behind EPPID_PROXY_COUNT trusted proxies (eppid.clientip).
EPPID_PROXY_COUNT = conf.env_int("EPPID_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "eppid.clientip.client_ip"
RATELIMIT_IP_META_KEY = "eppid.clientip.client_ip"

OTP_TOTP_ISSUER = "e-PPID Bawaslu"
# The admin never shows a second factor's secret (TOTP key, otpauth URI, QR code).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_THROTTLE_FACTOR = 1
# Passkeys are a second factor only; a password is always asked first.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_ID = conf.env_str("EPPID_WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_RP_NAME = "e-PPID Bawaslu"
OTP_WEBAUTHN_ALLOWED_ORIGINS = conf.env_list("EPPID_WEBAUTHN_ORIGINS", ["http://localhost:8000"])

SESSION_COOKIE_AGE = 12 * 60 * 60
EPPID_SESSION_IDLE_SECONDS = conf.env_int("EPPID_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
EPPID_SESSION_ABSOLUTE_SECONDS = SESSION_COOKIE_AGE
EPPID_REAUTH_SECONDS = 5 * 60
# Per client address, on top of the per-account lockout: slows password spraying across accounts.
EPPID_LOGIN_RATE = conf.env_rate("EPPID_LOGIN_RATE", "20/m")
PASSWORD_RESET_TIMEOUT = 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Security headers ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features no page uses are denied; passkeys need WebAuthn (conf.py).
EPPID_PERMISSIONS_POLICY = conf.PERMISSIONS_POLICY
SECURE_SSL_REDIRECT = conf.env_bool("EPPID_SSL_REDIRECT", PRODUCTION)
_proxy_header = conf.env_str("EPPID_PROXY_SSL_HEADER")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = (_proxy_header, "https")
if PRODUCTION:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

CONTENT_SECURITY_POLICY = conf.CONTENT_SECURITY_POLICY

# --- Email --------------------------------------------------------------------------------------
EMAIL_URL = conf.env_str("EMAIL_URL", "" if PRODUCTION else "consolemail://")
if EMAIL_URL:
    vars().update(environ.Env.email_url_config(EMAIL_URL))
DEFAULT_FROM_EMAIL = conf.env_str("DEFAULT_FROM_EMAIL", "e-PPID Bawaslu <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP connection may hang before the attempt counts as failed (and is retried).
EMAIL_TIMEOUT = conf.env_int("EPPID_EMAIL_TIMEOUT", 30, minimum=1)
# The outbox (eppid.notifications): attempts before an email is marked failed, and the waits
# between them in minutes (the last wait repeats).
EPPID_EMAIL_MAX_ATTEMPTS = conf.env_int("EPPID_EMAIL_MAX_ATTEMPTS", 6, minimum=1)
EPPID_EMAIL_RETRY_MINUTES = [
    conf.env_int_item("EPPID_EMAIL_RETRY_MINUTES", item)
    for item in conf.env_list("EPPID_EMAIL_RETRY_MINUTES", ["1", "5", "15", "60", "240"])
]

# --- Background tasks (django-tasks) ------------------------------------------------------------
# Tasks are rows in the database, run by `manage.py db_worker`; `manage.py run_scheduler` enqueues
# the periodic ones (eppid.scheduling) every EPPID_SCHEDULER_TICK seconds.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
EPPID_SCHEDULER_TICK = conf.env_int("EPPID_SCHEDULER_TICK", 30, minimum=1)

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"

# --- Files --------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [SRC_DIR / "static"]
STATIC_ROOT = conf.env_str("EPPID_STATIC_ROOT") or str(DATA_DIR / "static")
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = not PRODUCTION
# The limits on what citizens and staff upload and on what the verifier reads, and the virus
# scanner: eppid.settings_uploads.
# Uploaded files are private: they live in the data dir and are never served by URL.
MEDIA_ROOT = str(DATA_DIR / "files")
MEDIA_URL = "/files-not-served/"
# Every app server sees the same files (docs/decisions/1461): MEDIA_ROOT on a shared directory, or
# a private S3-compatible bucket (conf.file_storage; credentials in AWS_ACCESS_KEY_ID/..._SECRET_...).
EPPID_FILE_STORAGE = conf.env_choice("EPPID_FILE_STORAGE", "filesystem", ("filesystem", "s3"))
STORAGES = {
    "default": conf.file_storage(EPPID_FILE_STORAGE),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGGING = conf.logging_config(conf.env_choice("EPPID_LOG_LEVEL", "INFO", conf.LOG_LEVELS, upper=True))

# --- Integrity: backup -------------------------------------------------------------------------
# Archives are encrypted to age recipients (public; comma-separated for several) and signed with an
# Ed25519 key file; restore verifies with the signing key's public half (base64). Development
# generates both keys under $EPPID_DATA_DIR/keys/ when these are empty.
EPPID_BACKUP_RECIPIENTS = conf.env_list("EPPID_BACKUP_RECIPIENT")
EPPID_BACKUP_SIGNING_KEY_FILE = conf.env_str("EPPID_BACKUP_SIGNING_KEY_FILE")
EPPID_BACKUP_VERIFY_KEY = conf.env_str("EPPID_BACKUP_VERIFY_KEY")
# --- Integrity: merkle (signed checkpoints of the transparency log) ---------------------------------
# The key name goes into every signature line: no spaces, no '+'. Production names its own key
# file and origin; development creates a key under $EPPID_DATA_DIR/keys/ on first use.
EPPID_LOG_KEY_NAME = conf.env_str("EPPID_LOG_KEY_NAME", "eppid-dev")
EPPID_LOG_ORIGIN = conf.env_str("EPPID_LOG_ORIGIN", "eppid.localhost/log")
_log_signing_key_file = conf.env_str("EPPID_LOG_SIGNING_KEY_FILE")
EPPID_LOG_SIGNING_KEY_FILE = _log_signing_key_file or str(DATA_DIR / "keys" / "log-signing.key")
EPPID_CHECKPOINT_DIR = str(DATA_DIR / "checkpoints")
EPPID_CHECKPOINT_INTERVAL = conf.env_int("EPPID_CHECKPOINT_INTERVAL", 300, minimum=10)
# The scheduler verifies everything once a day from this hour (Asia/Jakarta); 1 = 01:00.
EPPID_VERIFY_HOUR = conf.env_hour("EPPID_VERIFY_HOUR", 1)
# Hour (Asia/Jakarta) from which the daily deadline reminders go to the units' officers.
EPPID_REMINDER_HOUR = conf.env_hour("EPPID_REMINDER_HOUR", 7)
# --- Integrity: crypto -----------------------------------------------------------------------
# Keys for personal data at rest (docs/operations.md, "Keys"): required files in production,
# generated under $EPPID_DATA_DIR/keys/ on first use in development. Never derived from SECRET_KEY.
EPPID_DATA_KEYS_FILE = conf.env_str("EPPID_DATA_KEYS_FILE") or (
    "" if PRODUCTION else str(DATA_DIR / "keys" / "data-keys.json")
)
EPPID_BLIND_INDEX_KEY_FILE = conf.env_str("EPPID_BLIND_INDEX_KEY_FILE") or (
    "" if PRODUCTION else str(DATA_DIR / "keys" / "blind-index.key")
)
# UU 27/2022: personal fields of records older than this are cleared by apply_retention (5 years).
EPPID_RETENTION_DAYS = conf.env_int("EPPID_RETENTION_DAYS", 1826, minimum=1)
# Hour (Asia/Jakarta) from which the scheduler runs apply_retention each day.
EPPID_RETENTION_HOUR = conf.env_hour("EPPID_RETENTION_HOUR", 2)
# A submission's key (the portal's form, an API client's Idempotency-Key; decision 1670) answers
# with the request it filed for at least this long; the daily run at EPPID_RETENTION_HOUR removes
# older ones (each holds a tracking code).
EPPID_SUBMISSION_KEY_HOURS = conf.env_int("EPPID_SUBMISSION_KEY_HOURS", 24, minimum=1, maximum=24 * 30)
# Files in MEDIA_ROOT that no row refers to (left by a rolled-back transaction) are deleted by the
# daily job storage.sweep_orphans once they are older than this (hours; a transaction may still run).
EPPID_ORPHAN_MIN_AGE_HOURS = conf.env_int("EPPID_ORPHAN_MIN_AGE_HOURS", 24, minimum=1)
# Hour (Asia/Jakarta) from which the scheduler runs the orphan sweep.
EPPID_ORPHAN_SWEEP_HOUR = conf.env_hour("EPPID_ORPHAN_SWEEP_HOUR", 3)

# --- Signing (issue 5; docs/operations.md, "Signing keys") ---------------------------------------
# Each unit signs with a PKCS#12 file <name>.p12 in EPPID_SIGNING_DIR, chosen on the unit's console;
# passphrases come from EPPID_SIGNING_PASSPHRASES_FILE ("name: passphrase" lines, outside the
# database) or EPPID_SIGNING_PASSPHRASE_<NAME> variables. A unit without its own certificate signs
# with EPPID_SIGNING_DEFAULT_CERT when set. The verifier trusts only EPPID_TRUST_ROOTS (PEM files);
# development trusts the demo root that `init_demo_pki` makes.
EPPID_SIGNING_DIR = conf.env_str("EPPID_SIGNING_DIR") or str(DATA_DIR / "signing")
EPPID_SIGNING_PASSPHRASES_FILE = conf.env_str("EPPID_SIGNING_PASSPHRASES_FILE") or (
    "" if PRODUCTION else str(DATA_DIR / "keys" / "signing-passphrases")
)
EPPID_SIGNING_DEFAULT_CERT = conf.env_str("EPPID_SIGNING_DEFAULT_CERT")
EPPID_TSA_URL = conf.env_str("EPPID_TSA_URL")
EPPID_TRUST_ROOTS = conf.env_list(
    "EPPID_TRUST_ROOTS", [] if PRODUCTION else [str(Path(EPPID_SIGNING_DIR) / "demo-root.pem")]
)
# Who lays out and signs a new request's receipt after its transaction commits (decision 1660):
# "request" (the default: the 201 comes with the receipt signed) or "worker" (the task worker
# does, so app servers answer at once and signing runs where the workers run; the receipt's URL
# finishes a receipt the worker has not reached yet when it is fetched).
EPPID_RECEIPTS_FINISHED_BY = conf.env_choice("EPPID_RECEIPTS_FINISHED_BY", "request", ("request", "worker"))
# The address printed in QR codes and links of signed documents (no trailing slash).
EPPID_PUBLIC_URL = (conf.env_str("EPPID_PUBLIC_URL") or OTP_WEBAUTHN_ALLOWED_ORIGINS[0]).rstrip("/")

# --- The information list (catalog, issue 12) ----------------------------------------------------
# Days before a periodic (berkala) item of the statutory checklist goes stale that the unit's PPID
# is reminded by email (the daily job runs from EPPID_REMINDER_HOUR).
EPPID_CATALOG_REMINDER_DAYS = conf.env_int("EPPID_CATALOG_REMINDER_DAYS", 14, minimum=1)
# Serta merta (immediate) information is shown as a banner on its unit's page and on the national
# home page for this many days after its publication (no source read sets a period: a setting).
EPPID_SERTA_MERTA_FRESH_DAYS = conf.env_int("EPPID_SERTA_MERTA_FRESH_DAYS", 14, minimum=1)
# Email subscriptions to a unit's serta merta information (no account, double opt-in): hours the
# confirmation link works, and days the address of an unconfirmed or ended subscription is kept.
EPPID_SUBSCRIPTION_CONFIRM_HOURS = conf.env_int("EPPID_SUBSCRIPTION_CONFIRM_HOURS", 72, minimum=1)
EPPID_SUBSCRIPTION_RETENTION_DAYS = conf.env_int("EPPID_SUBSCRIPTION_RETENTION_DAYS", 30, minimum=1)

# --- Production refusal: every insecure value named at once (conf.production_problems) ----------
if PRODUCTION:
    conf.refuse_unsafe_production(vars())
