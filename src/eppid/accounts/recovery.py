"""Recovery codes: how they look, how people may type them, and the only form we store (a hash).

A code is 25 characters from a 31-character alphabet without the look-alikes 0/O, 1/I/L
(about 124 bits), printed in five groups of five. That is far beyond guessing, so a plain SHA-256
is a safe store: no salt or slow hash is needed for a secret with that much entropy.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 25
GROUP = 5


def recovery_code_new() -> str:
    """A fresh code in its printed form, e.g. ``7KQ2M-...`` (five groups of five)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def recovery_code_normalise(code: str) -> str:
    """Case does not matter, and neither do the spaces or dashes people copy along."""
    return re.sub(r"[\s-]", "", code or "").upper()


def recovery_code_digest(code: str) -> str:
    return hashlib.sha256(recovery_code_normalise(code).encode()).hexdigest()


def recovery_code_matches(stored_digest: str, candidate_digest: str) -> bool:
    return hmac.compare_digest(stored_digest, candidate_digest)
