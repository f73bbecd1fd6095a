"""Log entries appended together at the end of a block (``entries_batched``, decision 1610).

The entries must be exactly those the saves would have appended one by one (same objects,
actions, contents, chain and tree), a rolled-back savepoint's save must not be logged, a block
that raises appends nothing, and on PostgreSQL the whole batch is one statement.
"""

import json

import pytest
from django.db import connection, transaction

from eppid.integrity.head import head_forget
from eppid.integrity.log import log_append_many
from eppid.integrity.models import LogEntry
from eppid.integrity.signals import entries_batched
from eppid.integrity.tree_checks import check_tree
from eppid.integrity.verification import check_chain
from eppid.organisation.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_head_from_an_earlier_test():
    head_forget(connection)


def new_unit(code: str, name: str = "Bawaslu Uji") -> Unit:
    return Unit(code=code, name=name, level="regency", region_name="Uji")


def assert_log_sound():
    assert list(check_chain()) == []
    assert list(check_tree()) == []


def logged_after(seq: int) -> list[dict]:
    """What the entries after ``seq`` say, without the fields that differ between two runs."""
    keep = ("action", "object_type", "content_sha256", "file_sha256", "actor", "role")
    found = LogEntry.objects.filter(seq__gt=seq).order_by("seq").values_list("canonical", flat=True)
    return [{key: json.loads(canonical)[key] for key in keep} for canonical in found]


def last_seq() -> int:
    return LogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or -1


def saves(codes):
    """Create, update (twice, once without a change) and delete units: every kind of entry."""
    units = [new_unit(code) for code in codes]
    for unit in units:
        unit.save()
    units[0].name = "Bawaslu Diubah"
    units[0].save()
    units[0].save()  # nothing changed since the update above: no entry
    units[-1].delete()
    return units


def test_a_batch_logs_what_saves_one_by_one_log():
    start = last_seq()
    with transaction.atomic():
        saves(["99.01", "99.02", "99.03"])
    one_by_one = logged_after(start)
    Unit.objects.filter(code__startswith="99.").delete()
    middle = last_seq()
    with transaction.atomic(), entries_batched() as batch:
        units = saves(["99.01", "99.02", "99.03"])
        assert last_seq() == middle  # nothing appended before the block ends
    assert logged_after(middle) == one_by_one
    assert len(one_by_one) == 5  # 3 creations, 1 update, 1 deletion
    assert batch.entry_for(units[1]).action == "create"
    assert batch.entry_for(units[0]).action == "update"
    assert_log_sound()


def test_a_rolled_back_savepoint_inside_a_batch_is_not_logged():
    start = last_seq()
    with transaction.atomic(), entries_batched():
        kept = new_unit("99.11")
        kept.save()
        with pytest.raises(RuntimeError), transaction.atomic():
            new_unit("99.12").save()
            raise RuntimeError("undo")
    assert [entry["action"] for entry in logged_after(start)] == ["create"]
    assert not Unit.objects.filter(code="99.12").exists()
    assert_log_sound()


def test_a_batch_that_raises_appends_nothing():
    start = last_seq()
    with pytest.raises(RuntimeError), transaction.atomic(), entries_batched():
        new_unit("99.21").save()
        raise RuntimeError("bad input")
    assert last_seq() == start
    assert not Unit.objects.filter(code="99.21").exists()


def test_on_postgresql_a_batch_is_one_statement_after_the_lock(django_assert_num_queries):
    items = [{"action": "test", "object_type": "demo.Thing", "object_id": i} for i in range(7)]
    with transaction.atomic():
        log_append_many(items[:1])  # the lock and head are read by the first append
        cost = 1 if connection.vendor == "postgresql" else 2 * 6  # SQLite: entry and nodes, one by one
        with django_assert_num_queries(cost):
            entries = log_append_many(items[1:])
    assert [entry.seq for entry in entries] == list(range(entries[0].seq, entries[0].seq + 6))
    assert_log_sound()


def test_an_update_after_a_rolled_back_one_in_a_batch_is_compared_with_what_stands():
    start = last_seq()
    with transaction.atomic(), entries_batched():
        unit = new_unit("99.31")
        unit.save()
        with pytest.raises(RuntimeError), transaction.atomic():
            unit.name = "Bawaslu Diubah"
            unit.save()
            raise RuntimeError("undo the update")
        unit.save()  # the row now holds "Diubah" in memory: a real change from the creation
        unit.name = "Bawaslu Diubah"
        unit.save()  # equal to the save just above: nothing more to log
    assert [entry["action"] for entry in logged_after(start)] == ["create", "update"]
    assert_log_sound()
