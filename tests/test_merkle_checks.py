"""check_tree and check_checkpoint find every change to the tree cache and every rollback."""

import pytest

from eppid.integrity import merkle
from eppid.integrity.checkpoints import checkpoint_publish, latest_file
from eppid.integrity.models import Checkpoint, TreeNode
from eppid.integrity.tree import tree_append
from eppid.integrity.tree_checks import check_checkpoint, check_tree

pytestmark = [pytest.mark.usefixtures("empty_log"), pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def integrity_dirs(settings, tmp_path):
    settings.EPPID_LOG_SIGNING_KEY_FILE = str(tmp_path / "keys" / "log-signing.key")
    settings.EPPID_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    settings.EPPID_LOG_KEY_NAME = "eppid-test"
    settings.EPPID_LOG_ORIGIN = "eppid.localhost/log"


def leaf(i, text="entry"):
    return merkle.leaf_hash(f"{text} {i}".encode())


def fed(size):
    """The leaves grow() put into the cache, as the log would list them."""
    return [(i, leaf(i)) for i in range(size)]


def grow(start, end):
    for i in range(start, end):
        tree_append(i, leaf(i))


def test_a_sound_tree_and_checkpoint_have_no_findings():
    grow(0, 21)
    checkpoint_publish()
    grow(21, 30)
    advanced = []
    assert list(check_tree(advanced.append, leaves=fed(30))) == []
    assert sum(advanced) == 30
    assert list(check_checkpoint(None)) == []


def test_an_empty_log_has_no_findings():
    assert list(check_tree()) == []
    assert list(check_checkpoint()) == []


def test_an_edited_inner_node_is_found():
    grow(0, 16)
    TreeNode.objects.filter(level=2, index=1).update(hash="00" * 32)
    assert [f.subject for f in check_tree(leaves=fed(16))] == ["tree node 2/1"]
    TreeNode.objects.filter(level=4, index=0).update(hash="00" * 32)
    assert {"tree node 4/0", "tree root"} <= {f.subject for f in check_tree(leaves=fed(16))}


def test_a_log_entry_that_differs_from_its_leaf_is_found():
    grow(0, 8)
    log = [(i, leaf(i)) for i in range(8)]
    log[5] = (5, leaf(5, "edited"))  # the log source says one thing, the cache another
    subjects = {f.subject for f in check_tree(leaves=log)}
    assert {"tree node 0/5", "tree node 1/2", "tree node 2/1", "tree node 3/0"} <= subjects


def test_a_missing_cache_row_is_found():
    grow(0, 9)
    TreeNode.objects.filter(level=1, index=3).delete()
    assert "tree node 1/3" in {f.subject for f in check_tree(leaves=fed(9))}


def test_an_inserted_cache_row_is_found():
    grow(0, 9)
    TreeNode.objects.create(level=4, index=0, hash="11" * 32)
    assert [f.subject for f in check_tree()] == ["tree cache"]


def test_a_gap_in_the_log_is_found():
    log = [(0, leaf(0)), (1, leaf(1)), (3, leaf(3))]
    findings = list(check_tree(leaves=log))
    assert findings and "jumps" in findings[0].problem


def test_a_log_rolled_back_behind_the_file_checkpoint_is_found():
    grow(0, 5)
    checkpoint_publish()
    grow(5, 12)
    checkpoint_publish()
    # An older database backup restored: 5 entries, the checkpoint of 12 forgotten in the database.
    TreeNode.objects.all().delete()
    Checkpoint.objects.filter(size=12).delete()
    grow(0, 5)
    findings = list(check_checkpoint())
    assert [f.subject for f in findings] == ["checkpoint 12 (file)"]
    assert "rolled back" in findings[0].problem


def test_a_rewritten_history_is_found_in_database_and_file():
    grow(0, 6)
    checkpoint_publish()
    TreeNode.objects.all().delete()
    for i in range(6):
        tree_append(i, leaf(i, "forged" if i == 0 else "entry"))
    subjects = {f.subject for f in check_checkpoint()}
    assert subjects == {"checkpoint 6 (database)", "checkpoint 6 (file)"}


def test_a_tampered_or_missing_checkpoint_file_is_found():
    grow(0, 3)
    checkpoint_publish()
    latest_file().write_text(latest_file().read_text().replace("\n3\n", "\n2\n"))
    assert any("does not verify" in f.problem for f in check_checkpoint())
    latest_file().unlink()
    assert any("missing" in f.problem for f in check_checkpoint())


def test_an_edited_checkpoint_row_is_found():
    grow(0, 4)
    checkpoint_publish()
    Checkpoint.objects.update(root_hash="22" * 32)
    assert any("columns differ" in f.problem for f in check_checkpoint())
