"""The server side of the verification worker (``verify_worker``): a small pool per process.

Each server process (runserver, a gunicorn worker, a test worker) keeps at most ``size``
workers, started on first use and reused: starting one costs about a second of CPU (importing
pyHanko), checking an e-PPID document a few milliseconds. A worker is replaced after
``MAX_JOBS`` jobs, after ``IDLE_SECONDS`` without work, after any failure, and when it reports
that it ran out of memory. A job that outlives its wall-clock timeout has its worker killed.
Nothing here knows Django: ``verification`` passes settings in.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import selectors
import signal
import subprocess  # nosec B404 - starts our own worker module with the running interpreter
import sys
import threading
import time
from pathlib import Path

from eppid.signing.verify_worker import HEADER

logger = logging.getLogger("eppid.signing")

MAX_JOBS = 200
IDLE_SECONDS = 600
SPAWN_SECONDS = 60  # importing pyHanko on a machine busy with other work
SOURCE_ROOT = str(Path(__file__).resolve().parent.parent.parent)  # the folder holding eppid/
WORKER_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "TZ", "TMPDIR")


class VerifierUnavailable(Exception):
    """No worker could take the job, or finish it, in time: try again later (503)."""


class BudgetExceeded(Exception):
    """The worker ran out of CPU time or memory, or died, on this file (``reason``)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Worker:
    def __init__(self):
        # The worker reads hostile input: it gets no secret, database address or key path.
        env = {name: os.environ[name] for name in WORKER_ENVIRONMENT if name in os.environ}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [SOURCE_ROOT, os.environ.get("PYTHONPATH")]))
        self.process = subprocess.Popen(  # nosec B603 - fixed argument list, no shell
            [sys.executable, "-m", "eppid.signing.verify_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            close_fds=True,
        )
        os.set_blocking(self.process.stdin.fileno(), False)
        self.jobs = 0
        self.idle_since = time.monotonic()
        answer = self._exchange(b"", time.monotonic() + SPAWN_SECONDS, what="start")
        if answer != {"ready": True}:
            self.kill()
            raise VerifierUnavailable("the verification worker did not start")

    @property
    def pid(self) -> int:
        return self.process.pid

    def usable(self) -> bool:
        fresh = time.monotonic() - self.idle_since < IDLE_SECONDS
        return fresh and self.jobs < MAX_JOBS and self.process.poll() is None

    def call(self, params: dict, data: bytes, timeout: float) -> dict:
        self.jobs += 1
        header = json.dumps(params).encode()
        out = HEADER.pack(len(header)) + header + HEADER.pack(len(data))
        answer = self._exchange(out + data, time.monotonic() + timeout, what="job")
        self.idle_since = time.monotonic()
        return answer

    def _exchange(self, out: bytes, deadline: float, *, what: str) -> dict:
        """Write ``out``, then read one answer frame, all before ``deadline``."""
        view, written = memoryview(out), 0
        received = bytearray()
        length = None
        with selectors.DefaultSelector() as selector:
            if out:
                selector.register(self.process.stdin, selectors.EVENT_WRITE)
            selector.register(self.process.stdout, selectors.EVENT_READ)
            while length is None or len(received) < HEADER.size + length:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.kill()
                    logger.warning("verification worker %s killed: %s took too long", self.pid, what)
                    raise VerifierUnavailable("timeout")
                for key, _events in selector.select(remaining):
                    if key.fileobj is self.process.stdin:
                        try:
                            written += os.write(self.process.stdin.fileno(), view[written : written + 65536])
                        except BlockingIOError:
                            continue
                        except BrokenPipeError:
                            selector.unregister(self.process.stdin)
                            continue
                        if written == len(out):
                            selector.unregister(self.process.stdin)
                        continue
                    chunk = os.read(self.process.stdout.fileno(), 65536)
                    if not chunk:
                        self._died(what)
                    received += chunk
                    if length is None and len(received) >= HEADER.size:
                        (length,) = HEADER.unpack_from(received)
        try:
            return json.loads(bytes(received[HEADER.size : HEADER.size + length]))
        except ValueError:
            self.kill()
            raise BudgetExceeded("crash") from None

    def _died(self, what: str):
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)  # end of output: the worker is ending, let it
        self.kill()
        code = self.process.returncode
        reason = {-signal.SIGXCPU: "cpu", -signal.SIGKILL: "memory"}.get(code, "crash")
        logger.warning("verification worker %s ended (exit %s) during %s: %s", self.pid, code, what, reason)
        if what == "start":
            raise VerifierUnavailable("the verification worker did not start")
        raise BudgetExceeded(reason)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL is not ignored
            logger.error("verification worker %s did not end after SIGKILL", self.pid)
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()

    def close(self) -> None:
        """Let an idle worker leave on its own (end of input), or kill it."""
        try:
            self.process.stdin.close()
            self.process.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


class WorkerPool:
    def __init__(self):
        self._changed = threading.Condition()
        self._idle: list[_Worker] = []
        self._busy = 0

    @property
    def busy(self) -> int:
        """Workers checking a file right now (or starting)."""
        return self._busy

    def idle_pids(self) -> list[int]:
        with self._changed:
            return [worker.pid for worker in self._idle]

    def _take(self, size: int, deadline: float) -> _Worker | None:
        """An idle worker, or None when the caller may start one; waits up to ``deadline``."""
        stale = []
        try:
            with self._changed:
                while True:
                    while self._idle:
                        worker = self._idle.pop()
                        if worker.usable():
                            self._busy += 1
                            return worker
                        stale.append(worker)
                    if self._busy < size:
                        self._busy += 1
                        return None
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise VerifierUnavailable("busy")
                    self._changed.wait(remaining)
        finally:
            for worker in stale:
                worker.close()

    def _give_back(self, worker: _Worker | None) -> None:
        with self._changed:
            self._busy -= 1
            if worker is not None:
                self._idle.append(worker)
            self._changed.notify()

    def run(self, params: dict, data: bytes, *, timeout: float, size: int) -> dict:
        """The worker's answer to one job. Raises VerifierUnavailable or BudgetExceeded."""
        worker = self._take(size, time.monotonic() + timeout)
        keep = None
        try:
            if worker is None:
                try:
                    worker = _Worker()
                except OSError as exc:
                    logger.error("cannot start a verification worker: %s", exc)
                    raise VerifierUnavailable("the verification worker did not start") from exc
            answer = worker.call(params, data, timeout)
            if answer.get("error") == "memory":
                raise BudgetExceeded("memory")
            keep = worker
            return answer
        finally:
            if keep is None and worker is not None:
                worker.kill()
            self._give_back(keep)

    def close(self) -> None:
        with self._changed:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.close()


_pools: dict[int, WorkerPool] = {}
_pools_lock = threading.Lock()


def pool() -> WorkerPool:
    """This process's pool (a forked server process gets its own, never its parent's)."""
    pid = os.getpid()
    with _pools_lock:
        if pid not in _pools:
            _pools.clear()
            _pools[pid] = WorkerPool()
        return _pools[pid]


@atexit.register
def _pools_close() -> None:
    current = _pools.get(os.getpid())
    if current is not None:
        current.close()
