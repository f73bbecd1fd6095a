"""Key files for a production environment in tests (production refuses to start without them)."""

from __future__ import annotations

import os
from pathlib import Path

from eppid.integrity.keyring import new_key_b64, new_kid


def production_key_env(directory: Path) -> dict[str, str]:
    keys = directory / "production-keys"
    keys.mkdir(mode=0o700, parents=True, exist_ok=True)
    files = {
        "EPPID_DATA_KEYS_FILE": (keys / "data-keys.txt", f"{new_kid()}: {new_key_b64()}\n"),
        "EPPID_BLIND_INDEX_KEY_FILE": (keys / "blind-index.key", new_key_b64() + "\n"),
    }
    for path, text in files.values():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
    return {name: str(path) for name, (path, _) in files.items()}
