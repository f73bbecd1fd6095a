import pytest
from django.urls import reverse

from eppid.organisation.models import Unit, UnitProfile
from eppid.organisation.selectors import unit_statistics

pytestmark = pytest.mark.django_db

COMPLETE = {
    "address": "Jl. 1",
    "phone": "0355 1",
    "email": "a@b.id",
    "service_hours": "08-16",
    "ppid_name": "A",
    "ppid_position": "B",
    "superior_name": "C",
    "superior_position": "D",
}


def test_figures_for_a_province_and_its_children(make_staff):
    east_java = Unit.objects.get(code="35")
    regencies = Unit.objects.filter(parent=east_java).count()
    make_staff("a", ("35.04", "officer"), ("35.04", "ppid"))
    make_staff("b", ("35", "superior"))
    make_staff("outside", ("32.01", "officer"))
    UnitProfile.objects.create(unit=Unit.objects.get(code="35.04"), **COMPLETE)
    UnitProfile.objects.create(unit=Unit.objects.get(code="35.05"), address="only this")
    UnitProfile.objects.create(unit=Unit.objects.get(code="32.01"), **COMPLETE)

    stats = unit_statistics(east_java)
    assert stats.total.unit_count == regencies + 1
    assert stats.total.units_by_level["province"] == 1
    assert stats.total.roles == {"officer": 1, "ppid": 1, "superior": 1}
    assert stats.total.staff_count == 2
    assert stats.total.profiles_complete == 1
    assert len(stats.children) == regencies
    row = next(child for child in stats.children if child.unit.code == "35.04")
    assert (row.unit_count, row.staff_count, row.profiles_complete) == (1, 1, 1)


def test_national_figures_cover_all_units(make_staff):
    stats = unit_statistics(Unit.objects.get(code="00"))
    assert stats.total.unit_count == 553
    assert len(stats.children) == 38
    assert sum(child.unit_count for child in stats.children) == 552


def test_ancestor_officer_sees_the_statistics_page_of_a_unit_below(make_staff, verified_client):
    user = make_staff("petugas.jatim", ("35", "officer"))
    response = verified_client(user).get(reverse("office:unit-statistics", kwargs={"code": "35"}))
    assert response.status_code == 200
    assert "Bawaslu Kabupaten Tulungagung" in response.content.decode()
    below = verified_client(user).get(reverse("office:unit-statistics", kwargs={"code": "35.04"}))
    assert below.status_code == 200
    # Statistics flow up, never sideways or down into the parent.
    assert (
        verified_client(user).get(reverse("office:unit-statistics", kwargs={"code": "00"})).status_code == 404
    )
