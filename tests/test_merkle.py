"""RFC 9162 tree hashing and proofs (eppid.integrity.merkle), checked against the RFC example,
an independent implementation (pymerkle) and properties over random trees."""

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymerkle import InmemoryTree

from eppid.integrity import merkle


def entries(n):
    return [f"entry {i}".encode() for i in range(n)]


def leaves(n):
    return [merkle.leaf_hash(e) for e in entries(n)]


def test_hash_prefixes_follow_the_contract():
    assert merkle.leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert merkle.node_hash(b"L" * 32, b"R" * 32) == hashlib.sha256(b"\x01" + b"L" * 32 + b"R" * 32).digest()
    assert merkle.root([]) == hashlib.sha256(b"").digest()


@pytest.fixture
def rfc_tree():
    """The 7-leaf example of RFC 6962 section 2.1.3, with its node names."""
    a, b, c, d, e, f, j = leaves(7)
    g, h, i = merkle.node_hash(a, b), merkle.node_hash(c, d), merkle.node_hash(e, f)
    k, l = merkle.node_hash(g, h), merkle.node_hash(i, j)  # noqa: E741
    names = {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "g": g, "h": h, "i": i, "j": j, "k": k, "l": l}
    return {"leaves": [a, b, c, d, e, f, j], **names}


def test_rfc_example_root_and_audit_paths(rfc_tree):
    t, n = rfc_tree, rfc_tree["leaves"]
    assert merkle.root(n) == merkle.node_hash(t["k"], t["l"])
    assert merkle.inclusion_proof(0, n) == [t["b"], t["h"], t["l"]]
    assert merkle.inclusion_proof(3, n) == [t["c"], t["g"], t["l"]]
    assert merkle.inclusion_proof(4, n) == [t["f"], t["j"], t["k"]]
    assert merkle.inclusion_proof(6, n) == [t["i"], t["k"]]


def test_rfc_example_consistency_proofs(rfc_tree):
    t, n = rfc_tree, rfc_tree["leaves"]
    assert merkle.consistency_proof(3, 7, n) == [t["c"], t["d"], t["g"], t["l"]]
    assert merkle.consistency_proof(4, 7, n) == [t["l"]]
    assert merkle.consistency_proof(6, 7, n) == [t["i"], t["j"], t["k"]]
    for m in (3, 4, 6):
        proof = merkle.consistency_proof(m, 7, n)
        assert merkle.verify_consistency(m, 7, merkle.root(n[:m]), merkle.root(n), proof)


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 8, 13, 16, 31, 33])
def test_agrees_with_pymerkle(size):
    other = InmemoryTree(algorithm="sha256")
    for entry in entries(size):
        other.append_entry(entry)
    ours = leaves(size)
    for m in range(1, size + 1):
        assert merkle.root(ours[:m]) == other.get_root(m)
        for index in range(m):
            # pymerkle's path starts with the leaf itself; the rest is the RFC audit path.
            theirs = [bytes.fromhex(h) for h in other.prove_inclusion(index + 1, m).serialize()["path"]]
            assert theirs == [ours[index], *merkle.inclusion_proof(index, ours[:m])]
        for first in range(1, m):
            # pymerkle shapes consistency proofs its own way; ours must prove its roots.
            proof = merkle.consistency_proof(first, m, ours)
            assert merkle.verify_consistency(first, m, other.get_root(first), other.get_root(m), proof)


def test_out_of_range_requests_are_refused():
    n = leaves(4)
    with pytest.raises(ValueError):
        merkle.inclusion_proof(4, n)
    with pytest.raises(ValueError):
        merkle.consistency_proof(3, 5, n)
    assert merkle.consistency_proof(0, 4, n) == []
    assert merkle.verify_consistency(0, 4, merkle.root([]), merkle.root(n), [])
    assert not merkle.verify_consistency(0, 4, merkle.root(n), merkle.root(n), [])
    assert not merkle.verify_inclusion(4, 4, n[0], [], merkle.root(n))


sizes = st.integers(min_value=1, max_value=70)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), size=sizes)
def test_every_inclusion_proof_verifies_and_no_altered_one_does(data, size):
    n = leaves(size)
    top = merkle.root(n)
    index = data.draw(st.integers(0, size - 1))
    proof = merkle.inclusion_proof(index, n)
    assert merkle.verify_inclusion(index, size, n[index], proof, top)
    if proof:
        at = data.draw(st.integers(0, len(proof) - 1))
        bad = list(proof)
        bad[at] = hashlib.sha256(bad[at]).digest()
        assert not merkle.verify_inclusion(index, size, n[index], bad, top)
        assert not merkle.verify_inclusion(index, size, n[index], proof[:-1], top)
        other = data.draw(st.integers(0, size - 1).filter(lambda i: i != index))
        assert not merkle.verify_inclusion(other, size, n[index], proof, top)
    assert not merkle.verify_inclusion(index, size, n[index], [*proof, top], top)
    assert not merkle.verify_inclusion(index, 2 * size, n[index], proof, top)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), second=st.integers(min_value=2, max_value=70))
def test_every_consistency_proof_verifies_and_no_altered_one_does(data, second):
    n = leaves(second)
    first = data.draw(st.integers(1, second - 1))
    proof = merkle.consistency_proof(first, second, n)
    old, new = merkle.root(n[:first]), merkle.root(n)
    assert merkle.verify_consistency(first, second, old, new, proof)
    at = data.draw(st.integers(0, len(proof) - 1))
    bad = list(proof)
    bad[at] = hashlib.sha256(bad[at]).digest()
    assert not merkle.verify_consistency(first, second, old, new, bad)
    assert not merkle.verify_consistency(first, second, old, new, proof[:-1])
    assert not merkle.verify_consistency(first, second, new, old, proof)
    wrong = data.draw(st.integers(1, second).filter(lambda m: m != first))
    if merkle.root(n[:wrong]) != old:
        assert not merkle.verify_consistency(wrong, second, old, new, proof)
    # A rewritten history: the same size, one earlier leaf changed.
    forged = list(n)
    forged[0] = merkle.leaf_hash(b"rewritten")
    assert not merkle.verify_consistency(first, second, old, merkle.root(forged), proof)
