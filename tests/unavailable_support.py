"""Servers that are not there, for the tests of the database or Redis out of reach
(tests/test_core_unavailable*.py): a port nothing listens on, and one that never answers."""

from __future__ import annotations

import socket
from contextlib import contextmanager


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def silent_listener():
    """A TCP port that accepts connections and never answers: a server that hangs."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]
