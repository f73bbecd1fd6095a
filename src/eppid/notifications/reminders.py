"""Reminders to a unit's PPID, each sent at most once per period (a checklist item going stale,
the week of a missing annual report).

The caller's reminder model holds one row per (unit, what, period) under a unique constraint;
``reminder_send_once`` writes that row and queues the emails in one transaction, so a second run
(or two workers at once) sends nothing new. ``reminders_send_each`` runs a daily job's sends, one
transaction each, so one broken unit stops no other.

Staff mail is Indonesian. A console link is reversed by name (``staff_link``): a renamed page
raises ``NoReverseMatch``, never sends people somewhere else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from eppid.notifications.services import email_queue
from eppid.organisation.roles import ROLE_PERMISSIONS, Permission

STAFF_LANGUAGE = "id"

Item = TypeVar("Item")
Reminder = TypeVar("Reminder")


def staff_to_remind(unit, permission: str) -> list:
    """The active staff of ``unit`` with an email whose role there grants ``permission``."""
    roles = sorted(role for role, granted in ROLE_PERMISSIONS.items() if permission in granted)
    return list(
        get_user_model()
        .objects.filter(memberships__unit=unit, memberships__role__in=roles, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def publishers_to_remind(unit) -> list:
    """The PPID (the roles that publish the information list): they get these reminders."""
    return staff_to_remind(unit, Permission.PUBLISH_INFORMATION)


def staff_link(name: str, *, query: str = "", **kwargs) -> str:
    """The absolute address of page ``name`` for staff mail (Indonesian URLs), with ``query``."""
    with translation.override(STAFF_LANGUAGE):
        path = reverse(name, kwargs=kwargs or None)
    return settings.EPPID_PUBLIC_URL.rstrip("/") + path + (f"?{query}" if query else "")


def reminder_send_once(
    *,
    unit,
    record: Callable[[int], Reminder],
    templates: tuple[str, str],
    context: dict,
    reference: str,
) -> Reminder | None:
    """Record and email one reminder to ``unit``'s PPID; None when it was sent already.

    ``record(recipient_count)`` creates the reminder row; the IntegrityError of its unique
    constraint means another run got there first. ``templates``: the subject and body templates,
    rendered in the staff language with ``context``.
    """
    with transaction.atomic():
        recipients = publishers_to_remind(unit)
        try:
            with transaction.atomic():
                reminder = record(len(recipients))
        except IntegrityError:
            return None
        staff_mail(
            unit=unit, recipients=recipients, templates=templates, context=context, reference=reference
        )
    return reminder


def staff_mail(*, unit, recipients, templates: tuple[str, str], context: dict, reference: str) -> None:
    """Render the subject and body templates once, in the staff language; queue one email to each
    of ``recipients`` (inside the caller's transaction)."""
    subject_template, body_template = templates
    with translation.override(STAFF_LANGUAGE):
        subject = render_to_string(subject_template, context).strip()
        body = render_to_string(body_template, context)
    for person in recipients:
        email_queue(to=person.email, subject=subject, body=body, unit=unit, reference=reference)


def reminders_send_each(
    items: Iterable[Item],
    send: Callable[[Item], Reminder | None],
    *,
    logger: logging.Logger,
    describe: Callable[[Item], str],
) -> list[Reminder]:
    """``send`` each item; a failure is logged (``describe`` names the item) and the rest go on."""
    sent = []
    for item in items:
        try:
            reminder = send(item)
        except Exception:  # one broken unit must not stop the others' reminders
            logger.exception("reminder %s failed", describe(item))
            continue
        if reminder is not None:
            sent.append(reminder)
    return sent
