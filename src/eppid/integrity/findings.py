"""What an integrity check reports: one finding per problem, naming the record it concerns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    check: str  # which check saw it: "chain", "records", "files", "tree", "checkpoint", ...
    subject: str  # the record it names, e.g. "log entry 41", "request 35.04-2026-000012"
    problem: str  # one plain sentence: what differs from what was recorded

    def line(self) -> str:
        return f"{self.check}: {self.subject}: {self.problem}"
