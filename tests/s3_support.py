"""moto's S3 server on loopback, from our own venv (PyPI): a test double of S3's wire protocol,
not of AWS's durability or consistency (decision 1461). Import ``s3_server`` into a test module."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - moto's server from our own venv
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        if time.monotonic() > deadline:
            server.kill()
            pytest.fail("moto_server did not start")
        time.sleep(0.2)
    yield endpoint
    server.terminate()
    server.wait(timeout=10)
