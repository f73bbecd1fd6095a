"""The Django admin (system administrators, verified sessions only) and the console dashboard."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.auth_support import PASSWORD, ensure_units

from eppid.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _units(db):
    ensure_units()


def test_verified_system_admin_uses_the_admin(verified_client, make_staff):
    admin = make_staff("admin", is_superuser=True)
    client = verified_client(admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    user_page = client.get(f"/admin/accounts/user/{admin.pk}/change/")
    assert user_page.status_code == 200
    assert "membership" in user_page.content.decode().lower()


def test_admin_shows_a_token_hash_read_only_and_cannot_mint(verified_client, make_staff):
    admin = make_staff("admin", is_superuser=True)
    token, plaintext = api_token_create(user=admin, name="x")
    client = verified_client(admin)
    page = client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert token.secret_hash in page
    assert plaintext.split("_", 2)[2] not in page
    assert 'name="secret_hash"' not in page
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403


def test_admin_refuses_unverified_sessions_even_of_admins(client, make_staff):
    make_staff("admin", is_superuser=True)
    client.post("/accounts/login/", {"username": "admin", "password": PASSWORD})
    assert client.get("/admin/")["Location"] == reverse("accounts:verify")


def test_admin_refuses_verified_staff_who_are_not_system_admins(verified_client, make_staff):
    officer = make_staff("petugas", ("35.04", "unit_admin"), is_staff=True)
    client = verified_client(officer)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert client.get("/admin/accounts/user/", follow=True).status_code == 403


def test_admin_login_is_our_login(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_dashboard_lists_units_with_roles(verified_client, make_staff):
    user = make_staff("petugas", ("35.04", "officer"), ("35.04", "ppid"), ("35", "auditor"))
    body = verified_client(user).get("/en/office/").content.decode()
    assert "Bawaslu Kabupaten Tulungagung" in body
    assert "Bawaslu Provinsi Jawa Timur" in body
    assert "Information officer" in body
    assert "PPID" in body
    assert "Auditor" in body
    assert "Bawaslu Kabupaten Bogor" not in body
    assert "You hold no role in any unit yet" not in body
    assert reverse("admin:index") not in body


def test_dashboard_says_honestly_when_there_is_no_role(verified_client, make_staff):
    user = make_staff("baru")
    body = verified_client(user).get("/en/office/").content.decode()
    assert "You hold no role in any unit yet" in body


def test_dashboard_links_system_admins_to_the_admin(verified_client, make_staff):
    admin = make_staff("admin", is_superuser=True)
    body = verified_client(admin).get("/office/").content.decode()
    assert f'href="{reverse("admin:index")}"' in body


# --- The admin never shows a second factor's secret, nor makes one (decision 1696) -------------
# A TOTP key is the second factor: whoever reads it makes that person's codes for ever. django-otp's
# admin shows it (the change form's key, the otpauth URI and its QR code) unless told not to, and
# its static devices would keep recovery codes in plain text; both were reachable at /admin/ by a
# system administrator, silently (the admin's removal of static devices ran before django-otp's
# admin registered them).


@pytest.fixture
def admin_client(verified_client, make_staff):
    return verified_client(make_staff("admin", is_superuser=True))


@pytest.fixture
def officer_device(make_staff):
    officer = make_staff("petugas", ("35.04", "officer"))
    return TOTPDevice.objects.get(user=officer)


def test_the_change_page_does_not_show_the_key(admin_client, officer_device):
    response = admin_client.get(f"/admin/otp_totp/totpdevice/{officer_device.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert officer_device.key not in page
    assert "otpauth://" not in page
    assert "/config/" not in page and "/qrcode/" not in page


@pytest.mark.parametrize("view", ["config", "qrcode"])
def test_the_configuration_and_qr_code_views_are_refused(admin_client, officer_device, view):
    response = admin_client.get(f"/admin/otp_totp/totpdevice/{officer_device.pk}/{view}/")
    assert response.status_code in (403, 404)
    assert officer_device.config_url.encode() not in response.content


def test_the_list_links_no_qr_code(admin_client, officer_device):
    page = admin_client.get("/admin/otp_totp/totpdevice/").content.decode()
    assert "/qrcode/" not in page


def test_no_authenticator_is_made_for_someone_in_the_admin(admin_client, officer_device):
    assert admin_client.get("/admin/otp_totp/totpdevice/add/").status_code == 403


def test_static_devices_are_not_in_the_admin(admin_client):
    assert admin_client.get("/admin/otp_static/staticdevice/").status_code == 404
    assert admin_client.get("/admin/otp_static/staticdevice/add/").status_code == 404


def test_a_lost_authenticator_can_still_be_removed(admin_client, officer_device):
    response = admin_client.post(f"/admin/otp_totp/totpdevice/{officer_device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=officer_device.pk).exists()
