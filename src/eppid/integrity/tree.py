"""The log's Merkle tree kept as a cache of complete subtrees (TreeNode), with roots and proofs.

The log append writes a leaf's rows in its own statement, inside its transaction and lock, from
the tree frontier it keeps per transaction (``eppid.integrity.head``), so the cache is always
exactly as long as the log; ``tree_append`` writes the same rows for a leaf on its own (tests,
repairs). Roots and proofs follow RFC 9162 but read only the O(log n) complete subtrees they
need, in one query.
"""

from __future__ import annotations

from functools import reduce

from django.db.models import Max, Q

from eppid.integrity import merkle
from eppid.integrity.models import TreeNode

Range = tuple[int, int]  # [start, end) of leaf indexes


class TreeError(ValueError):
    """A size or index outside the tree, or a cache that does not match its own leaves."""


def tree_append(index: int, leaf_hash: bytes) -> None:
    """Add leaf ``index`` and every complete subtree it closes (O(log n) rows, two queries).

    The tree has size ``index`` exactly when leaf ``index - 1`` exists and leaf ``index`` does
    not (rows are only ever written in order; a hole made behind their back is reported by
    verify_integrity): one read checks that and fetches the left siblings, one insert writes the
    new rows.
    """
    if index < 0:
        raise TreeError("a leaf index is never negative")
    siblings = _left_siblings(index)
    wanted = {(0, index), *siblings} | ({(0, index - 1)} if index > 0 else set())
    query = reduce(lambda q, key: q | Q(level=key[0], index=key[1]), wanted, Q(pk__in=[]))
    found = {(n.level, n.index): bytes.fromhex(n.hash) for n in TreeNode.objects.filter(query)}
    if (0, index) in found or (index > 0 and (0, index - 1) not in found):
        raise TreeError(f"leaf {index} does not extend a tree of size {tree_size()}")
    missing = set(siblings) - found.keys()
    if missing:
        raise TreeError(f"tree cache lacks {len(missing)} node(s), e.g. {sorted(missing)[0]}")
    rows = [TreeNode(level=0, index=index, hash=leaf_hash.hex())]
    level, position, current = 0, index, leaf_hash
    while position & 1:
        current = merkle.node_hash(found[(level, position - 1)], current)
        level, position = level + 1, position >> 1
        rows.append(TreeNode(level=level, index=position, hash=current.hex()))
    TreeNode.objects.bulk_create(rows)


def tree_size() -> int:
    top = TreeNode.objects.filter(level=0).aggregate(top=Max("index"))["top"]
    return 0 if top is None else top + 1


def tree_root(size: int | None = None) -> bytes:
    size = _checked_size(size)
    if size == 0:
        return merkle.EMPTY_ROOT
    return _hash_ranges([(0, size)])[0]


def tree_inclusion_proof(index: int, size: int) -> list[bytes]:
    size = _checked_size(size)
    if not 0 <= index < size:
        raise TreeError("leaf index outside the tree")
    return _hash_ranges(_path_ranges(index, 0, size))


def tree_consistency_proof(first: int, second: int) -> list[bytes]:
    second = _checked_size(second)
    if not 0 <= first <= second:
        raise TreeError("first size must lie between 0 and the second size")
    if first in (0, second):
        return []
    return _hash_ranges(_subproof_ranges(first, 0, second, True))


def tree_leaf(index: int) -> bytes:
    node = TreeNode.objects.filter(level=0, index=index).first()
    if node is None:
        raise TreeError("leaf index outside the tree")
    return bytes.fromhex(node.hash)


# RFC 9162 PATH and SUBPROOF, producing leaf ranges instead of hashes.
def _path_ranges(index: int, start: int, end: int) -> list[Range]:
    n = end - start
    if n == 1:
        return []
    k = merkle.split_point(n)
    if index < k:
        return [*_path_ranges(index, start, start + k), (start + k, end)]
    return [*_path_ranges(index - k, start + k, end), (start, start + k)]


def _subproof_ranges(m: int, start: int, end: int, complete: bool) -> list[Range]:
    n = end - start
    if m == n:
        return [] if complete else [(start, end)]
    k = merkle.split_point(n)
    if m <= k:
        return [*_subproof_ranges(m, start, start + k, complete), (start + k, end)]
    return [*_subproof_ranges(m - k, start + k, end, False), (start, start + k)]


def _complete_subtrees(start: int, end: int) -> list[tuple[int, int]]:
    """(level, index) of the complete subtrees covering [start, end), largest first."""
    parts = []
    while start < end:
        level = (start & -start).bit_length() - 1 if start else 63
        while (1 << level) > end - start:
            level -= 1
        parts.append((level, start >> level))
        start += 1 << level
    return parts


def _left_siblings(index: int) -> list[tuple[int, int]]:
    keys, level, position = [], 0, index
    while position & 1:
        keys.append((level, position - 1))
        level, position = level + 1, position >> 1
    return keys


def _fetch(keys) -> dict[tuple[int, int], bytes]:
    keys = set(keys)
    if not keys:
        return {}
    query = reduce(lambda q, key: q | Q(level=key[0], index=key[1]), keys, Q(pk__in=[]))
    found = {(n.level, n.index): bytes.fromhex(n.hash) for n in TreeNode.objects.filter(query)}
    missing = keys - found.keys()
    if missing:
        raise TreeError(f"tree cache lacks {len(missing)} node(s), e.g. {sorted(missing)[0]}")
    return found


def _hash_ranges(ranges: list[Range]) -> list[bytes]:
    pieces = [_complete_subtrees(start, end) for start, end in ranges]
    nodes = _fetch(key for parts in pieces for key in parts)
    hashes = []
    for parts in pieces:
        current = nodes[parts[-1]]
        for key in reversed(parts[:-1]):
            current = merkle.node_hash(nodes[key], current)
        hashes.append(current)
    return hashes


def _checked_size(size: int | None) -> int:
    current = tree_size()
    if size is None:
        size = current
    if not 0 <= size <= current:
        raise TreeError(f"tree size must lie between 0 and {current}")
    return size
