"""Reading the environment: the only place settings come from.

Production differs from development only by environment values. With
``EPPID_ENV=production`` the process refuses to start while any value still
has an insecure development default (see ``production_problems``).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
import tempfile
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEV_SECRET_FILE = "secret_key"  # a file name, not a secret  # noqa: S105  # nosec B105


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (on/off), not {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, not {value}")
    return value


def env_hour(name: str, default: int) -> int:
    """An hour of the day, 0 to 23 (Asia/Jakarta where a job runs daily from it)."""
    return env_int(name, default, minimum=0, maximum=23)


def env_choice(name: str, default: str, choices: tuple[str, ...], *, upper: bool = False) -> str:
    """One of ``choices`` (compared without case; returned in the case the choices are written in)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    wanted = raw.strip().upper() if upper else raw.strip().lower()
    if wanted not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return wanted


# django-ratelimit's syntax: "<count>/<period>", the period an optional multiple of s, m, h or d.
_RATE = re.compile(r"([1-9][0-9]*)/([1-9][0-9]*)?([smhd])", re.IGNORECASE)


def env_rate(name: str, default: str) -> str:
    """A rate limit such as ``20/m`` or ``30/2h``; anything else stops the start-up (the rate
    limiter itself would read ``20/x`` as 20 a second and fail every request on ``lots``)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    match = _RATE.fullmatch(raw.strip())
    if match is None:
        raise ImproperlyConfigured(
            f"{name} must be a rate like 20/m (a count per s, m, h or d, e.g. 30/2h), not {raw!r}"
        )
    count, multiple, period = match.groups()
    return f"{count}/{multiple or ''}{period.lower()}"


_HOST_PORT = re.compile(r"(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}")


def env_host_port(name: str) -> str:
    """``host:port`` (an IPv6 host in brackets), or "" when unset; anything else stops the start."""
    value = env_str(name)
    if value and not _HOST_PORT.fullmatch(value):
        raise ImproperlyConfigured(f"{name} must be host:port, not {value!r}")
    return value


def env_int_item(name: str, raw: str, *, minimum: int = 1) -> int:
    """One whole number of a comma-separated list setting (e.g. minutes between retries)."""
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must list whole numbers, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}: every value must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def environment() -> str:
    return env_choice("EPPID_ENV", "development", ("development", "production"))


def data_dir() -> Path:
    path = Path(env_str("EPPID_DATA_DIR") or BASE_DIR / "var").resolve()
    # Owner-only when we create it: it holds the database, keys and private uploads.
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def private_file_create_once(path: Path, content: bytes) -> bool:
    """Create ``path`` (mode 0600, folder 0700) holding ``content``, unless it exists already.

    Several processes start at once (server, worker, test workers) and may all find a key
    missing: each writes a complete temporary file and links it into place, so the first one
    wins and nobody ever reads a half-written key. Returns whether this call created it.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(temporary)


def dev_secret_key(directory: Path) -> str:
    """A per-checkout key kept in the data dir, so sessions survive restarts."""
    key_file = directory / DEV_SECRET_FILE
    if not key_file.exists():
        private_file_create_once(key_file, secrets.token_urlsafe(50).encode())
    return key_file.read_text().strip()


# --- Security headers: the same policy for every environment ------------------------------------
# Powerful browser features no e-PPID page uses are denied to every page and any frame; passkeys
# (WebAuthn) need publickey-credentials-get/-create on our own origin. Features a browser does not
# know are left out, so it logs no warning.
_DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = {
    **dict.fromkeys(_DENIED_FEATURES, ()),
    "fullscreen": ("self",),
    "publickey-credentials-create": ("self",),
    "publickey-credentials-get": ("self",),
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}


def database(url: str) -> dict:
    """The DATABASES entry of ``url`` with its engine's options (values in the URL win)."""
    config = environ.Env.db_url_config(url)
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing mid-way.
        options.update(
            transaction_mode="IMMEDIATE",
            timeout=20,
            init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        )
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Seconds a connection attempt may take before it fails; libpq's least is 2.
        options.setdefault("connect_timeout", env_int("EPPID_DB_CONNECT_TIMEOUT", 5, minimum=2))
        # Keep a worker's connection between requests (a new PostgreSQL backend per request costs
        # a fork and an authentication); checked before reuse, so one cut by a restart is
        # replaced, not used. 0 closes it after every request, as Django's default does.
        config["CONN_MAX_AGE"] = env_int("EPPID_DB_CONN_MAX_AGE", 60, minimum=0, maximum=3600)
        config["CONN_HEALTH_CHECKS"] = True
        # Seconds one statement may run before PostgreSQL cancels it (0: no bound). Set for the
        # app servers just under gunicorn's --timeout: a runaway query then ends in our 503 and
        # stops using the database, where gunicorn would kill the worker and leave it running.
        statement_seconds = env_int("EPPID_DB_STATEMENT_TIMEOUT", 0, minimum=0, maximum=86400)
        given = options.get("options", "")
        if statement_seconds and "statement_timeout" not in given:  # one in DATABASE_URL wins
            options["options"] = f"{given} -c statement_timeout={statement_seconds * 1000}".strip()
    return config


def cache(redis_url: str) -> dict:
    """The default cache: Redis when configured (bounded waits: to connect, and for each answer),
    else this process's memory."""
    if not redis_url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "OPTIONS": {
            "socket_connect_timeout": env_int("EPPID_REDIS_CONNECT_TIMEOUT", 2, minimum=1),
            "socket_timeout": env_int("EPPID_REDIS_TIMEOUT", 5, minimum=1),
        },
    }


def file_storage(kind: str) -> dict:
    """The STORAGES entry of the private files: a local (shared) directory or an S3 bucket."""
    if kind != "s3":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("EPPID_S3_BUCKET"),
            "endpoint_url": env_str("EPPID_S3_ENDPOINT_URL") or None,
            "region_name": env_str("EPPID_S3_REGION") or None,
            "location": env_str("EPPID_S3_PREFIX"),
            # Private: no ACL header (the bucket's policy decides), never a public or signed URL
            # handed out, and a name in use is never overwritten.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def logging_config(level: str) -> dict:
    """Everything to the console at ``level``; noisy libraries held back."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.security.DisallowedHost": {"level": "ERROR"},
            # fpdf2 subsets the PDF fonts with fontTools, which reports every step at INFO.
            "fontTools": {"level": "WARNING"},
        },
    }


SMTP_SCHEMES = ("smtp://", "smtps://", "smtp+tls://", "smtp+ssl://")


def refuse_unsafe_production(settings: dict) -> None:
    """Raise ImproperlyConfigured naming every problem of the settings module's values."""
    problems = production_problems(
        {
            "SECRET_KEY": settings["SECRET_KEY"],
            "ALLOWED_HOSTS": settings["ALLOWED_HOSTS"],
            "DEBUG": settings["DEBUG"],
            "EMAIL_URL": settings["EMAIL_URL"],
            "SECURE_SSL_REDIRECT": settings["SECURE_SSL_REDIRECT"],
            "REDIS_URL": settings["REDIS_URL"],
            "WEBAUTHN_RP_ID": settings["OTP_WEBAUTHN_RP_ID"],
            "WEBAUTHN_ORIGINS": settings["OTP_WEBAUTHN_ALLOWED_ORIGINS"],
            "BACKUP_RECIPIENTS": settings["EPPID_BACKUP_RECIPIENTS"],
            "BACKUP_SIGNING_KEY_FILE": settings["EPPID_BACKUP_SIGNING_KEY_FILE"],
            "BACKUP_VERIFY_KEY": settings["EPPID_BACKUP_VERIFY_KEY"],
            "LOG_SIGNING_KEY_FILE": settings["_log_signing_key_file"],
            "LOG_ORIGIN": settings["EPPID_LOG_ORIGIN"],
            "LOG_KEY_NAME": settings["EPPID_LOG_KEY_NAME"],
            "DATA_KEYS_FILE": settings["EPPID_DATA_KEYS_FILE"],
            "BLIND_INDEX_KEY_FILE": settings["EPPID_BLIND_INDEX_KEY_FILE"],
            "FILE_STORAGE": settings["STORAGES"]["default"],
        }
    )
    if problems:
        raise ImproperlyConfigured("e-PPID refuses to start in production: " + "; ".join(problems))


def production_problems(values: dict) -> list[str]:
    """Every insecure value that must not reach production, in words an operator can act on."""
    problems = []
    key = values.get("SECRET_KEY") or ""
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        problems.append("SECRET_KEY must be set to a random value of at least 50 characters")
    hosts = values.get("ALLOWED_HOSTS") or []
    if not hosts or "*" in hosts:
        problems.append("ALLOWED_HOSTS must list the site's host names (no '*')")
    if values.get("DEBUG"):
        problems.append("EPPID_DEBUG must be off")
    # Allow-list: console, file, memory and dummy backends all silently lose citizens' mail.
    if not (values.get("EMAIL_URL") or "").lower().startswith(SMTP_SCHEMES):
        problems.append("EMAIL_URL must name a real mail server (smtp://, smtps:// or smtp+tls://)")
    if not values.get("REDIS_URL"):
        # Without a shared cache every worker counts rate limits on its own and lets N times through.
        problems.append("REDIS_URL must name the Redis server shared by all app servers and workers")
    origins = values.get("WEBAUTHN_ORIGINS") or []
    if (
        values.get("WEBAUTHN_RP_ID") in {None, "", "localhost"}
        or not origins
        or any(not origin.startswith("https://") for origin in origins)
    ):
        # Passkeys are bound to the site's name: the development values make every passkey fail.
        problems.append("EPPID_WEBAUTHN_RP_ID and EPPID_WEBAUTHN_ORIGINS must name the site (https://...)")
    if values.get("SECURE_SSL_REDIRECT") is False:
        problems.append("EPPID_SSL_REDIRECT must not be turned off (terminate TLS before the app)")
    # Integrity, merkle helper: a generated key would sign checkpoints no auditor has pinned.
    key_file = values.get("LOG_SIGNING_KEY_FILE") or ""
    if not key_file or not Path(key_file).is_file() or not os.access(key_file, os.R_OK):
        problems.append("EPPID_LOG_SIGNING_KEY_FILE must name a readable Ed25519 key file (PEM)")
    if "localhost" in (values.get("LOG_ORIGIN") or "localhost") or values.get("LOG_KEY_NAME") == "eppid-dev":
        problems.append("EPPID_LOG_ORIGIN and EPPID_LOG_KEY_NAME must name this site's log")
    # The key files for personal data are checked by the integrity app when it starts
    # (eppid.integrity.apps): their format is its knowledge, and settings import nothing of ours.
    # Integrity: backup helper. The identity that decrypts stays offline; only public halves here.
    problems += _backup_problems(values)
    storage = values.get("FILE_STORAGE") or {}
    if storage.get("BACKEND", "").startswith("storages.") and not storage["OPTIONS"]["bucket_name"]:
        problems.append("EPPID_S3_BUCKET must name the bucket when EPPID_FILE_STORAGE=s3")
    return problems


def _backup_problems(values: dict) -> list[str]:
    problems = []
    recipients = values.get("BACKUP_RECIPIENTS") or []
    if not recipients or any(not item.startswith("age1") for item in recipients):
        problems.append("EPPID_BACKUP_RECIPIENT must name the age recipient(s) of the backups (age1...)")
    key_file = values.get("BACKUP_SIGNING_KEY_FILE") or ""
    if not key_file or not Path(key_file).is_file():
        problems.append("EPPID_BACKUP_SIGNING_KEY_FILE must name the Ed25519 backup signing key file")
    try:
        raw = base64.b64decode(values.get("BACKUP_VERIFY_KEY") or "", validate=True)
    except binascii.Error:
        raw = b""
    if len(raw) != 32:
        problems.append("EPPID_BACKUP_VERIFY_KEY must be the signing key's public half (base64, 32 bytes)")
    return problems
