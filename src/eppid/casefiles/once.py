"""Filing once (decision 1670): a filing may carry a key its client chose (the portal's check page
makes one per set of answers; an API client sends ``Idempotency-Key``). The same key again, with
the same fields and files, answers with the case file the first one filed, tracking code and all,
instead of filing a second: a double tap, a resent form or a retry after a lost answer or a 503
never files twice. The same key with other data, or for another kind of case file, is refused.
Two attempts at once: the key's row is written in the filing transaction, so the second waits for
the first on the unique index and then answers with its case file.

The domains (``disclosure.services.submit``, ``objections.services.filing``) load their case
file from what ``submission_key_find`` returns.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from eppid.casefiles.models import SubmissionKey
from eppid.casefiles.selectors import case_audit_leaf

T = TypeVar("T")

# Visible ASCII, as HTTP header values are (a UUID is the usual choice).
_KEY = re.compile(r"[\x21-\x7e]{8,255}")


@dataclass(frozen=True)
class OnceKey:
    """A submission key within its scope (``api``, ``portal``, ``staff:<user id>``), hashed."""

    key_hash: str


@dataclass(frozen=True)
class Filed:
    """What a key filed: the case file, its tracking code and its creation's log leaf."""

    case: object
    tracking_code: str
    leaf_index: int
    leaf_hash: str


def once_key(scope: str, key: str, *, field: str = "idempotency_key") -> OnceKey:
    """The key as stored; a malformed one is refused (``field`` names it in the error)."""
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise ValidationError(
            {field: [_("The idempotency key must be 8 to 255 visible characters (a UUID is best).")]}
        )
    return OnceKey(hashlib.sha256(f"{scope}\n{key}".encode()).hexdigest())


def submission_fingerprint(data: dict, files) -> str:
    """SHA-256 of the submitted fields and files, to tell a retry from another filing."""
    digest = hashlib.sha256(json.dumps(sorted((str(k), str(v)) for k, v in data.items())).encode())
    for upload in files:
        digest.update(b"\x00file\x00")
        if upload is None:
            continue
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
    return digest.hexdigest()


def submission_key_record(once: OnceKey, fingerprint: str, case, tracking_code: str) -> None:
    """Write the key with the case file it filed; in the filing transaction (a twin waits on it)."""
    SubmissionKey.objects.create(
        key_hash=once.key_hash,
        fingerprint=fingerprint,
        case_label=case._meta.label,
        case_id=case.pk,
        tracking_code=tracking_code,
    )


def submission_key_find(once: OnceKey, fingerprint: str | None, cases) -> Filed | None:
    """What the key filed before (a case file read from the queryset ``cases``), None if it is new;
    refused for other data or another kind of case file (``fingerprint`` None: the key names one
    set of answers by itself, as the portal's does). A key holds until the daily run removes it."""
    key = SubmissionKey.objects.filter(key_hash=once.key_hash).first()
    if key is None:
        return None
    if key.case_label != cases.model._meta.label or (
        fingerprint is not None and key.fingerprint != fingerprint
    ):
        raise ValidationError(
            {
                "idempotency_key": [
                    _(
                        "This key was already used for a different submission. "
                        "Use a new key for each new submission."
                    )
                ]
            }
        )
    case = cases.get(pk=key.case_id)
    leaf_index, leaf_hash = case_audit_leaf(case) or (0, "")
    return Filed(case, key.tracking_code, leaf_index, leaf_hash)


def twin_filed(error: IntegrityError, once: OnceKey | None, replay: Callable[[], T | None]) -> T:
    """After ``error``, a unique violation while filing: what a twin with the same key filed (it
    committed first; this one waited for it on the key's unique index), read by ``replay``. Any
    other violation, or one without a key, is raised again."""
    if once is None or not (filed := replay()):
        raise error
    return filed


def key_lifetime() -> timedelta:
    return timedelta(hours=settings.EPPID_SUBMISSION_KEY_HOURS)


def submission_keys_expire(now=None) -> int:
    """Remove the keys older than their lifetime (each holds a tracking code); returns how many."""
    now = now or timezone.now()
    deleted, _counts = SubmissionKey.objects.filter(created_at__lt=now - key_lifetime()).delete()
    return deleted
