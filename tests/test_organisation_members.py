import contextlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse

from eppid.organisation import services
from eppid.organisation.models import Membership, Unit

pytestmark = pytest.mark.django_db

URL = reverse("office:unit-members", kwargs={"code": "35.04"})


@pytest.fixture
def units_35_04():
    return Unit.objects.get(code="35.04")


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


# --- granting oneself a role ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "ppid", "superior", "auditor"])
def test_unit_admin_cannot_grant_themselves_a_role(admin, verified_client, role):
    response = verified_client(admin).post(
        "/en/office/units/35.04/members/", {"action": "add", "username": "admin.tulungagung", "role": role}
    )
    assert response.status_code == 200
    assert "You cannot give yourself a role." in " ".join(response.context["form"].errors["username"])
    assert 'class="error-summary"' in response.content.decode()
    assert list(admin.memberships.values_list("role", flat=True)) == ["unit_admin"]


def test_self_grant_is_refused_in_indonesian_too(admin, verified_client):
    response = verified_client(admin).post(
        URL, {"action": "add", "username": "ADMIN.tulungagung ", "role": "officer"}
    )
    assert "Anda tidak dapat memberi diri Anda sendiri" in " ".join(
        response.context["form"].errors["username"]
    )
    assert admin.memberships.count() == 1


def test_self_grant_is_refused_by_the_service(admin, units_35_04):
    with pytest.raises(ValidationError) as excinfo:
        services.membership_add(unit=units_35_04, actor=admin, username="admin.tulungagung", role="ppid")
    assert "username" in excinfo.value.message_dict
    assert admin.memberships.count() == 1


def test_unit_admin_still_grants_roles_to_other_staff(admin, make_staff, units_35_04):
    colleague = make_staff("petugas.lain")
    for role in ("officer", "ppid", "superior"):
        services.membership_add(unit=units_35_04, actor=admin, username="petugas.lain", role=role)
    assert sorted(colleague.memberships.values_list("role", flat=True)) == ["officer", "ppid", "superior"]


def test_system_admin_may_grant_themselves_a_role(make_staff, units_35_04):
    root = make_staff("sysadmin", is_superuser=True, is_staff=True)
    membership = services.membership_add(unit=units_35_04, actor=root, username="sysadmin", role="officer")
    assert (membership.user, membership.role) == (root, "officer")


# --- the last administrator ----------------------------------------------------------------------


def test_stepping_down_locks_every_admin_row_of_the_unit(admin, make_staff, monkeypatch, units_35_04):
    """Counting the other administrators under a lock on only one's own row lets two leave at once."""
    second = make_staff("admin.kedua", ("35.04", "unit_admin"))
    make_staff("admin.bogor", ("32.01", "unit_admin"))
    locked = []
    original = SQLCompiler.as_sql

    def recording_as_sql(self, *args, **kwargs):
        sql, params = original(self, *args, **kwargs)
        if self.query.select_for_update and self.query.model is Membership:
            locked.append(tuple(params))
        return sql, params

    monkeypatch.setattr(SQLCompiler, "as_sql", recording_as_sql)
    services.membership_remove(unit=units_35_04, actor=admin, membership_id=admin.memberships.get().pk)
    assert any("unit_admin" in params and units_35_04.pk in params for params in locked), locked
    assert list(
        Membership.objects.filter(unit=units_35_04, role="unit_admin").values_list("user", flat=True)
    ) == [second.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_admins_stepping_down_at_once_leave_one_behind(make_staff, monkeypatch):
    """Both requests pass the check before either deletes; the lock makes the second wait and refuse."""
    unit = Unit.objects.get(code="35.04")
    first = make_staff("admin.satu", ("35.04", "unit_admin"))
    second = make_staff("admin.dua", ("35.04", "unit_admin"))
    # Each request pauses just before its delete until the other arrives, or 2 s pass: without
    # the lock both arrive and both delete; with it the second is still waiting for the lock.
    both_checked = threading.Barrier(2, timeout=2)
    original_delete = Membership.delete

    def delete_after_the_other_checked(self, *args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait()
        return original_delete(self, *args, **kwargs)

    monkeypatch.setattr(Membership, "delete", delete_after_the_other_checked)
    outcomes = {}

    def step_down(admin):
        try:
            services.membership_remove(unit=unit, actor=admin, membership_id=admin.memberships.get().pk)
        except ValidationError:
            outcomes[admin.username] = "refused"
        else:
            outcomes[admin.username] = "removed"
        finally:
            connection.close()

    threads = [threading.Thread(target=step_down, args=(admin,)) for admin in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["refused", "removed"]
    assert Membership.objects.filter(unit=unit, role="unit_admin").count() == 1
