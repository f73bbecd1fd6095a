"""Two filings with the same key at the same moment (PostgreSQL: real concurrent transactions).

The second's INSERT of the key waits on the unique index for the first's commit, fails, and the
second answers with the first's request (decision 1670)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from tests.disclosure_support import pdf_upload, request_data
from tests.integrity_support import verify

from eppid.casefiles.once import once_key
from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import request_submit
from eppid.disclosure.services import submit as submit_module

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_taps_at_once_file_one_request(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time")
    both_looked = threading.Barrier(2, timeout=10)
    real = submit_module._replay
    looks = []

    def after_both_looked(once, fingerprint):
        found = real(once, fingerprint)
        looks.append(found)
        if len(looks) <= 2:
            both_looked.wait()  # neither found the key: both go on to file
        return found

    monkeypatch.setattr(submit_module, "_replay", after_both_looked)
    results, failures = [], []

    def tap():
        try:
            results.append(
                request_submit(
                    data=request_data(),
                    identity_document=pdf_upload(),
                    once=once_key("portal", "the-same-key-for-both-taps"),
                )
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert looks[:2] == [None, None]
    assert len({(r.request.pk, r.tracking_code, r.leaf_index) for r in results}) == 1
    assert InformationRequest.objects.count() == 1
    assert verify()[0] == 0
