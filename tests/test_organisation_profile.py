import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from eppid.organisation.models import Unit, UnitProfile
from eppid.organisation.services import unit_profile_update

pytestmark = pytest.mark.django_db

GOOD = {
    "address": "Jl. Panglima Sudirman No. 1, Tulungagung",
    "phone": "0355 123456",
    "email": "ppid@tulungagung.bawaslu.go.id",
    "service_hours": "Senin-Jumat 08.00-16.00 WIB",
    "ppid_name": "Siti Aminah",
    "ppid_position": "Kepala Subbagian Data dan Informasi",
    "superior_name": "Budi Santoso",
    "superior_position": "Kepala Sekretariat",
}


@pytest.fixture
def unit():
    return Unit.objects.get(code="35.04")


@pytest.fixture
def admin(make_staff):
    return make_staff("admin.tulungagung", ("35.04", "unit_admin"))


def test_service_saves_and_marks_the_profile_complete(unit, admin):
    profile = unit_profile_update(unit=unit, actor=admin, data=GOOD)
    profile.refresh_from_db()
    assert profile.phone == "0355 123456"
    assert profile.updated_by == admin
    assert profile.is_complete


def test_service_refuses_a_user_without_the_right(unit, make_staff):
    officer = make_staff("officer", ("35.04", "officer"))
    with pytest.raises(PermissionDenied):
        unit_profile_update(unit=unit, actor=officer, data=GOOD)
    assert not UnitProfile.objects.filter(unit=unit).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "call me maybe"), ("email", "not-an-email"), ("ppid_name", "x" * 201), ("address", "x" * 501)],
)
def test_service_rejects_bad_values_and_changes_nothing(unit, admin, field, value):
    unit_profile_update(unit=unit, actor=admin, data=GOOD)
    with pytest.raises(ValidationError) as caught:
        unit_profile_update(unit=unit, actor=admin, data={**GOOD, "address": "Changed", field: value})
    assert field in caught.value.message_dict
    profile = UnitProfile.objects.get(unit=unit)
    assert profile.address == GOOD["address"]
    assert getattr(profile, field) == GOOD[field]


def test_service_rejects_unknown_fields(unit, admin):
    with pytest.raises(ValidationError):
        unit_profile_update(unit=unit, actor=admin, data={"unit_id": 1})


def test_system_admin_may_edit_any_unit(unit, make_staff):
    root = make_staff("root", is_superuser=True)
    assert unit_profile_update(unit=unit, actor=root, data={"phone": "021 1234567"}).phone == "021 1234567"


def test_office_page_saves_with_a_success_message(unit, admin, verified_client):
    client = verified_client(admin)
    url = reverse("office:unit-profile", kwargs={"code": "35.04"})
    assert client.get(url).status_code == 200
    response = client.post(url, {**GOOD, "charter_cost": "Gratis, tanpa biaya."}, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert [message.level_tag for message in response.context["messages"]] == ["success"]
    assert UnitProfile.objects.get(unit=unit).charter_cost == "Gratis, tanpa biaya."


def test_office_page_shows_errors_and_changes_nothing(unit, admin, verified_client):
    client = verified_client(admin)
    url = reverse("office:unit-profile", kwargs={"code": "35.04"})
    response = client.post(url, {**GOOD, "email": "nope", "phone": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert set(response.context["form"].errors) == {"email", "phone"}
    assert not UnitProfile.objects.filter(unit=unit).exists()


def test_public_page_shows_defaults_marked_and_own_text(client, unit, admin):
    unit_profile_update(unit=unit, actor=admin, data={**GOOD, "charter_cost": "Gratis."})
    response = client.get(reverse("portal:unit", kwargs={"code": "35.04"}), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert GOOD["ppid_name"] in html
    assert GOOD["superior_name"] in html
    assert "Gratis." in html
    charter = {item.field: item for item in response.context["charter"]}
    assert charter["charter_cost"].is_default is False
    assert charter["charter_completion_time"].is_default is True
    assert "10" in charter["charter_completion_time"].text
    assert 'class="tag"' in html
