"""Email subscriptions to a unit's serta merta information: no account, double opt-in.

1. ``subscription_request``: a citizen gives an address on the unit's page; a pending row is
   kept (or found again through the blind index) and a confirmation email with a signed link
   goes out. The answer is the same whether the address was known or not.
2. ``subscription_confirm``: the signed link (``django.core.signing``, its own salt, valid for
   ``EPPID_SUBSCRIPTION_CONFIRM_HOURS``) confirms the subscription.
3. ``serta_merta_notify``: every publication of a serta merta entry queues one email per
   confirmed subscriber of the unit, in the publication's transaction (the outbox sends after
   commit; a publication rolled back sends nothing).
4. ``subscription_end``: the one-click link in every email (own salt, no expiry: an old email
   must still unsubscribe) ends the subscription.

The links name the row's ``row_id`` (a random UUID), never the address. Bad or expired links
raise ``SubscriptionLinkError``; screens show a translated page.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eppid.catalog.choices import Category, SubscriptionStatus
from eppid.catalog.models import UnitSubscription
from eppid.integrity.crypto import blind_index
from eppid.notifications.services import email_queue

CONFIRM_SALT = "eppid.catalog.subscription.confirm"
END_SALT = "eppid.catalog.subscription.end"
EMAIL_MAX = 254
INDEX_PURPOSE = "subscription-email"


class SubscriptionLinkError(Exception):
    """The link is not one of ours, or has expired, or its subscription is gone."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def email_normalise(raw) -> str:
    """The address as one string (case kept in the local part, domain in lower case)."""
    email = str(raw or "").strip()
    if len(email) > EMAIL_MAX:
        raise ValidationError({"email": [_("Enter a valid email address.")]})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("Enter a valid email address.")]}) from None
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def _index(email: str) -> str:
    return blind_index(email.lower(), purpose=INDEX_PURPOSE)


def _language(language: str | None) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = (language or "").split("-")[0]
    return language if language in codes else settings.LANGUAGE_CODE


def _link(name: str, language: str, token: str) -> str:
    with translation.override(language):
        path = reverse(name, kwargs={"token": token})
    return settings.EPPID_PUBLIC_URL.rstrip("/") + path


def confirm_token(subscription) -> str:
    return signing.dumps(str(subscription.row_id), salt=CONFIRM_SALT, compress=False)


def end_token(subscription) -> str:
    return signing.dumps(str(subscription.row_id), salt=END_SALT, compress=False)


def _from_token(token, *, salt: str, max_age=None) -> UnitSubscription:
    try:
        row_id = signing.loads(str(token or "")[:200], salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise SubscriptionLinkError(expired=True) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise SubscriptionLinkError() from None
    subscription = UnitSubscription.objects.select_related("unit").filter(row_id=str(row_id)).first()
    if subscription is None or subscription.email_index is None:  # gone, or cleared by retention
        raise SubscriptionLinkError()
    return subscription


def subscription_from_confirm_token(token) -> UnitSubscription:
    """The subscription a confirmation link names (raises SubscriptionLinkError).

    An ended subscription is not brought back by an old confirmation link: subscribing again
    sends a new one.
    """
    max_age = timedelta(hours=settings.EPPID_SUBSCRIPTION_CONFIRM_HOURS)
    subscription = _from_token(token, salt=CONFIRM_SALT, max_age=max_age)
    if subscription.status == SubscriptionStatus.ENDED:
        raise SubscriptionLinkError()
    return subscription


def subscription_from_end_token(token) -> UnitSubscription:
    """The subscription an unsubscribe link names (raises SubscriptionLinkError)."""
    return _from_token(token, salt=END_SALT)


def _send_confirmation(subscription) -> None:
    language = subscription.language
    context = {
        "unit": subscription.unit,
        "link": _link("portal:subscription-confirm", language, confirm_token(subscription)),
        "hours": settings.EPPID_SUBSCRIPTION_CONFIRM_HOURS,
    }
    with translation.override(language):
        subject = render_to_string("catalog/email/subscription_confirm_subject.txt", context).strip()
        body = render_to_string("catalog/email/subscription_confirm_body.txt", context)
    email_queue(
        to=subscription.email, subject=subject, body=body, unit=subscription.unit, reference="subscription"
    )


def subscription_request(*, unit, email, language: str | None = None) -> UnitSubscription | None:
    """Ask for a confirmation email for ``email`` and ``unit``; None when already confirmed.

    A confirmed address gets nothing more (and the caller says the same as for a new one, so the
    page tells no one whether an address is subscribed).
    """
    email = email_normalise(email)
    index = _index(email)
    now = timezone.now()
    try:
        with transaction.atomic():
            subscription = (
                UnitSubscription.objects.select_for_update().filter(unit=unit, email_index=index).first()
            )
            if subscription is None:
                subscription = UnitSubscription.objects.create(
                    unit=unit, email=email, email_index=index, inactive_since=now
                )
            elif subscription.status == SubscriptionStatus.CONFIRMED:
                return None
            subscription.status = SubscriptionStatus.PENDING
            subscription.language = _language(language)
            subscription.email = email
            subscription.ended_at = None
            subscription.inactive_since = now
            subscription.save()
            _send_confirmation(subscription)
    except IntegrityError:  # the same address at the same moment: the other request sends
        return None
    return subscription


def subscription_confirm(*, token) -> UnitSubscription:
    """Confirm the subscription of a confirmation link (a second click changes nothing)."""
    subscription = subscription_from_confirm_token(token)
    with transaction.atomic():
        subscription = (
            UnitSubscription.objects.select_for_update(of=("self",), no_key=True)
            .select_related("unit")
            .get(pk=subscription.pk)
        )
        if subscription.status == SubscriptionStatus.ENDED:  # ended since the link was read
            raise SubscriptionLinkError()
        if subscription.status != SubscriptionStatus.CONFIRMED:
            subscription.status = SubscriptionStatus.CONFIRMED
            subscription.confirmed_at = timezone.now()
            subscription.ended_at = None
            subscription.inactive_since = None
            subscription.save()
    return subscription


def subscription_end(*, token) -> UnitSubscription:
    """End the subscription of an unsubscribe link (a second click changes nothing)."""
    subscription = subscription_from_end_token(token)
    with transaction.atomic():
        subscription = (
            UnitSubscription.objects.select_for_update(of=("self",), no_key=True)
            .select_related("unit")
            .get(pk=subscription.pk)
        )
        if subscription.status != SubscriptionStatus.ENDED:
            now = timezone.now()
            subscription.status = SubscriptionStatus.ENDED
            subscription.ended_at = now
            subscription.inactive_since = now
            subscription.save()
    return subscription


def serta_merta_notify(*, entry, version) -> int:
    """Queue one email per confirmed subscriber of the entry's unit; call inside the publication's
    transaction. Returns how many were queued (none for an entry that is not serta merta)."""
    if version.category != Category.IMMEDIATE:
        return 0
    subscribers = UnitSubscription.objects.filter(unit_id=entry.unit_id, status=SubscriptionStatus.CONFIRMED)
    count = 0
    for subscription in subscribers.select_related("unit").order_by("pk"):
        language = subscription.language
        with translation.override(language):
            path = reverse("portal:information-entry", kwargs={"pk": entry.pk})
        unsubscribe = _link("portal:subscription-end", language, end_token(subscription))
        context = {
            "unit": entry.unit,
            "version": version,
            "link": settings.EPPID_PUBLIC_URL.rstrip("/") + path,
            "unsubscribe": unsubscribe,
        }
        with translation.override(language):
            subject = render_to_string("catalog/email/serta_merta_subject.txt", context).strip()
            body = render_to_string("catalog/email/serta_merta_body.txt", context)
        email_queue(
            to=subscription.email,
            subject=subject,
            body=body,
            unit=entry.unit,
            reference=f"information-{entry.pk}",
            list_unsubscribe=unsubscribe,
        )
        count += 1
    return count
