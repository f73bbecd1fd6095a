import csv
from pathlib import Path

import pytest

from eppid.organisation.models import Unit

pytestmark = pytest.mark.django_db

CSV = Path(__file__).resolve().parent.parent / "src/eppid/organisation/data/bawaslu-units.csv"


def test_the_migration_loads_553_units_by_level():
    assert Unit.objects.count() == 553
    assert Unit.objects.filter(level="national").count() == 1
    assert Unit.objects.filter(level="province").count() == 38
    assert Unit.objects.filter(level="regency").count() == 514


def test_national_unit_is_the_root():
    national = Unit.objects.get(code="00")
    assert national.level == "national"
    assert national.parent is None
    assert Unit.objects.filter(parent__isnull=True).count() == 1


def test_every_province_hangs_under_the_national_unit():
    provinces = Unit.objects.filter(level="province").select_related("parent")
    assert provinces.count() == 38
    assert {province.parent.code for province in provinces} == {"00"}


def test_every_regency_hangs_under_the_province_its_code_starts_with():
    for regency in Unit.objects.filter(level="regency").select_related("parent"):
        assert regency.parent.level == "province", regency.code
        assert regency.code.startswith(f"{regency.parent.code}."), regency.code


def test_units_match_the_bundled_csv():
    with CSV.open(encoding="utf-8", newline="") as handle:
        rows = {row["code"]: row for row in csv.DictReader(handle)}
    units = {unit.code: unit for unit in Unit.objects.select_related("parent")}
    assert set(rows) == set(units)
    tulungagung = units["35.04"]
    assert tulungagung.name == rows["35.04"]["name"] == "Bawaslu Kabupaten Tulungagung"
    assert tulungagung.parent.code == "35"


def test_loading_again_does_not_duplicate():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("eppid.organisation.migrations.0003_load_units")
    migration.load_units(apps, None)
    assert Unit.objects.count() == 553
