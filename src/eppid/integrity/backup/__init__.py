"""Encrypted, signed backups and verified restores (contract section 1; issue 4 item 7)."""

from .errors import BackupFailed, BackupRefused
from .services import backup_create, backup_restore

__all__ = ["BackupFailed", "BackupRefused", "backup_create", "backup_restore"]
