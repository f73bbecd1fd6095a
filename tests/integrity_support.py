"""The transparency-log settings a production environment needs, for tests that start one."""

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def production_log_env(directory: Path) -> dict[str, str]:
    """Write a fresh Ed25519 log key into ``directory``; return the variables that name it."""
    key_file = directory / "log-signing.key"
    key_file.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_file.chmod(0o600)
    return {
        "EPPID_LOG_SIGNING_KEY_FILE": str(key_file),
        "EPPID_LOG_ORIGIN": "eppid.bawaslu.go.id/log",
        "EPPID_LOG_KEY_NAME": "eppid.bawaslu.go.id",
    }
