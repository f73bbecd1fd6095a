"""The two ways a backup or restore stops, matching the commands' exit codes (contract section 1)."""

from __future__ import annotations


class BackupRefused(Exception):
    """Exit 1: the archive or the target is not acceptable (modified, foreign key, non-empty database)."""

    exit_code = 1


class BackupFailed(Exception):
    """Exit 2: the work could not be done (missing key, missing tool, database unreachable)."""

    exit_code = 2
