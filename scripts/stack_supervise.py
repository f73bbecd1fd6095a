#!/usr/bin/env python3
"""Keep one process of the stack running, as systemd's ``Restart=always`` / ``RestartSec=5`` does
for the worker and the scheduler in production (docs/operations.md section 14).

    .venv/bin/python scripts/stack_supervise.py COMMAND [ARGS...]

The task worker (django-tasks-db's ``db_worker``) exits when the database goes away (a restart of
PostgreSQL); without a supervisor the stack would have no worker afterwards, which production does
not have either. ``scripts/stack.py stop`` signals the whole process group: on SIGTERM the child
finishes what it is doing and this supervisor waits for it and exits without restarting it; a
SIGKILL of the group (``stack.py kill``, the fault scripts) ends both at once.
"""

from __future__ import annotations

import signal
import subprocess  # noqa: S404 - the stack's own programs
import sys
import time

RESTART_SECONDS = 5


def main(command: list[str]) -> int:
    stopping = False

    def on_term(signum, frame) -> None:
        nonlocal stopping
        stopping = True  # the child got the signal too (same process group)

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    while True:
        child = subprocess.Popen(command)  # noqa: S603 - our own programs
        code = child.wait()
        if stopping:
            return code
        print(f"supervisor: {command[-2:]} exited with {code}; restarting in {RESTART_SECONDS} s", flush=True)
        deadline = time.monotonic() + RESTART_SECONDS
        while not stopping and time.monotonic() < deadline:
            time.sleep(0.2)
        if stopping:
            return code


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
