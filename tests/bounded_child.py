"""Run a parser on hostile input in a child process with a memory cap, and time each input.

``BoundedChild(memory_mb)`` starts one Python process that loads Django once, caps its address
space at what it has mapped then plus ``memory_mb`` (RLIMIT_AS: an allocation past it is a
``MemoryError``, not a swap storm), and then runs ``run(target, data)`` calls one at a time. Each
answer says what the target did (``accepted``, a ``ValidationError`` code, ``MemoryError``, or
``crash: <exception>``) and the CPU seconds the input cost. A call that takes longer than its
wall-clock limit kills the child (the next call starts a new one) and is reported as
``timeout``. Not a test module: the parser fuzz tests use it (tests/test_parser_fuzz.py).
"""

from __future__ import annotations

import json
import os
import selectors
import struct
import subprocess
import sys
import time
from dataclasses import dataclass

CHILD = r"""
import io, json, resource, struct, sys, time, traceback
import django
django.setup()
from django.core.exceptions import ValidationError

from eppid.catalog.uploads import pdf_check
from eppid.core.uploads import upload_inspect
from eppid.disclosure.identity import legal_entity_number_check, nik_check

TARGETS = {
    "nik": lambda data: nik_check(data.decode("utf-8", "surrogatepass")),
    "decree": lambda data: legal_entity_number_check(data.decode("utf-8", "surrogatepass")),
    "upload": lambda data: upload_inspect(data, max_bytes=len(data)),
    "upload_strip": lambda data: upload_inspect(data, max_bytes=len(data), active_content="strip"),
    "catalog_pdf": lambda data: pdf_check(io.BytesIO(data), name="x.pdf"),
}
# Warm up (lazy imports, the unit table, the translation catalogue) so no input pays for them.
for target in TARGETS.values():
    for sample in (b"", b"3504014101900001", b"%PDF-1.4\n%%EOF\n"):
        try:
            target(sample)
        except Exception:
            pass
with open("/proc/self/status") as status:
    size = next(int(line.split()[1]) for line in status if line.startswith("VmSize:")) * 1024
budget = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (size + budget, resource.getrlimit(resource.RLIMIT_AS)[1]))
stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
stdout.write(b"ready\n"); stdout.flush()
while True:
    header = stdin.read(8)
    if len(header) < 8:
        break
    name_size, data_size = struct.unpack(">II", header)
    name, data = stdin.read(name_size).decode(), stdin.read(data_size)
    started = time.process_time()
    try:
        TARGETS[name](data)
        outcome = "accepted"
    except ValidationError as error:
        outcome = error.code or "invalid"
    except MemoryError:
        outcome = "MemoryError"
    except BaseException as error:
        outcome = "crash: " + "".join(traceback.format_exception_only(error)).strip()[-500:]
    answer = {"outcome": outcome, "cpu_seconds": time.process_time() - started}
    stdout.write(json.dumps(answer).encode() + b"\n"); stdout.flush()
"""


@dataclass(frozen=True)
class Answer:
    outcome: str
    cpu_seconds: float
    wall_seconds: float


class BoundedChild:
    def __init__(self, memory_mb: int):
        self.memory_mb = memory_mb
        self.process: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        process = subprocess.Popen(  # noqa: S603 - our interpreter, our script
            [sys.executable, "-c", CHILD, str(self.memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        if self._line(process, 120) != b"ready\n":
            process.kill()
            raise RuntimeError("the bounded child did not start")
        return process

    @staticmethod
    def _line(process: subprocess.Popen, timeout: float) -> bytes | None:
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                return None
        return process.stdout.readline()

    def run(self, target: str, data: bytes, *, wall_seconds: float) -> Answer:
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        name = target.encode()
        started = time.monotonic()
        self.process.stdin.write(struct.pack(">II", len(name), len(data)) + name + data)
        self.process.stdin.flush()
        line = self._line(self.process, wall_seconds)
        wall = time.monotonic() - started
        if not line:
            self.close()
            return Answer("timeout" if line is None else "died", wall, wall)
        answer = json.loads(line)
        return Answer(answer["outcome"], answer["cpu_seconds"], wall)

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None
