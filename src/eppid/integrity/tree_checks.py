"""Integrity checks of the Merkle tree cache and of published checkpoints (for verify_integrity).

``check_tree`` recomputes every complete subtree from the log's leaf hashes and compares it with
the cache; ``check_checkpoint`` proves the log still extends the newest checkpoint we published,
as recorded in the database AND in ``$EPPID_DATA_DIR/checkpoints/latest.txt`` (which a restore
of an older database backup does not roll back).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.db.models import Q

from eppid.integrity import merkle, note
from eppid.integrity.checkpoints import Published, checkpoint_file_read, checkpoint_latest
from eppid.integrity.findings import Finding
from eppid.integrity.models import TreeNode
from eppid.integrity.models.log import LogEntry
from eppid.integrity.tree import TreeError, tree_root, tree_size

Progress = Callable[[int], None] | None
BATCH = 2000


def leaf_hashes_iter() -> Iterator[tuple[int, bytes]]:
    """(index, leaf hash) of every log entry in order: the source the node cache must agree with,
    so a log entry edited without its tree node (or the reverse) is caught."""
    rows = LogEntry.objects.order_by("seq").values_list("seq", "leaf_hash")
    for index, digest in rows.iterator(chunk_size=BATCH):
        yield index, bytes.fromhex(digest)


Leaves = Iterable[tuple[int, bytes]]


def check_tree(progress: Progress = None, leaves: Leaves | None = None) -> Iterator[Finding]:
    source = leaf_hashes_iter() if leaves is None else leaves
    stack: list[bytes] = []
    pending: dict[tuple[int, int], bytes] = {}
    size = 0
    for index, leaf in source:
        if index != size:
            problem = f"the log jumps from entry {size - 1} to entry {index}"
            yield Finding("tree", f"log entry {size}", problem)
            return
        pending[(0, index)] = leaf
        level, position, current = 0, index, leaf
        while position & 1:
            current = merkle.node_hash(stack.pop(), current)
            level, position = level + 1, position >> 1
            pending[(level, position)] = current
        stack.append(current)
        size += 1
        if len(pending) >= BATCH:
            yield from _compare(pending)
            if progress:
                progress(BATCH)
            pending = {}
    yield from _compare(pending)
    if progress and size % BATCH:
        progress(size % BATCH)
    expected_rows = sum(size >> level for level in range(max(size.bit_length(), 1)))
    stored_rows = TreeNode.objects.count()
    if stored_rows != expected_rows:
        yield Finding(
            "tree",
            "tree cache",
            f"holds {stored_rows} nodes where a log of {size} entries has {expected_rows} complete subtrees",
        )
    yield from _compare_root(stack, size)


def _compare(expected: dict[tuple[int, int], bytes]) -> Iterator[Finding]:
    if not expected:
        return
    by_level: dict[int, list[int]] = {}
    for level, index in expected:
        by_level.setdefault(level, []).append(index)
    query = Q(pk__in=[])
    for level, indexes in by_level.items():
        query |= Q(level=level, index__gte=min(indexes), index__lte=max(indexes))
    rows = TreeNode.objects.filter(query).values_list("level", "index", "hash")
    stored = {(level, index): digest for level, index, digest in rows}
    for key in sorted(expected):
        subject = f"tree node {key[0]}/{key[1]}"
        if key not in stored:
            yield Finding("tree", subject, "is missing from the tree cache")
        elif stored[key] != expected[key].hex():
            yield Finding("tree", subject, "differs from the hash recomputed from the log entries")


def _compare_root(stack: list[bytes], size: int) -> Iterator[Finding]:
    recomputed = merkle.EMPTY_ROOT if not stack else stack[-1]
    for left in reversed(stack[:-1]):
        recomputed = merkle.node_hash(left, recomputed)
    try:
        cached = tree_root(size)
    except TreeError as error:
        yield Finding("tree", "tree root", f"cannot be computed from the cache: {error}")
        return
    if cached != recomputed:
        yield Finding("tree", "tree root", "of the cache differs from the root of the log entries")


def checkpoint_file_reading() -> tuple[Published | None, Finding | None]:
    """The checkpoint in latest.txt (None: none written yet), or the finding that it is unreadable."""
    try:
        return checkpoint_file_read(), None
    except (note.NoteError, OSError, UnicodeDecodeError) as error:
        return None, Finding("checkpoint", "checkpoint file", f"cannot be read or does not verify: {error}")


def check_checkpoint(
    progress: Progress = None, on_file: tuple[Published | None, Finding | None] | None = None
) -> Iterator[Finding]:
    """The newest checkpoint in the database and the one on file are both extended by the log.
    ``on_file``: the file as read before the run's snapshot began (``checkpoint_file_reading``);
    read now when not given."""
    on_file, unreadable = checkpoint_file_reading() if on_file is None else on_file
    published = []
    latest = checkpoint_latest()
    if latest is not None:
        subject = f"checkpoint {latest.size}"
        try:
            body = note.checkpoint_parse(note.note_open(latest.note, note.verifier_key()))
        except note.NoteError as error:
            yield Finding("checkpoint", subject, f"its signed note does not verify: {error}")
        else:
            if (body.size, body.root.hex()) != (latest.size, latest.root_hash):
                yield Finding("checkpoint", subject, "its columns differ from its signed note")
            published.append(("database", Published(body.size, body.root, latest.note)))
    if unreadable is not None:
        yield unreadable
    if on_file is not None:
        published.append(("file", on_file))
    elif latest is not None and unreadable is None:
        yield Finding("checkpoint", "checkpoint file", "is missing although checkpoints were published")
    size = tree_size()
    for where, prior in published:
        subject = f"checkpoint {prior.size} ({where})"
        if prior.size > size:
            problem = f"was published but the log has only {size} entries: rolled back"
            yield Finding("checkpoint", subject, problem)
            continue
        try:
            root = tree_root(prior.size)
        except TreeError as error:
            yield Finding("checkpoint", subject, f"cannot be compared: {error}")
            continue
        if root != prior.root:
            problem = "the log's first entries no longer hash to its root: rewritten"
            yield Finding("checkpoint", subject, problem)
    if progress:
        progress(1)
