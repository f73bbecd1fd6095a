"""The never-cry-wolf guard: each test that wrote an audited table ends with verify_integrity's
record and file checks over that table (decision 1200). Not a test module; conftest wires it.

A test that writes through the application must leave every audited record matching its last
log entry, exactly as ``verify_integrity`` compares them (``model_records_findings`` and
``model_files_findings`` of eppid.integrity.verification, reused, not copied). Which tables a
test wrote is seen in the SQL it sent (INSERT, UPDATE, DELETE), so writes that bypass the log
(a bulk update, a cascade's SET NULL, a bulk_create) are caught as well as wrong hashes. A
transactional test (its writes may come from other threads: the live server, a task worker)
is checked over every audited table instead. Tests that tamper on purpose opt out with
``@pytest.mark.tampers``.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection

from eppid.integrity.registry import REGISTRY
from eppid.integrity.verification import model_files_findings, model_records_findings

TAMPERS_MARKER = "tampers: the test changes the database or the log behind the application's back"
_WRITE = re.compile(r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)", re.IGNORECASE)
_WORDS = ("INSERT", "UPDATE", "DELETE", "insert", "update", "delete")


class IntegrityGuard:
    """Collects the tables the test's SQL writes to (a ``connection.execute_wrapper``)."""

    def __init__(self, *, everything: bool):
        self.everything = everything
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        if any(word in sql for word in _WORDS):
            self.tables.update(name.lower() for name in _WRITE.findall(sql))
        return execute(sql, params, many, context)

    def specs(self):
        chosen = [
            spec
            for spec in REGISTRY.values()
            if self.everything or spec.model._meta.db_table.lower() in self.tables
        ]
        return sorted(chosen, key=lambda spec: spec.label)

    def findings(self) -> list[str]:
        lines = []
        for spec in self.specs():
            for finding in (*model_records_findings(spec), *model_files_findings(spec)):
                lines.append(finding.line())
        return lines


GUARD = pytest.StashKey[IntegrityGuard]()


def guard_start(request, *, transactional: bool):
    """Watch this test's writes (called once its database is set up); a context to leave at teardown."""
    if request.node.get_closest_marker("tampers") is not None:
        return None
    guard = IntegrityGuard(everything=transactional)
    request.node.stash[GUARD] = guard
    return connection.execute_wrapper(guard)


def guard_off(item) -> None:
    """For a fixture that tampers on purpose (it cannot mark the test): no check at the end."""
    if GUARD in item.stash:
        del item.stash[GUARD]


def guard_check(item) -> None:
    """Fail the test if what it wrote no longer matches the log (called after the test's body)."""
    guard = item.stash.get(GUARD, None)
    if guard is None or (not guard.everything and not guard.tables):
        return
    lines = guard.findings()
    if lines:
        pytest.fail(
            "verify_integrity would cry wolf after this test (mark a test that tampers on purpose "
            "with @pytest.mark.tampers):\n  " + "\n  ".join(lines),
            pytrace=False,
        )
