"""Serta merta (immediate) information: the banner while fresh, the Atom feed, and the email
subscription without an account (double opt-in, one email per publication, one-click unsubscribe)."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time
from tests.catalog_support import catalog_staff, published, unit, verify

from eppid.catalog import subscriptions
from eppid.catalog.choices import SubscriptionStatus
from eppid.catalog.models import UnitSubscription
from eppid.catalog.selectors import information_urgent
from eppid.integrity.retention import retention_apply
from eppid.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
URGENT = {"category": "immediate", "type": "public_threat"}


@pytest.fixture
def staff(make_staff):
    return catalog_staff(make_staff)


def urgent(officer, ppid, code="35.04", title="Peringatan banjir bandang", **extra):
    return published(officer, ppid, code, title=title, **URGENT, **extra)


def links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def subscribe(client, email="warga@example.org", code="35.04", language=""):
    prefix = f"/{language}" if language else ""
    with translation.override(language or "id"):
        url = reverse("portal:unit-subscribe", kwargs={"code": code})
    return client.post(url if not prefix or url.startswith(prefix) else prefix + url, {"email": email})


def confirm_link(email="warga@example.org") -> str:
    [mail] = [m for m in OutboundEmail.objects.filter(reference="subscription") if m.to == email][-1:]
    return path_of(links(mail.body)[0])


# --- The banner ---------------------------------------------------------------------------------


def test_a_fresh_serta_merta_entry_is_a_banner_on_its_unit_and_the_home_page(client, staff):
    officer, ppid = staff
    entry = urgent(officer, ppid)
    published(officer, ppid, title="Laporan berkala biasa")
    for url in (reverse("portal:unit", kwargs={"code": "35.04"}), reverse("portal:home")):
        page = client.get(url).content.decode()
        assert "notification-banner" in page and "Peringatan banjir bandang" in page, url
        assert f"/informasi/{entry.pk}/" in page
        assert "Laporan berkala biasa" not in page
    home = client.get("/").content.decode()
    assert "Informasi serta merta" in home and "/informasi/?category=immediate" in home
    assert "Urgent information (serta merta)" in client.get("/en/").content.decode()


def test_the_banner_goes_when_the_entry_is_no_longer_fresh(client, staff, settings):
    officer, ppid = staff
    settings.EPPID_SERTA_MERTA_FRESH_DAYS = 14
    entry = urgent(officer, ppid)
    day13 = timezone.now() + timedelta(days=13)
    assert [e.pk for e in information_urgent(now=day13)] == [entry.pk]
    day15 = timezone.now() + timedelta(days=15)
    assert information_urgent(now=day15) == [] and information_urgent(unit=unit("35.04"), now=day15) == []
    with freeze_time(day15):
        for url in ("/", reverse("portal:unit", kwargs={"code": "35.04"})):
            assert "notification-banner" not in client.get(url).content.decode()
    settings.EPPID_SERTA_MERTA_FRESH_DAYS = 30
    assert [e.pk for e in information_urgent(now=day15)] == [entry.pk]


def test_a_units_banner_shows_only_its_own_entries(client, staff, make_staff):
    officer, ppid = staff
    urgent(officer, ppid, title="Banjir di Blitar")
    other_officer, other_ppid = catalog_staff(make_staff, "32.01")
    urgent(other_officer, other_ppid, code="32.01", title="Longsor di Bogor")
    page = client.get(reverse("portal:unit", kwargs={"code": "35.04"})).content.decode()
    assert "Banjir di Blitar" in page and "Longsor di Bogor" not in page
    home = client.get("/").content.decode()
    assert "Banjir di Blitar" in home and "Longsor di Bogor" in home


def test_urgent_selector_is_one_query(staff, django_assert_num_queries):
    officer, ppid = staff
    urgent(officer, ppid, title="Satu")
    urgent(officer, ppid, title="Dua")
    with django_assert_num_queries(1):
        titles = [entry.current.title + entry.unit.name for entry in information_urgent()]
    assert len(titles) == 2


def test_serta_merta_entries_are_in_the_atom_feed(client, staff):
    officer, ppid = staff
    urgent(officer, ppid)
    for query in ("", "?category=immediate"):
        feed = ET.fromstring(client.get(f"/api/v1/information.atom{query}").content)  # noqa: S314
        titles = [item.find(f"{ATOM}title").text for item in feed.findall(f"{ATOM}entry")]
        assert "Peringatan banjir bandang" in titles, query


# --- Subscriptions --------------------------------------------------------------------------------


def test_subscribe_confirm_publish_email_unsubscribe(client, staff):
    officer, ppid = staff
    response = subscribe(client)
    assert response.status_code == 200
    [subscription] = UnitSubscription.objects.all()
    assert subscription.status == SubscriptionStatus.PENDING
    assert "warga@example.org" not in str(UnitSubscription.objects.values_list("email", flat=True)[0])

    # No email to an unconfirmed address when something urgent is published.
    urgent(officer, ppid, title="Sebelum konfirmasi")
    assert not OutboundEmail.objects.exclude(reference="subscription").exists()

    link = confirm_link()
    page = client.get(link)
    assert page.status_code == 200 and "<form" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING  # GET changes nothing
    assert client.post(link).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED and subscription.inactive_since is None

    entry = urgent(officer, ppid, title="Jembatan putus")
    published(officer, ppid, title="Laporan berkala")  # not serta merta: no email
    [mail] = OutboundEmail.objects.filter(reference=f"information-{entry.pk}")
    assert OutboundEmail.objects.exclude(reference="subscription").count() == 1
    assert mail.to == "warga@example.org" and "Jembatan putus" in mail.subject
    assert f"/informasi/{entry.pk}/" in mail.body
    unsubscribe = path_of(links(mail.body)[-1])

    page = client.get(unsubscribe)
    assert page.status_code == 200 and "<form" in page.content.decode()
    assert client.post(unsubscribe).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ENDED
    assert client.post(unsubscribe).status_code == 200  # a second click changes nothing

    urgent(officer, ppid, title="Sesudah berhenti")
    assert OutboundEmail.objects.exclude(reference="subscription").count() == 1
    assert verify()[0] == 0


def test_every_confirmed_subscriber_gets_one_email(client, staff, make_staff):
    officer, ppid = staff
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        subscribe(client, email)
    for email in ("a@example.org", "b@example.org"):
        client.post(confirm_link(email))
    other_officer, other_ppid = catalog_staff(make_staff, "32.01")
    urgent(other_officer, other_ppid, code="32.01")  # another unit: nobody here is told
    entry = urgent(officer, ppid)
    mails = OutboundEmail.objects.filter(reference__startswith="information-")
    assert sorted(mail.to for mail in mails) == ["a@example.org", "b@example.org"]
    assert {mail.reference for mail in mails} == {f"information-{entry.pk}"}


def test_a_new_version_of_a_serta_merta_entry_is_sent_again(client, staff):
    from eppid.catalog.services import entry_publish, entry_version_start

    officer, ppid = staff
    subscribe(client)
    client.post(confirm_link())
    entry = urgent(officer, ppid)
    entry = entry_publish(entry=entry_version_start(entry=entry, actor=officer), actor=ppid)
    assert OutboundEmail.objects.filter(reference=f"information-{entry.pk}").count() == 2


def test_the_same_answer_for_a_known_address_and_no_second_row(client):
    first = subscribe(client).content.decode()
    client.post(confirm_link())
    again = subscribe(client, "Warga@EXAMPLE.org")
    assert again.status_code == 200
    assert UnitSubscription.objects.count() == 1
    assert OutboundEmail.objects.filter(reference="subscription").count() == 1  # confirmed: nothing
    assert re.sub(r"csrfmiddlewaretoken[^>]*", "", first) == re.sub(
        r"csrfmiddlewaretoken[^>]*", "", again.content.decode()
    )


def test_an_english_subscriber_gets_english_mail(client):
    client.post("/en/units/35.04/langganan/", {"email": "reader@example.org"})
    [mail] = OutboundEmail.objects.all()
    assert mail.subject.startswith("Confirm your subscription")
    assert "/en/" in links(mail.body)[0]


@pytest.mark.parametrize("email", ["", "bukan-email", "a@" + "b" * 300 + ".org", "x@y\n.org"])
def test_a_bad_address_is_a_clear_error_and_changes_nothing(client, email):
    response = subscribe(client, email)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not UnitSubscription.objects.exists() and not OutboundEmail.objects.exists()


def test_an_unknown_unit_is_404(client):
    assert client.post("/units/99.99/langganan/", {"email": "a@example.org"}).status_code == 404


@pytest.mark.parametrize("name", ["portal:subscription-confirm", "portal:subscription-end"])
@pytest.mark.parametrize("token", ["rusak", "a" * 500, "x:y:z", "%00"])
def test_a_bad_link_is_a_translated_page_not_a_500(client, name, token):
    url = reverse(name, kwargs={"token": token})
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 400
        assert "Tautan ini tidak berfungsi" in response.content.decode()
    with translation.override("en"):
        english = client.get(reverse(name, kwargs={"token": token}))
    assert "This link does not work" in english.content.decode()


def test_a_confirmation_link_of_the_wrong_kind_does_not_work(client):
    subscribe(client)
    subscription = UnitSubscription.objects.get()
    end = reverse("portal:subscription-confirm", kwargs={"token": subscriptions.end_token(subscription)})
    assert client.post(end).status_code == 400
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING


def test_an_expired_confirmation_link_says_so(client, settings):
    settings.EPPID_SUBSCRIPTION_CONFIRM_HOURS = 1
    subscribe(client)
    subscription = UnitSubscription.objects.get()
    old = signing.TimestampSigner(salt=subscriptions.CONFIRM_SALT)
    token = old.sign_object(str(subscription.row_id))
    assert client.post(reverse("portal:subscription-confirm", kwargs={"token": token})).status_code == 200
    subscription.refresh_from_db()
    subscription.status = SubscriptionStatus.PENDING
    subscription.save()
    with freeze_time(timezone.now() + timedelta(hours=2)):
        response = client.post(reverse("portal:subscription-confirm", kwargs={"token": token}))
    assert response.status_code == 400
    assert "kedaluwarsa" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING


def test_the_subscribe_form_is_rate_limited(client, settings):
    settings.EPPID_RATE_LIMITS = {**settings.EPPID_RATE_LIMITS, "information-subscribe": "2/h"}
    for n in range(2):
        assert subscribe(client, f"w{n}@example.org").status_code == 200
    assert subscribe(client, "w9@example.org").status_code == 429
    assert UnitSubscription.objects.count() == 2


def test_retention_clears_the_address_of_an_ended_subscription(client, settings):
    settings.EPPID_SUBSCRIPTION_RETENTION_DAYS = 30
    subscribe(client)
    client.post(confirm_link())
    subscription = UnitSubscription.objects.get()
    retention_apply(now=timezone.now() + timedelta(days=60))
    subscription.refresh_from_db()
    assert subscription.email == "warga@example.org"  # confirmed: kept
    client.post(reverse("portal:subscription-end", kwargs={"token": subscriptions.end_token(subscription)}))
    retention_apply(now=timezone.now() + timedelta(days=31))
    subscription.refresh_from_db()
    assert subscription.email == "" and subscription.email_index is None
    assert (
        client.get(
            reverse("portal:subscription-end", kwargs={"token": subscriptions.end_token(subscription)})
        ).status_code
        == 400
    )
    assert verify()[0] == 0


def test_the_unit_page_offers_the_form_without_javascript(client):
    page = client.get(reverse("portal:unit", kwargs={"code": "35.04"})).content.decode()
    assert 'action="/units/35.04/langganan/"' in page and 'name="email"' in page
    assert client.get("/units/35.04/langganan/").status_code == 200


def test_each_email_carries_a_one_click_list_unsubscribe(client, staff):
    from django.test import Client

    from eppid.notifications.delivery import message_build

    officer, ppid = staff
    subscribe(client)
    client.post(confirm_link())
    entry = urgent(officer, ppid)
    [mail] = OutboundEmail.objects.filter(reference=f"information-{entry.pk}")
    message = message_build(mail).message()
    header = message["List-Unsubscribe"]
    assert header == f"<{mail.list_unsubscribe}>" and mail.list_unsubscribe in mail.body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # RFC 8058: the mail program POSTs without cookies or a CSRF token.
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(path_of(mail.list_unsubscribe), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert UnitSubscription.objects.get().status == SubscriptionStatus.ENDED
    # The confirmation email has no such header: there is nothing to unsubscribe from yet.
    confirmation = OutboundEmail.objects.get(reference="subscription")
    assert "List-Unsubscribe" not in message_build(confirmation).message()


def test_the_confirmation_keeps_its_csrf_check(client):
    from django.test import Client

    subscribe(client)
    assert Client(enforce_csrf_checks=True).post(confirm_link()).status_code == 403
    assert UnitSubscription.objects.get().status == SubscriptionStatus.PENDING


@pytest.mark.parametrize(
    "bad", ["mailto:x@example.org", "https://a b", "https://x\r\nBcc: y", "javascript:1"]
)
def test_the_outbox_refuses_a_bad_unsubscribe_address(bad):
    from django.core.exceptions import ValidationError

    from eppid.notifications.services import email_queue

    with pytest.raises(ValidationError):
        email_queue(to="a@example.org", subject="s", body="b", list_unsubscribe=bad)
    assert not OutboundEmail.objects.exists()


def test_an_old_confirmation_link_does_not_bring_back_an_ended_subscription(client):
    subscribe(client)
    link = confirm_link()
    client.post(link)
    subscription = UnitSubscription.objects.get()
    client.post(reverse("portal:subscription-end", kwargs={"token": subscriptions.end_token(subscription)}))
    assert client.post(link).status_code == 400
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ENDED
    # Subscribing again works: a new confirmation email.
    subscribe(client)
    client.post(confirm_link())
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED


def test_pages_with_a_token_are_not_cached_indexed_or_referred(client):
    subscribe(client)
    response = client.get(confirm_link())
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer" and "noindex" in response["X-Robots-Tag"]
