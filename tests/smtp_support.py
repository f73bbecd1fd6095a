"""A real SMTP server on loopback (aiosmtpd) for the outbox tests."""

from __future__ import annotations

import email
import email.policy
import socket

import environ
import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    def __init__(self):
        self.messages = []
        self.refuse_recipients = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_recipients:
            return f"550 5.1.1 <{address}>: no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SmtpServer:
    """Start, stop and start again on the same port: the mail server going down and coming back."""

    def __init__(self):
        self.port = free_port()
        self.recorder = Recorder()
        self.controller = None

    @property
    def messages(self):
        return self.recorder.messages

    def start(self):
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(settings):
    server = SmtpServer()
    # Configured the way settings.py does it: from an EMAIL_URL.
    settings.EMAIL_URL = f"smtp://127.0.0.1:{server.port}"
    for name, value in environ.Env.email_url_config(settings.EMAIL_URL).items():
        setattr(settings, name, value)
    settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()
