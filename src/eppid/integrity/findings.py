"""What an integrity check reports: one finding per problem, naming the record it concerns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    check: str  # which check saw it: "chain", "records", "files", "tree", "checkpoint", ...
    subject: str  # the record it names, e.g. "log entry 41", "request 35.04-2026-000012"
    problem: str  # one plain sentence: what differs from what was recorded
    # A stored file is outside the run's database snapshot: its row may have moved on to another
    # file since (rotate_keys, a draft's document removed). ``holds()`` reads it all again and
    # says whether the finding still stands; None: it is about the snapshot alone and stands.
    holds: Callable[[], bool] | None = field(default=None, compare=False, repr=False)

    def line(self) -> str:
        return f"{self.check}: {self.subject}: {self.problem}"


RECHECKS = 3  # times a finding is read again while its row keeps changing


def read_again(state: Callable[[], tuple | None], problem: Callable[[object], bool]) -> Callable[[], bool]:
    """A ``Finding.holds`` for a stored file: ``state()`` reads the row anew as ``(key, row)``
    (None: it is gone), ``problem(row)`` tests it. The finding holds when the problem is seen
    on a row whose ``key`` (its file names, its last entry) did not change while it was tested;
    a row that moved on meanwhile is read once more, a few times at most."""

    def holds() -> bool:
        for _ in range(RECHECKS):
            before = state()
            if before is None or not problem(before[1]):
                return False  # gone, or right now: a deletion is check_records' to judge
            after = state()
            if after is not None and after[0] == before[0]:
                return True
        return True

    return holds
