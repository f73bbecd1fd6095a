"""The log head kept per transaction (eppid.integrity.head): fewer round trips, never a stale head.

Rollbacks of the transaction or of a savepoint must not leave the cached head ahead of the
database, a commit must end it, and a head that moved behind the cache's back is read again.
"""

import json

import pytest
from django.db import connection, transaction
from tests.integrity_support import run_on_fresh_database

from eppid.integrity.head import head_forget
from eppid.integrity.log import build_entry, log_append
from eppid.integrity.models import LogEntry
from eppid.integrity.tree import tree_append, tree_root, tree_size
from eppid.integrity.tree_checks import check_tree
from eppid.integrity.verification import check_chain
from eppid.organisation.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_head_from_an_earlier_test():
    """The query counts below start from a transaction that has read nothing yet. Under xdist an
    earlier test of the same worker once left a head that still looked current (the guarded
    insert kept the log correct, only the count differed), so each test starts without one."""
    head_forget(connection)


def append(n=1):
    return [log_append(action="test", object_type="demo.Thing", object_id=i) for i in range(n)]


def first_cost():
    return 2 if connection.vendor == "postgresql" else 4  # lock + head + frontier, entry + nodes


def assert_log_sound():
    assert list(check_chain()) == []
    assert list(check_tree()) == []
    size = LogEntry.objects.count()
    assert tree_size() == size == LogEntry.objects.order_by("-seq").first().seq + 1


def test_later_appends_of_a_transaction_cost_one_statement_each(django_assert_num_queries):
    with transaction.atomic():
        with django_assert_num_queries(first_cost()):
            append()
        later_cost = 1 if connection.vendor == "postgresql" else 2  # entry and nodes; SQLite: two
        for _ in range(5):  # even and odd leaves, some closing several subtrees
            with django_assert_num_queries(later_cost):
                append()
    assert_log_sound()


def test_a_rolled_back_savepoint_does_not_leave_the_head_ahead(django_assert_num_queries):
    with transaction.atomic():
        (before,) = append()
        with pytest.raises(RuntimeError), transaction.atomic():
            append(3)
            raise RuntimeError("undo the inner block")
        with django_assert_num_queries(first_cost()):  # known stale: read again, no failed insert
            (after,) = append()
        assert after.seq == before.seq + 1
        assert json.loads(after.canonical)["prev_chain"] == before.chain_hash
    assert_log_sound()


def test_a_savepoint_that_took_the_lock_and_rolled_back_is_read_again():
    start = LogEntry.objects.order_by("-seq").first().seq
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            append(2)  # the first append of the transaction: lock and head read happen in here
            raise RuntimeError("undo it")
        with transaction.atomic():  # a released savepoint keeps what it appended
            (inner,) = append()
        entries = append(2)
    assert [inner.seq, *(e.seq for e in entries)] == [start + 1, start + 2, start + 3]
    assert_log_sound()


def test_nested_savepoints_roll_back_to_the_right_depth():
    start = LogEntry.objects.order_by("-seq").first().seq
    with transaction.atomic():
        append()
        with transaction.atomic():
            append()
            with pytest.raises(RuntimeError), transaction.atomic():
                append(2)
                raise RuntimeError("undo the innermost block only")
            append()
        append()
    assert LogEntry.objects.order_by("-seq").first().seq == start + 4
    assert_log_sound()


@pytest.mark.django_db(transaction=True)
def test_a_commit_ends_the_cached_head(django_assert_num_queries):
    with transaction.atomic():
        append(2)
    with transaction.atomic(), django_assert_num_queries(first_cost()):  # locked and read again
        append()
    assert_log_sound()


def test_a_head_moved_behind_the_cache_is_read_again_not_forked():
    with transaction.atomic():
        (first,) = append()
        # Someone writes the next entry without log_append (as a restore or a test might).
        fields = build_entry(
            seq=first.seq + 1,
            recorded_at=first.recorded_at,
            actor="system",
            role="",
            action="test",
            object_type="demo.Other",
            object_id=1,
            content_hash="",
            files=[],
            prev=bytes.fromhex(first.chain_hash),
        )
        LogEntry.objects.create(**fields)
        tree_append(first.seq + 1, bytes.fromhex(fields["leaf_hash"]))
        (after,) = append()
    assert after.seq == first.seq + 2
    assert json.loads(after.canonical)["prev_chain"] == fields["chain_hash"]
    assert_log_sound()


def test_an_unchanged_save_after_a_rolled_back_update_appends_nothing():
    with transaction.atomic():
        unit = Unit.objects.create(code="99.98", name="Bawaslu Uji", level="regency", region_name="Uji")
        count = LogEntry.objects.count()
        with pytest.raises(RuntimeError), transaction.atomic():
            unit.name = "Bawaslu Diubah"
            unit.save()
            raise RuntimeError("undo the update")
        assert LogEntry.objects.count() == count
        unit.name = "Bawaslu Uji"
        unit.save()  # equal to the logged creation: nothing to log
        assert LogEntry.objects.count() == count
        unit.name = "Bawaslu Baru"
        unit.save()
        assert LogEntry.objects.count() == count + 1
        unit.save()  # no change since the update this transaction logged
        assert LogEntry.objects.count() == count + 1
    assert_log_sound()


def test_roots_match_after_appends_across_many_tree_sizes():
    with transaction.atomic():
        for _ in range(9):
            append(1 + LogEntry.objects.count() % 3)
    assert_log_sound()
    assert len(tree_root()) == 32


CONCURRENT_SCRIPT = """
import threading
from django.db import connection, transaction
from eppid.integrity.log import log_append
from eppid.integrity.models import LogEntry
from eppid.integrity.tree_checks import check_tree
from eppid.integrity.verification import check_chain

def work():
    for i in range(15):
        with transaction.atomic():
            log_append(action="test", object_type="demo.Thing", object_id=i)
            try:
                with transaction.atomic():
                    log_append(action="test", object_type="demo.Undone", object_id=i)
                    raise RuntimeError
            except RuntimeError:
                pass
            log_append(action="test", object_type="demo.Thing", object_id=i)
    connection.close()

start = LogEntry.objects.count()
threads = [threading.Thread(target=work) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
seqs = list(LogEntry.objects.values_list("seq", flat=True))
undone = LogEntry.objects.filter(object_type="demo.Undone").count()
gapless = "gapless" if seqs == list(range(len(seqs))) else "GAPS"
print(gapless, len(seqs) - start, undone, len(list(check_chain(None))), len(list(check_tree(None))))
"""


@pytest.mark.django_db(transaction=True)
def test_concurrent_transactions_with_rolled_back_savepoints_stay_gapless(tmp_path):
    result = run_on_fresh_database(tmp_path, CONCURRENT_SCRIPT)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1].split() == ["gapless", "120", "0", "0", "0"]
