"""Files written during a transaction, deleted again when it does not commit: a service writes
its files inside ``files_undone_on_failure()`` around its ``transaction.atomic()``."""

from __future__ import annotations

import contextlib
from contextlib import contextmanager

from django.core.files.storage import default_storage


class FileJournal:
    """Files written during a transaction; deleted again when the transaction does not commit."""

    def __init__(self):
        self.names: list[str] = []

    def add(self, name: str) -> str:
        if name:
            self.names.append(name)
        return name

    def discard(self) -> None:
        for name in self.names:
            with contextlib.suppress(OSError):  # nothing more can be done here
                default_storage.delete(name)


@contextmanager
def files_undone_on_failure():
    """A ``FileJournal`` whose files are deleted when the block raises."""
    journal = FileJournal()
    try:
        yield journal
    except BaseException:
        journal.discard()
        raise
