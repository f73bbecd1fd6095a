"""Settings started in a fresh interpreter with an environment built from scratch, for the tests
of what the settings accept and refuse (tests/test_settings.py, the production key checks)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from tests.production_keys import production_keys_env

ROOT = Path(__file__).resolve().parent.parent
# Names may reach into dicts: "DATABASES.default.ENGINE".
PROBE = """
import json, django
django.setup()
from django.conf import settings

def value(path):
    first, *keys = path.split(".")
    found = getattr(settings, first, None)
    for key in keys:
        found = found[key]
    return str(found)

print(json.dumps({path: value(path) for path in %r}))
"""


def base_env(data_dir: Path, **overrides: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(data_dir),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "eppid.settings",
        "PYTHONPATH": str(ROOT / "src"),
        "EPPID_DATA_DIR": str(data_dir),
    }
    env.update(overrides)
    return env


def production_env(data_dir: Path, **overrides: str) -> dict[str, str]:
    env = base_env(
        data_dir,
        EPPID_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="eppid.bawaslu.go.id",
        EMAIL_URL="smtp+tls://eppid:mail-password@mail.bawaslu.go.id:587",
        REDIS_URL="redis://127.0.0.1:6379/10",
        EPPID_WEBAUTHN_RP_ID="eppid.bawaslu.go.id",
        EPPID_WEBAUTHN_ORIGINS="https://eppid.bawaslu.go.id",
        **production_keys_env(data_dir),
    )
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def probe(env: dict[str, str], *names: str) -> dict[str, str]:
    result = run(["-c", PROBE % (names,)], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def refusal(env: dict[str, str]) -> str:
    result = run(["-c", PROBE % (("DEBUG",),)], env)
    assert result.returncode != 0, "production started with an insecure environment"
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr
