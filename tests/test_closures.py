"""Closure days: the rules of the services and who may use the console pages."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from eppid.law import services
from eppid.law.calendar import is_working_day
from eppid.law.models import ClosureDay
from eppid.organisation.models import Unit
from eppid.organisation.selectors import user_may_manage_closures

# Monday 2 March 2026, 10:00 in Jakarta.
NOW = "2026-03-02 03:00:00"
WEDNESDAY = date(2026, 3, 4)
THURSDAY = date(2026, 3, 5)


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the services' reasons in English (the msgids); the pages are tested in Indonesian."""
    with translation.override("en"):
        yield


@pytest.fixture
def units(db):
    def unit(code, name, level, parent=None):
        return Unit.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "parent": parent, "region_name": name}
        )[0]

    national = unit("00", "Bawaslu Republik Indonesia", "national")
    east_java = unit("35", "Bawaslu Provinsi Jawa Timur", "province", national)
    west_java = unit("32", "Bawaslu Provinsi Jawa Barat", "province", national)
    return {
        "35.04": unit("35.04", "Bawaslu Kabupaten Tulungagung", "regency", east_java),
        "32.01": unit("32.01", "Bawaslu Kabupaten Bogor", "regency", west_java),
    }


@pytest.fixture(autouse=True)
def _frozen():
    with freeze_time(NOW):
        yield


@pytest.fixture
def admin(make_staff, units):
    return make_staff("sysadmin", is_superuser=True, is_staff=True)


@pytest.fixture
def unit_admin(make_staff, units):
    return make_staff("admin.tulungagung", ("35.04", "unit_admin"))


@pytest.fixture
def officer(make_staff, units):
    return make_staff("petugas.tulungagung", ("35.04", "officer"))


def closure_day_add(*, created_by, **kwargs):
    return services.closure_day_add(actor=created_by, may_manage=user_may_manage_closures, **kwargs)


def closure_day_remove(*, removed_by, **kwargs):
    return services.closure_day_remove(actor=removed_by, may_manage=user_may_manage_closures, **kwargs)


def errors_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- services ---------------------------------------------------------------------------------


def test_add_closure_for_one_unit(admin):
    closure = closure_day_add(day=WEDNESDAY, unit_code="35.04", reason="  Flood  ", created_by=admin)
    assert closure.reason == "Flood"
    assert not is_working_day(WEDNESDAY, "35.04")
    assert is_working_day(WEDNESDAY, "32.01")


def test_duplicate_closure_is_refused(admin):
    closure_day_add(day=WEDNESDAY, unit_code="35.04", reason="Flood", created_by=admin)
    with pytest.raises(ValidationError) as excinfo:
        closure_day_add(day=WEDNESDAY, unit_code="35.04", reason="Again", created_by=admin)
    assert "already a closure day for this unit" in errors_of(excinfo)
    assert ClosureDay.objects.count() == 1


def test_unit_closure_on_an_all_units_closure_is_refused(admin):
    closure_day_add(day=WEDNESDAY, unit_code=None, reason="Nationwide", created_by=admin)
    with pytest.raises(ValidationError) as excinfo:
        closure_day_add(day=WEDNESDAY, unit_code="35.04", reason="Flood", created_by=admin)
    assert "already a closure day for all units" in errors_of(excinfo)
    with pytest.raises(ValidationError):
        closure_day_add(day=WEDNESDAY, unit_code=None, reason="Twice", created_by=admin)
    assert ClosureDay.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2026, 2, 27), "cannot be in the past"),
        (date(2026, 3, 7), "weekend"),
        (date(2026, 3, 19), "already a national holiday"),
        (date(2028, 6, 1), "at most two years ahead"),
        ("2026-03-04", "real date"),
    ],
)
def test_bad_dates_are_refused_with_a_reason(admin, day, message):
    with pytest.raises(ValidationError) as excinfo:
        closure_day_add(day=day, unit_code="35.04", reason="Flood", created_by=admin)
    assert message in errors_of(excinfo)
    assert not ClosureDay.objects.exists()


def test_blank_reason_and_bad_unit_code_are_refused(admin):
    with pytest.raises(ValidationError) as excinfo:
        closure_day_add(day=WEDNESDAY, unit_code="35.04", reason="   ", created_by=admin)
    assert "Enter the reason" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        closure_day_add(day=WEDNESDAY, unit_code="35/04", reason="Flood", created_by=admin)
    assert "Choose a unit" in errors_of(excinfo)
    assert not ClosureDay.objects.exists()


def test_closure_today_is_allowed_and_removable(admin):
    today = date(2026, 3, 2)
    closure = closure_day_add(day=today, unit_code="35.04", reason="Power cut", created_by=admin)
    closure_day_remove(closure=closure, removed_by=admin)
    assert not ClosureDay.objects.exists()


def test_past_closure_cannot_be_removed(admin):
    closure = closure_day_add(day=WEDNESDAY, unit_code="35.04", reason="Flood", created_by=admin)
    with freeze_time("2026-03-05 03:00:00"), pytest.raises(ValidationError) as excinfo:
        closure_day_remove(closure=closure, removed_by=admin)
    assert "past closure day cannot be removed" in errors_of(excinfo)
    assert ClosureDay.objects.filter(pk=closure.pk).exists()


def test_unit_code_must_match_whole_string(admin):
    for code in ("35.04\n", "35.04 ", "٣٥.٠٤", "35.0"):
        with pytest.raises(ValidationError) as excinfo:
            closure_day_add(day=WEDNESDAY, unit_code=code, reason="Flood", created_by=admin)
        assert "Choose a unit" in errors_of(excinfo), repr(code)
    assert not ClosureDay.objects.exists()


def test_law_and_organisation_share_one_unit_code_pattern():
    from eppid.law.codes import UNIT_CODE, is_unit_code
    from eppid.organisation import selectors

    assert selectors.UNIT_CODE is UNIT_CODE
    assert [is_unit_code(code) for code in ("00", "35", "35.04", "35.04\n", "3504", None)] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]


# --- service authorisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "unit_code"),
    [("unit_admin", "32.01"), ("unit_admin", None), ("officer", "35.04"), ("stranger", "35.04")],
)
def test_add_refuses_actors_outside_their_scope(request, make_staff, units, who, unit_code):
    actor = make_staff("no.role") if who == "stranger" else request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        closure_day_add(day=WEDNESDAY, unit_code=unit_code, reason="Flood", created_by=actor)
    assert not ClosureDay.objects.exists()


def test_unit_admin_adds_for_own_unit_through_the_service(unit_admin):
    closure = closure_day_add(day=WEDNESDAY, unit_code="35.04", reason="Flood", created_by=unit_admin)
    assert (closure.unit_code, closure.created_by) == ("35.04", unit_admin)


def test_system_admin_adds_for_any_unit_and_all_units(admin):
    closure_day_add(day=WEDNESDAY, unit_code="32.01", reason="Flood", created_by=admin)
    closure_day_add(day=THURSDAY, unit_code=None, reason="Outage", created_by=admin)
    assert ClosureDay.objects.count() == 2


def test_remove_refuses_actors_outside_their_scope(admin, make_staff, officer, unit_admin):
    own = closure_day_add(day=WEDNESDAY, unit_code="35.04", reason="Flood", created_by=admin)
    everywhere = closure_day_add(day=THURSDAY, unit_code=None, reason="Outage", created_by=admin)
    foreign_admin = make_staff("admin.bogor", ("32.01", "unit_admin"))
    for actor, closure in ((officer, own), (foreign_admin, own), (unit_admin, everywhere)):
        with pytest.raises(PermissionDenied):
            closure_day_remove(closure=closure, removed_by=actor)
    assert ClosureDay.objects.count() == 2
    closure_day_remove(closure=own, removed_by=unit_admin)
    closure_day_remove(closure=everywhere, removed_by=admin)
    assert not ClosureDay.objects.exists()


def test_the_policy_decides_not_the_caller(admin):
    asked = []

    def refuse(actor, unit_code):
        asked.append((actor, unit_code))
        return False

    with pytest.raises(PermissionDenied):
        services.closure_day_add(
            actor=admin, day=WEDNESDAY, unit_code=None, reason="Outage", may_manage=refuse
        )
    assert asked == [(admin, None)]
    assert not ClosureDay.objects.exists()


# --- pages ------------------------------------------------------------------------------------


def test_calendar_lists_holidays_and_flags_estimates(officer, verified_client):
    client = verified_client(officer)
    response = client.get("/en/office/calendar/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Day of Silence" in page  # Nyepi, 19 March 2026
    assert "2026-03-19" in page
    assert "Estimated" in page  # Idul Fitri 2027 is an estimate in the package
    assert "Add a closure day" not in page


def test_calendar_shows_indonesian_names_by_default(officer, verified_client):
    page = verified_client(officer).get("/office/calendar/").content.decode()
    assert "Hari Suci Nyepi" in page


def test_calendar_warns_when_cuti_bersama_is_not_known(officer, verified_client):
    with freeze_time("2027-06-01 03:00:00"):
        page = verified_client(officer).get("/en/office/calendar/").content.decode()
    assert "Cuti bersama for 2028 is not known yet" in page


def test_staff_see_own_and_all_unit_closures_only(admin, officer, verified_client):
    closure_day_add(day=WEDNESDAY, unit_code="35.04", reason="Tulungagung flood", created_by=admin)
    closure_day_add(day=WEDNESDAY, unit_code="32.01", reason="Bogor flood", created_by=admin)
    closure_day_add(day=THURSDAY, unit_code=None, reason="Nationwide outage", created_by=admin)
    page = verified_client(officer).get("/en/office/calendar/").content.decode()
    assert "Tulungagung flood" in page
    assert "Nationwide outage" in page
    assert "Bogor flood" not in page
    assert "/remove/" not in page


def test_unit_admin_adds_closure_for_own_unit(unit_admin, verified_client):
    client = verified_client(unit_admin)
    form_page = client.get(reverse("office:calendar-closure-add")).content.decode()
    assert "All units" not in form_page
    response = client.post(
        "/en/office/calendar/closures/new/",
        {"date": "2026-03-04", "unit": "35.04", "reason": "Flood"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/office/calendar/"
    closure = ClosureDay.objects.get()
    assert (closure.date, closure.unit_code, closure.created_by) == (WEDNESDAY, "35.04", unit_admin)
    page = client.get(response["Location"]).content.decode()
    assert "Closure day added: 4 March 2026. 0 deadlines moved." in page
    assert "Flood" in page


@pytest.mark.parametrize("unit", ["32.01", "all"])
def test_unit_admin_cannot_close_another_unit_or_all(unit_admin, verified_client, unit):
    response = verified_client(unit_admin).post(
        "/en/office/calendar/closures/new/", {"date": "2026-03-04", "unit": unit, "reason": "Flood"}
    )
    assert response.status_code == 200
    assert "Choose an office from the list." in response.content.decode()
    assert not ClosureDay.objects.exists()


def test_system_admin_closes_all_units(admin, verified_client):
    response = verified_client(admin).post(
        reverse("office:calendar-closure-add"), {"date": "2026-03-04", "unit": "all", "reason": "Outage"}
    )
    assert response.status_code == 302
    assert ClosureDay.objects.get().unit_code is None
    assert not is_working_day(WEDNESDAY, "32.01")


def test_bad_form_input_shows_errors_and_changes_nothing(unit_admin, verified_client):
    client = verified_client(unit_admin)
    response = client.post(
        "/en/office/calendar/closures/new/", {"date": "2026-02-30", "unit": "35.04", "reason": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a real date." in page
    assert "Enter the reason the office is closed." in page
    response = client.post(
        "/en/office/calendar/closures/new/", {"date": "2026-03-19", "unit": "35.04", "reason": "Extra"}
    )
    assert "already a national holiday" in response.content.decode()
    assert not ClosureDay.objects.exists()


def test_officer_cannot_add(officer, verified_client):
    client = verified_client(officer)
    assert client.get(reverse("office:calendar-closure-add")).status_code == 403
    response = client.post(
        reverse("office:calendar-closure-add"), {"date": "2026-03-04", "unit": "35.04", "reason": "Flood"}
    )
    assert response.status_code == 403
    assert not ClosureDay.objects.exists()


def test_unit_admin_removes_own_closure(admin, unit_admin, verified_client):
    closure = closure_day_add(day=WEDNESDAY, unit_code="35.04", reason="Flood", created_by=admin)
    client = verified_client(unit_admin)
    url = reverse("office:calendar-closure-remove", args=[closure.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not ClosureDay.objects.exists()


def test_remove_permissions(admin, make_staff, officer, unit_admin, verified_client):
    own = closure_day_add(day=WEDNESDAY, unit_code="35.04", reason="Flood", created_by=admin)
    everywhere = closure_day_add(day=THURSDAY, unit_code=None, reason="Outage", created_by=admin)
    foreign_admin = make_staff("admin.bogor", ("32.01", "unit_admin"))

    def status(user, closure):
        return (
            verified_client(user)
            .post(reverse("office:calendar-closure-remove", args=[closure.pk]))
            .status_code
        )

    assert status(foreign_admin, own) == 404
    assert status(officer, own) == 403
    assert status(unit_admin, everywhere) == 403
    assert ClosureDay.objects.count() == 2
    assert status(admin, everywhere) == 302
    assert verified_client(unit_admin).get("/office/calendar/closures/999999/remove/").status_code == 404


def test_calendar_needs_sign_in_and_a_role(client, make_staff, units, verified_client):
    response = client.get(reverse("office:calendar"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    nobody = make_staff("no.role")
    assert verified_client(nobody).get(reverse("office:calendar")).status_code == 403


def test_error_title_says_error_once(admin, verified_client):
    import re

    # An empty POST is still a submission: it must show errors, not a fresh form.
    with translation.override("id"):
        url = reverse("office:calendar-closure-add")
    body = verified_client(admin).post(url, {}).content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert " ".join(title.split()).startswith("Galat: Tambahkan")
    assert title.count("Galat") == 1
