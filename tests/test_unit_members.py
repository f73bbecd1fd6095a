import pytest
from django.urls import reverse

from eppid.organisation.models import Membership

pytestmark = pytest.mark.django_db

URL = reverse("office:unit-members", kwargs={"code": "35.04"})


@pytest.fixture
def admin(make_staff):
    return make_staff("admin.tulungagung", ("35.04", "unit_admin"))


def test_admin_gives_a_role_to_an_existing_user(admin, make_staff, verified_client):
    newcomer = make_staff("petugas.baru")
    client = verified_client(admin)
    response = client.post(URL, {"action": "add", "username": "petugas.baru", "role": "officer"}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert Membership.objects.filter(user=newcomer, unit__code="35.04", role="officer").exists()
    assert [message.level_tag for message in response.context["messages"]] == ["success"]
    assert "petugas.baru" in response.content.decode()


def test_unknown_user_is_a_clear_error(admin, verified_client):
    response = verified_client(admin).post(URL, {"action": "add", "username": "nobody", "role": "officer"})
    assert response.status_code == 200
    assert "nobody" in " ".join(response.context["form"].errors["username"])
    assert Membership.objects.filter(unit__code="35.04").count() == 1


def test_duplicate_role_is_a_clear_error(admin, make_staff, verified_client):
    make_staff("petugas", ("35.04", "officer"))
    response = verified_client(admin).post(URL, {"action": "add", "username": "petugas", "role": "officer"})
    assert response.context["form"].errors["role"]
    assert Membership.objects.filter(user__username="petugas").count() == 1


def test_invalid_role_changes_nothing(admin, make_staff, verified_client):
    make_staff("petugas")
    response = verified_client(admin).post(URL, {"action": "add", "username": "petugas", "role": "king"})
    assert response.context["form"].errors["role"]
    assert not Membership.objects.filter(user__username="petugas").exists()


def test_admin_removes_a_role(admin, make_staff, verified_client):
    officer = make_staff("petugas", ("35.04", "officer"))
    membership = officer.memberships.get()
    verified_client(admin).post(URL, {"action": "remove", "membership": membership.pk})
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_role_of_another_unit_cannot_be_removed_from_here(admin, make_staff, verified_client):
    foreign = make_staff("petugas.bogor", ("32.01", "officer")).memberships.get()
    response = verified_client(admin).post(URL, {"action": "remove", "membership": foreign.pk})
    assert response.context["remove_errors"]
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_last_unit_admin_cannot_remove_their_own_role(admin, verified_client):
    own = admin.memberships.get()
    response = verified_client(admin).post(URL, {"action": "remove", "membership": own.pk})
    assert response.status_code == 200
    assert response.context["remove_errors"]
    assert 'class="error-summary"' in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_unit_admin_may_step_down_when_another_admin_remains(admin, make_staff, verified_client):
    make_staff("admin.kedua", ("35.04", "unit_admin"))
    own = admin.memberships.get()
    verified_client(admin).post(URL, {"action": "remove", "membership": own.pk})
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_garbage_membership_id_is_an_error_not_a_crash(admin, verified_client):
    response = verified_client(admin).post(URL, {"action": "remove", "membership": "abc"})
    assert response.status_code == 200
    assert response.context["remove_errors"]


def test_overview_lists_members_and_roles(admin, make_staff, verified_client):
    make_staff("ppid.tulungagung", ("35.04", "ppid"), full_name="Siti Aminah")
    response = verified_client(admin).get(reverse("office:unit", kwargs={"code": "35.04"}))
    html = response.content.decode()
    assert "Siti Aminah" in html
    assert reverse("office:unit-profile", kwargs={"code": "35.04"}) in html
