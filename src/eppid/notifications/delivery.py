"""Turning a stored email into a message for Django's mail backend, and a failure into a short,
impersonal reason (an SMTP server's reply may quote the recipient's address: never kept)."""

from __future__ import annotations

import hashlib
import smtplib
import socket
import ssl

from django.core.mail import EmailMessage

from eppid.integrity.fields import encrypted_file_read
from eppid.notifications.models import OutboundEmail


class DeliveryError(Exception):
    """A stored email that cannot be turned into a message (its bytes no longer match)."""


def message_build(email: OutboundEmail) -> EmailMessage:
    headers = {"X-EPPID-Reference": email.reference} if email.reference else {}
    if email.list_unsubscribe:
        # RFC 2369 and RFC 8058: the mail program offers "unsubscribe" and POSTs to the address.
        headers["List-Unsubscribe"] = f"<{email.list_unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        to=[email.to],
        headers=headers or None,
    )
    for attachment in email.attachments.all():
        content = encrypted_file_read(attachment, "content")
        if hashlib.sha256(content).hexdigest() != attachment.sha256:
            raise DeliveryError("attachment does not match its hash")
        message.attach(attachment.filename, content, attachment.content_type)
    return message


def failure_describe(error: BaseException) -> tuple[str, bool]:
    """(reason for staff, permanent?) - permanent failures are not retried."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _reply in error.recipients.values()})
        permanent = bool(codes) and all(code >= 500 for code in codes)
        return f"SMTP {','.join(map(str, codes))}: recipient refused", permanent
    if isinstance(error, smtplib.SMTPSenderRefused):
        return f"SMTP {error.smtp_code}: sender refused", False
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"SMTP {error.smtp_code}: authentication failed", False
    if isinstance(error, smtplib.SMTPResponseException):
        return f"SMTP {error.smtp_code}: message refused", error.smtp_code >= 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "SMTP server disconnected", False
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (mail server down?)", False
    if isinstance(error, TimeoutError | socket.timeout):
        return "mail server timed out", False
    if isinstance(error, ssl.SSLError):
        return "TLS error", False
    if isinstance(error, socket.gaierror):
        return "mail server name not found", False
    if isinstance(error, DeliveryError):
        return str(error), True
    if isinstance(error, OSError):
        return f"network error ({type(error).__name__}, errno {error.errno})", False
    return f"unexpected error ({type(error).__name__})", False
