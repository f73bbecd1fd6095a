"""Requests in every state for the register and reminder tests (not a test module)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from tests.disclosure_support import pdf_upload, request_data

from eppid.disclosure.services import (
    request_decide,
    request_extend,
    request_forward,
    request_start,
    request_submit,
    request_withdraw,
)

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def urls_loaded():
    """Import every URL module (and so the API's schemas) before a test freezes time: a module
    first imported under freezegun binds its ``datetime`` names to freezegun's fakes."""
    from django.urls import get_resolver

    assert get_resolver().url_patterns


def at(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


def walk_in(received_at: datetime, actor, **overrides):
    """A request registered at the desk, received at ``received_at`` (in the past)."""
    return request_submit(
        data=request_data(**overrides),
        identity_document=pdf_upload(),
        channel="walk_in",
        received_at=received_at,
        actor=actor,
    ).request


def online(**overrides):
    return request_submit(data=request_data(**overrides), identity_document=pdf_upload()).request


__all__ = [
    "at",
    "urls_loaded",
    "online",
    "request_decide",
    "request_extend",
    "request_forward",
    "request_start",
    "request_withdraw",
    "walk_in",
]
