"""The stack's fixed places and its environment: ports, state directory, throwaway keys, and the
production settings every process of the stack runs with (split from scripts/stack.py, which
re-exports these names; docs/decisions/1460)."""

from __future__ import annotations

import json
import os
import secrets
import shlex
import subprocess  # noqa: S404 - starts the stack's own processes
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = Path(os.environ.get("EPPID_STACK_DIR") or ROOT / "var" / "stack").resolve()
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "eppid_stack"
REDIS_DB = 9
PORTS = {
    "https": 18443,
    "http": 18080,
    "app1": 18101,
    "app2": 18102,
    "redis": 16391,
    "smtp": 18025,
    "s3": 19000,
}
APPS = ("app1", "app2")
SERVICES = ("redis", "smtp", "s3", "app1", "app2", "worker", "scheduler", "nginx")
URL = f"https://127.0.0.1:{PORTS['https']}"
LOAD_RATE = "100000/m"
RATE_VARIABLES = (
    "EPPID_REQUEST_SUBMIT_RATE",
    "EPPID_DOCUMENT_UPLOAD_RATE",
    "EPPID_OBJECTION_SUBMIT_RATE",
    "EPPID_REQUEST_STATUS_RATE",
    "EPPID_VERIFY_RATE",
    "EPPID_SURVEY_RATE",
    "EPPID_STAFF_REGISTER_RATE",
    "EPPID_API_PUBLIC_RATE",
    "EPPID_LOGIN_RATE",
)


def run(*args: str, env: dict | None = None, check: bool = True, quiet: bool = False):
    result = subprocess.run(  # noqa: S603 - fixed programs
        list(args), env=env, cwd=ROOT, capture_output=True, text=True
    )
    if check and result.returncode != 0:
        sys.exit(f"failed: {shlex.join(args)}\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    if not quiet and result.stdout.strip():
        print(result.stdout.strip())
    return result


# --- Configuration -------------------------------------------------------------------------------


def _config() -> dict:
    path = STATE / "config.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _save_config(config: dict) -> None:
    (STATE / "config.json").write_text(json.dumps(config, indent=2))


def _keys() -> dict:
    """Throwaway production keys, made once (tests/production_keys.py), plus a backup identity
    kept beside them so the yearly drill (scripts/drill.py) can restore (never do that on a server)."""
    path = STATE / "keys.json"
    if path.exists():
        values = json.loads(path.read_text())
        if "EPPID_STACK_BACKUP_IDENTITY" not in values:
            values.update(_backup_identity())
            path.write_text(json.dumps(values, indent=2))
        return {k: v for k, v in values.items() if not k.startswith("EPPID_STACK_")}
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "src"))
    from production_keys import production_keys_env

    keys_dir = STATE / "keys"
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    values = production_keys_env(keys_dir)
    values["SECRET_KEY"] = secrets.token_urlsafe(64)
    values.update(_backup_identity())
    path.write_text(json.dumps(values, indent=2))
    path.chmod(0o600)
    return {k: v for k, v in values.items() if not k.startswith("EPPID_STACK_")}


def _backup_identity() -> dict:
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    identity_file = STATE / "keys" / "backup-identity.txt"
    identity_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    identity_file.write_text(f"{identity}\n")
    identity_file.chmod(0o600)
    return {
        "EPPID_BACKUP_RECIPIENT": str(identity.to_public()),
        "EPPID_STACK_BACKUP_IDENTITY": str(identity_file),
    }


def stack_env(config: dict | None = None) -> dict[str, str]:
    """The environment every process of the stack runs with (production settings)."""
    config = config if config is not None else _config()
    data = STATE / "data"
    env = {
        "EPPID_ENV": "production",
        "EPPID_DATA_DIR": str(data),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "REDIS_URL": f"redis://127.0.0.1:{PORTS['redis']}/{REDIS_DB}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"{URL},https://localhost:{PORTS['https']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{PORTS['smtp']}",
        "EPPID_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
        "EPPID_PROXY_COUNT": "1",
        "EPPID_WEBAUTHN_RP_ID": "127.0.0.1",
        "EPPID_WEBAUTHN_ORIGINS": URL,
        "EPPID_PUBLIC_URL": URL,
        "EPPID_SIGNING_DIR": str(data / "signing"),
        "EPPID_SIGNING_PASSPHRASES_FILE": str(STATE / "keys" / "signing-passphrases"),
        "EPPID_SIGNING_DEFAULT_CERT": "unit-35.04",
        "EPPID_TRUST_ROOTS": str(data / "signing" / "demo-root.pem"),
        "EPPID_LOG_LEVEL": "WARNING",
        "EPPID_CHECKPOINT_INTERVAL": "60",
        "EPPID_SCHEDULER_TICK": "10",
        **_keys(),
    }
    if config.get("storage") == "s3":
        env.update(
            {
                "EPPID_FILE_STORAGE": "s3",
                "EPPID_S3_BUCKET": "eppid-stack",
                "EPPID_S3_ENDPOINT_URL": f"http://127.0.0.1:{PORTS['s3']}",
                "EPPID_S3_REGION": "us-east-1",
                "AWS_ACCESS_KEY_ID": "stack-test-double",
                "AWS_SECRET_ACCESS_KEY": "stack-test-double",  # noqa: S105 - moto accepts anything
            }
        )
    # Who lays out and signs a new request's receipt (decision 1660): the request, or the worker.
    env["EPPID_RECEIPTS_FINISHED_BY"] = config.get("finish") or "request"
    if config.get("profile") == "load":
        env.update(dict.fromkeys(RATE_VARIABLES, LOAD_RATE))
        env["DJANGO_SETTINGS_MODULE"] = "bench.stack_settings"
    # The caller may tune any e-PPID variable (e.g. EPPID_UPLOAD_MAX_BYTES for a fault script).
    env.update({k: v for k, v in os.environ.items() if k.startswith("EPPID_STACK_SET_")})
    for name in [k for k in env if k.startswith("EPPID_STACK_SET_")]:
        env[name.removeprefix("EPPID_STACK_SET_")] = env.pop(name)
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TZ")}
    return {**base, "PYTHONPATH": f"{ROOT}:{ROOT / 'src'}", **env}


def _certificate() -> None:
    tls = STATE / "tls"
    if (tls / "cert.pem").exists():
        return
    tls.mkdir(mode=0o700, parents=True, exist_ok=True)
    run(
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-days", "30", "-subj", "/CN=eppid-stack (throwaway)", "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout", str(tls / "key.pem"), "-out", str(tls / "cert.pem"), quiet=True,
    )  # fmt: skip


def _nginx_conf() -> None:
    directory = STATE / "nginx"
    (directory / "logs").mkdir(parents=True, exist_ok=True)
    (directory / "temp").mkdir(parents=True, exist_ok=True)
    template = (ROOT / "scripts" / "stack_conf" / "nginx.conf").read_text()
    text = (
        template.replace("@STATE@", str(STATE))
        .replace("@HTTPS@", str(PORTS["https"]))
        .replace("@HTTP@", str(PORTS["http"]))
        .replace("@APP1@", str(PORTS["app1"]))
        .replace("@APP2@", str(PORTS["app2"]))
    )
    (directory / "nginx.conf").write_text(text)
