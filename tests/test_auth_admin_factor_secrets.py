"""The admin never shows a staff member's second-factor secret, nor makes one.

A TOTP key is the second factor: whoever reads it makes that person's codes for ever. django-otp's
admin shows it (the change form's key, the otpauth URI and its QR code) unless told not to, and
its static devices would keep recovery codes in plain text; both were reachable at /admin/ by a
system administrator, silently (the admin's removal of static devices ran before django-otp's
admin registered them).
"""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.auth_support import ensure_units

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _units(db):
    ensure_units()


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
