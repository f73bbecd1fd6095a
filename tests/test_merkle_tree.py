"""The complete-subtree cache (eppid.integrity.tree) gives the same roots and proofs as the pure
RFC 9162 functions, from a handful of rows per request."""

import pytest

from eppid.integrity import merkle
from eppid.integrity.models import TreeNode
from eppid.integrity.tree import (
    TreeError,
    tree_append,
    tree_consistency_proof,
    tree_inclusion_proof,
    tree_leaf,
    tree_root,
    tree_size,
)

pytestmark = [pytest.mark.usefixtures("empty_log"), pytest.mark.django_db]

SIZE = 37


def leaf(i):
    return merkle.leaf_hash(f"entry {i}".encode())


@pytest.fixture
def grown():
    for i in range(SIZE):
        tree_append(i, leaf(i))
    return [leaf(i) for i in range(SIZE)]


def test_append_stores_exactly_the_complete_subtrees(grown):
    assert tree_size() == SIZE
    # 37 leaves close 18 + 9 + 4 + 2 + 1 complete subtrees above them.
    assert TreeNode.objects.count() == 37 + 18 + 9 + 4 + 2 + 1
    top = TreeNode.objects.get(level=5, index=0)
    assert bytes.fromhex(top.hash) == merkle.root(grown[:32])


def test_roots_and_proofs_match_the_pure_functions_for_every_size(grown):
    assert tree_root(0) == merkle.root([])
    for size in range(1, SIZE + 1):
        assert tree_root(size) == merkle.root(grown[:size])
        for index in range(size):
            assert tree_inclusion_proof(index, size) == merkle.inclusion_proof(index, grown[:size])
        for first in range(size + 1):
            assert tree_consistency_proof(first, size) == merkle.consistency_proof(first, size, grown)
    assert tree_leaf(5) == grown[5]


def test_a_proof_reads_the_cache_in_one_query(grown, django_assert_num_queries):
    # One query for the tree size, one for every node the proof needs.
    with django_assert_num_queries(2):
        tree_inclusion_proof(13, SIZE)
    with django_assert_num_queries(2):
        tree_consistency_proof(11, SIZE)
    with django_assert_num_queries(2):
        tree_root()


def test_requests_beyond_the_tree_are_refused(grown):
    with pytest.raises(TreeError):
        tree_root(SIZE + 1)
    with pytest.raises(TreeError):
        tree_inclusion_proof(SIZE, SIZE)
    with pytest.raises(TreeError):
        tree_inclusion_proof(0, SIZE + 1)
    with pytest.raises(TreeError):
        tree_consistency_proof(5, 4)
    with pytest.raises(TreeError):
        tree_leaf(SIZE)


def test_append_must_extend_the_tree_by_one(grown):
    with pytest.raises(TreeError):
        tree_append(SIZE + 1, leaf(99))
    with pytest.raises(TreeError):
        tree_append(3, leaf(99))
    assert tree_size() == SIZE


def test_a_missing_cache_row_is_reported_not_guessed(grown):
    TreeNode.objects.filter(level=2, index=8).delete()
    with pytest.raises(TreeError):
        tree_root(SIZE)
