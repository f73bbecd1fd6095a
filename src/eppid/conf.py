"""Reading the environment: the only place settings come from.

Production differs from development only by environment values. With
``EPPID_ENV=production`` the process refuses to start while any value still
has an insecure development default (see ``production_problems``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

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


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def environment() -> str:
    value = env_str("EPPID_ENV", "development").lower()
    if value not in {"development", "production"}:
        raise ImproperlyConfigured(f"EPPID_ENV must be 'development' or 'production', not {value!r}")
    return value


def data_dir() -> Path:
    path = Path(env_str("EPPID_DATA_DIR") or BASE_DIR / "var").resolve()
    # Owner-only when we create it: it holds the database, keys and private uploads.
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def dev_secret_key(directory: Path) -> str:
    """A per-checkout key kept in the data dir, so sessions survive restarts."""
    key_file = directory / DEV_SECRET_FILE
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SMTP_SCHEMES = ("smtp://", "smtps://", "smtp+tls://", "smtp+ssl://")


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
    # Integrity: crypto helper. Personal data is encrypted with keys the operator provides;
    # generating them on a server would leave them outside every backup and key procedure.
    from eppid.integrity.keyring import key_file_problems

    problems.extend(key_file_problems(values.get("DATA_KEYS_FILE"), values.get("BLIND_INDEX_KEY_FILE")))
    return problems
