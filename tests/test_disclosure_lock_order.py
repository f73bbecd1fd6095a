"""Staff actions lock their own row only: a citizen filing in the same unit never waits for them.

A staff action locks the case's row for its transaction and appends to the log at the end; a
filing appends to the log first and then inserts its request, whose foreign key needs a share
lock on the unit's row. Had the action locked the unit's row too (``select_related`` under
``select_for_update`` locks every joined table), the filing would wait for it while holding the
log, and the action would then wait for the log: a deadlock, which PostgreSQL ends by failing
one of them (seen under load on the stack). The action locks ``of=self`` with ``no_key``.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from tests.console_support import make_request, request_data

from eppid.casefiles.services import locked
from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import request_submit
from eppid.integrity.verification import check_chain

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_filing_in_the_unit_goes_through_while_a_staff_action_holds_its_case():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks (one writer at a time)")
    case = make_request()
    held, filed = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def file_one():
        try:
            assert held.wait(10)
            request_submit(data=request_data(), identity_document=None)
            filed.set()
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=file_one)
    thread.start()
    with transaction.atomic():
        row = locked(case)
        held.set()
        went_through = filed.wait(10)
        row.save()  # the staff action's own write, appended to the log after the filing's
    thread.join(30)
    assert failures == []
    assert went_through, "the filing waited for the staff action's lock"
    assert InformationRequest.objects.filter(unit__code="35.04").count() == 2
    assert list(check_chain()) == []
