"""Publishing signed checkpoints of the log, each proven to extend the one before.

A checkpoint is kept twice: as a ``Checkpoint`` row and as ``$EPPID_DATA_DIR/checkpoints/
latest.txt``. The file is outside the database, so restoring an old database backup cannot make
us forget (or re-sign a shorter) history we already published; it is replaced atomically and
never by a smaller tree.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eppid.integrity import merkle, note
from eppid.integrity.models import Checkpoint
from eppid.integrity.tree import tree_consistency_proof, tree_root, tree_size

LATEST_FILE = "latest.txt"


class CheckpointError(RuntimeError):
    """The log does not extend a checkpoint we published: refuse to sign anything over it."""


@dataclass(frozen=True)
class Published:
    size: int
    root: bytes
    note: str


def checkpoint_dir() -> Path:
    return Path(settings.EPPID_CHECKPOINT_DIR)


def latest_file() -> Path:
    return checkpoint_dir() / LATEST_FILE


def checkpoint_latest() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size").first()


def checkpoint_file_read() -> Published | None:
    """The checkpoint in latest.txt, its signature checked; None when no file was written yet."""
    path = latest_file()
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    body = note.checkpoint_parse(note.note_open(text, note.verifier_key()))
    return Published(size=body.size, root=body.root, note=text)


def checkpoint_publish() -> Checkpoint:
    """Sign the tree as it is now, after proving it extends every checkpoint published before."""
    with transaction.atomic():
        previous = Checkpoint.objects.select_for_update().order_by("-size").first()
        size = tree_size()
        root = tree_root(size)
        if previous is not None:
            stored = Published(previous.size, bytes.fromhex(previous.root_hash), previous.note)
            _prove_extends(stored, size, root)
        try:
            on_file = checkpoint_file_read()
        except note.NoteError as error:
            raise CheckpointError(f"{latest_file()} does not verify with the log key: {error}") from error
        if on_file is not None:
            _prove_extends(on_file, size, root)
        if previous is not None and previous.size == size:
            checkpoint = previous
        else:
            signed = note.checkpoint_sign(size, root)
            checkpoint = Checkpoint.objects.create(
                size=size, root_hash=root.hex(), note=signed, published_at=timezone.now()
            )
        # After commit: the file never names a checkpoint the database might still roll back.
        transaction.on_commit(lambda: checkpoint_file_write(checkpoint.size, checkpoint.note))
    return checkpoint


def checkpoint_publish_if_grown() -> Checkpoint | None:
    previous = checkpoint_latest()
    if previous is not None and tree_size() == previous.size:
        # A smaller log goes on to checkpoint_publish, which reports the rollback.
        return None
    return checkpoint_publish()


def _prove_extends(prior: Published, size: int, root: bytes) -> None:
    if prior.size > size:
        raise CheckpointError(
            f"the log has {size} entries but checkpoint {prior.size} was published: history was rolled back"
        )
    proof = tree_consistency_proof(prior.size, size)
    if not merkle.verify_consistency(prior.size, size, prior.root, root, proof):
        raise CheckpointError(
            f"the log is not an extension of published checkpoint {prior.size}: history changed"
        )


def checkpoint_file_adopt() -> Checkpoint | None:
    """A data directory without a checkpoint file (a restore drill, a new machine) takes the
    restored database's newest checkpoint, its note verified with the log key; None when the
    database has none. Never over a file that is there: that one is the history to compare with
    (CheckpointError). Only an operator's explicit ``restore --adopt-checkpoint`` calls it: done
    on its own it would hide a rollback whose file was deleted too."""
    if latest_file().exists():
        raise CheckpointError(f"{latest_file()} exists: a restore compares with it and never replaces it")
    latest = checkpoint_latest()
    if latest is None:
        return None
    try:
        body = note.checkpoint_parse(note.note_open(latest.note, note.verifier_key()))
    except note.NoteError as error:
        raise CheckpointError(
            f"checkpoint {latest.size} does not verify with the log key: {error}"
        ) from error
    if (body.size, body.root.hex()) != (latest.size, latest.root_hash):
        raise CheckpointError(f"checkpoint {latest.size}: its columns differ from its signed note")
    checkpoint_file_write(latest.size, latest.note)
    return latest


def checkpoint_file_write(size: int, text: str) -> bool:
    """Replace latest.txt atomically with a checkpoint of at least its size; False if it is older."""
    directory = checkpoint_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    with _locked(directory):
        current = checkpoint_file_read()
        if current is not None and current.size > size:
            return False
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".latest-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o644)  # a public statement  # noqa: S103
            os.replace(temporary, latest_file())
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _fsync_directory(directory)
    return True


@contextmanager
def _locked(directory: Path):
    with open(directory / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
