"""Signed checkpoints (C2SP signed note) and their acceptance by Go's sumdb/note and sumdb/tlog."""

import base64
import hashlib
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured

from eppid.integrity import merkle, note
from eppid.integrity.tree import tree_append, tree_consistency_proof, tree_inclusion_proof, tree_root

pytestmark = pytest.mark.usefixtures("empty_log")

INTEROP = Path(__file__).parent / "interop" / "verify_note.go"


@pytest.fixture(autouse=True)
def log_key(settings, tmp_path):
    settings.EPPID_LOG_SIGNING_KEY_FILE = str(tmp_path / "keys" / "log-signing.key")
    settings.EPPID_LOG_KEY_NAME = "eppid-test"
    settings.EPPID_LOG_ORIGIN = "eppid.localhost/log"
    return Path(settings.EPPID_LOG_SIGNING_KEY_FILE)


def test_development_key_is_created_once_owner_only(log_key):
    first = note.verifier_key()
    assert stat.S_IMODE(log_key.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_key.parent.stat().st_mode) == 0o700
    assert note.verifier_key() == first


def test_production_never_creates_a_key(settings, log_key):
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        note.signing_key()
    assert not log_key.exists()


def test_verifier_key_layout_follows_the_contract(log_key):
    name, hash_hex, encoded = note.verifier_key().split("+", 2)
    raw = base64.b64decode(encoded)
    assert name == "eppid-test"
    assert raw[0] == 1 and len(raw) == 33
    assert hash_hex == hashlib.sha256(b"eppid-test\n\x01" + raw[1:]).digest()[:4].hex()
    key = serialization.load_pem_private_key(log_key.read_bytes(), password=None)
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert raw[1:] == public


def test_checkpoint_note_signs_its_body():
    top = merkle.root([merkle.leaf_hash(b"a"), merkle.leaf_hash(b"b")])
    signed = note.checkpoint_sign(2, top)
    body, signature = signed.split("\n\n")
    assert body.split("\n") == ["eppid.localhost/log", "2", base64.b64encode(top).decode()]
    assert signature.startswith("\u2014 eppid-test ") and signature.endswith("\n")
    opened = note.note_open(signed, note.verifier_key())
    assert note.checkpoint_parse(opened) == note.CheckpointBody("eppid.localhost/log", 2, top)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda text: text.replace("\n2\n", "\n3\n"),
        lambda text: text.replace("eppid.localhost/log", "evil.example/log"),
        # A character well inside the signature: the last one before "=" also holds padding bits,
        # which base64 decoders ignore, so changing it may change no byte at all.
        lambda text: text[:-10] + ("A" if text[-10] != "A" else "B") + text[-9:],
        lambda text: text.replace("\n\n", "\n"),
    ],
)
def test_a_changed_note_does_not_open(tamper):
    signed = note.checkpoint_sign(2, merkle.root([merkle.leaf_hash(b"a"), merkle.leaf_hash(b"b")]))
    with pytest.raises(note.NoteError):
        note.note_open(tamper(signed), note.verifier_key())


def test_another_key_does_not_open_the_note(tmp_path):
    signed = note.checkpoint_sign(1, merkle.leaf_hash(b"a"))
    other = tmp_path / "other.key"
    other.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    from django.test import override_settings

    with override_settings(EPPID_LOG_SIGNING_KEY_FILE=str(other), EPPID_LOG_KEY_NAME="eppid-test"):
        foreign = note.verifier_key()
    with pytest.raises(note.NoteError):
        note.note_open(signed, foreign)


def test_a_verifier_key_with_plus_in_its_base64_opens_notes(log_key):
    # "+" separates the key's fields and also occurs in base64: only the first two count.
    while "+" not in note.verifier_key().split("+", 2)[2]:
        log_key.unlink()
    signed = note.checkpoint_sign(1, merkle.leaf_hash(b"a"))
    assert note.checkpoint_parse(note.note_open(signed, note.verifier_key())).size == 1


def test_key_name_with_a_plus_is_refused(settings):
    settings.EPPID_LOG_KEY_NAME = "eppid+log"
    with pytest.raises(ImproperlyConfigured):
        note.verifier_key()


# --- interoperability with Go's golang.org/x/mod/sumdb ---------------------------------------


def go_verify(tmp_path, payload) -> subprocess.CompletedProcess:
    go = shutil.which("go")
    if go is None:
        if os.environ.get("CI"):
            pytest.fail("go is missing: install golang-go golang-golang-x-mod-dev (make system-deps)")
        pytest.skip("go is not installed (Debian: golang-go golang-golang-x-mod-dev)")
    env = {
        **os.environ,
        "GOPATH": "/usr/share/gocode",
        "GO111MODULE": "off",
        "GOFLAGS": "",
        "GOCACHE": str(tmp_path / "gocache"),
    }
    return subprocess.run(  # noqa: S603 (fixed program, our own input)
        [go, "run", str(INTEROP)],
        input=json.dumps(payload),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.django_db
def test_go_sumdb_accepts_our_checkpoints_and_proofs(tmp_path):
    for i in range(37):
        tree_append(i, merkle.leaf_hash(f"entry {i}".encode()))
    sizes = [1, 4, 5, 13, 32, 37]
    payload = {
        "verifier": note.verifier_key(),
        "notes": [note.checkpoint_sign(size, tree_root(size)) for size in sizes],
        "inclusion": [
            {
                "leaf_index": index,
                "tree_size": size,
                "leaf_hash": merkle.leaf_hash(f"entry {index}".encode()).hex(),
                "audit_path": [h.hex() for h in tree_inclusion_proof(index, size)],
            }
            for size in sizes
            for index in range(size)
        ],
        "consistency": [
            {
                "first": first,
                "second": second,
                "proof": [h.hex() for h in tree_consistency_proof(first, second)],
            }  # noqa: E501
            for second in sizes
            for first in sizes
            if first < second
        ],
    }
    result = go_verify(tmp_path, payload)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok 6 notes")

    # The same program rejects a forged proof, so the acceptance above means something.
    payload["consistency"][3]["proof"][0] = "00" * 32
    rejected = go_verify(tmp_path, payload)
    assert rejected.returncode == 1
    assert "consistency" in rejected.stderr
