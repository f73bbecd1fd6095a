"""Publishing checkpoints: each proven to extend the last, kept in the database and in a file
that a restored (older) database cannot roll back."""

import pytest
from django.core.management import CommandError, call_command

from eppid.integrity import merkle, note
from eppid.integrity.checkpoints import (
    CheckpointError,
    checkpoint_file_read,
    checkpoint_file_write,
    checkpoint_publish,
    checkpoint_publish_if_grown,
    latest_file,
)
from eppid.integrity.models import Checkpoint, TreeNode
from eppid.integrity.tree import tree_append, tree_root, tree_size

pytestmark = [pytest.mark.usefixtures("empty_log"), pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def integrity_dirs(settings, tmp_path):
    settings.EPPID_LOG_SIGNING_KEY_FILE = str(tmp_path / "keys" / "log-signing.key")
    settings.EPPID_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    settings.EPPID_LOG_KEY_NAME = "eppid-test"
    settings.EPPID_LOG_ORIGIN = "eppid.localhost/log"


def grow(to):
    for i in range(tree_size(), to):
        tree_append(i, merkle.leaf_hash(f"entry {i}".encode()))


def test_publish_signs_the_current_tree_and_writes_the_file():
    grow(5)
    checkpoint = checkpoint_publish()
    assert (checkpoint.size, checkpoint.root_hash) == (5, tree_root(5).hex())
    body = note.checkpoint_parse(note.note_open(checkpoint.note, note.verifier_key()))
    assert (body.size, body.root) == (5, tree_root(5))
    assert latest_file().read_text() == checkpoint.note
    assert checkpoint_file_read().size == 5


def test_publish_if_grown_waits_for_new_entries():
    grow(3)
    first = checkpoint_publish_if_grown()
    assert first is not None and first.size == 3
    assert checkpoint_publish_if_grown() is None
    grow(9)
    assert checkpoint_publish_if_grown().size == 9
    assert list(Checkpoint.objects.values_list("size", flat=True)) == [9, 3]
    assert checkpoint_file_read().size == 9


def test_a_rewritten_history_is_refused_and_nothing_is_signed():
    grow(6)
    checkpoint_publish()
    # Rewrite leaf 2 and every subtree above it, as someone editing the database would.
    TreeNode.objects.all().delete()
    for i in range(8):
        tree_append(i, merkle.leaf_hash(f"{'forged' if i == 2 else 'entry'} {i}".encode()))
    with pytest.raises(CheckpointError, match="not an extension"):
        checkpoint_publish()
    assert Checkpoint.objects.count() == 1
    assert checkpoint_file_read().size == 6


def test_a_database_restored_to_before_the_file_checkpoint_is_refused():
    grow(4)
    checkpoint_publish()
    grow(10)
    checkpoint_publish()
    # Restore an older database: the log is back at 4 entries and forgets checkpoint 10.
    TreeNode.objects.filter(index__gte=0).delete()
    Checkpoint.objects.filter(size=10).delete()
    grow(4)
    with pytest.raises(CheckpointError, match="rolled back"):
        checkpoint_publish()
    assert checkpoint_file_read().size == 10


def test_the_file_is_never_replaced_by_a_smaller_checkpoint():
    grow(8)
    big = checkpoint_publish()
    small = note.checkpoint_sign(3, tree_root(3))
    assert checkpoint_file_write(3, small) is False
    assert latest_file().read_text() == big.note
    assert [p.name for p in latest_file().parent.iterdir() if p.name.endswith(".tmp")] == []


def test_publish_checkpoint_command(capsys):
    grow(2)
    call_command("publish_checkpoint")
    assert capsys.readouterr().out.startswith("eppid.localhost/log\n2\n")
    call_command("publish_checkpoint", "--if-grown")
    assert "nothing published" in capsys.readouterr().out
    TreeNode.objects.all().delete()
    with pytest.raises(CommandError, match="rolled back"):
        call_command("publish_checkpoint")


def test_run_scheduler_once_publishes_when_grown(settings):
    settings.EPPID_VERIFY_HOUR = 24  # never due: the nightly check is tests/test_integrity_nightly.py's
    grow(7)
    call_command("run_scheduler", "--once")
    assert Checkpoint.objects.get().size == 7
    call_command("run_scheduler", "--once")
    assert Checkpoint.objects.count() == 1


def test_run_scheduler_once_fails_loudly_on_a_rollback(settings):
    settings.EPPID_VERIFY_HOUR = 24
    grow(3)
    checkpoint_publish()
    TreeNode.objects.all().delete()
    with pytest.raises(SystemExit):
        call_command("run_scheduler", "--once")


def test_a_checkpoint_file_we_did_not_sign_stops_publishing():
    grow(2)
    checkpoint_publish()
    latest_file().write_text(latest_file().read_text().replace("\n2\n", "\n1\n"))
    with pytest.raises(CheckpointError, match="does not verify"):
        checkpoint_publish()
    with pytest.raises(CommandError, match="does not verify"):
        call_command("publish_checkpoint")
