"""The stack's supervisor (scripts/stack_supervise.py; decision 1620): a worker that exits is started
again, as systemd's Restart=always does in production; a stop of the process group ends both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUPERVISE = ROOT / "scripts" / "stack_supervise.py"

pytestmark = pytest.mark.timeout(60)


def _child(log: Path, *, exit_code: int) -> list[str]:
    """A child that notes each start in ``log`` and exits (``exit_code``) or waits for a signal."""
    code = (
        "import sys, time, pathlib\n"
        f"log = pathlib.Path({str(log)!r})\n"
        "with log.open('a') as out: out.write('start\\n')\n"
        f"sys.exit({exit_code}) if {exit_code} else time.sleep(60)\n"
    )
    return [sys.executable, "-c", code]


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _starts(log: Path) -> int:
    return log.read_text().count("start") if log.exists() else 0


def test_a_child_that_exits_is_started_again(tmp_path):
    log = tmp_path / "starts"
    process = subprocess.Popen(
        [sys.executable, str(SUPERVISE), *_child(log, exit_code=1)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        assert _wait(lambda: _starts(log) >= 2, 15), "the child was not started again"
        assert process.poll() is None
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert b"exited with 1; restarting in 5 s" in process.stdout.read()


def test_a_stop_of_the_group_ends_child_and_supervisor_without_a_restart(tmp_path):
    log = tmp_path / "starts"
    process = subprocess.Popen(
        [sys.executable, str(SUPERVISE), *_child(log, exit_code=0)], start_new_session=True
    )
    assert _wait(lambda: _starts(log) == 1, 15)
    os.killpg(process.pid, signal.SIGTERM)  # what scripts/stack.py stop does
    process.wait(timeout=15)  # the supervisor ends (a hang fails here)
    time.sleep(6)  # longer than the restart delay
    assert _starts(log) == 1
