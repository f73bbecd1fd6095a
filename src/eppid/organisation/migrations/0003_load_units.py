"""Load the 553 Bawaslu units (national, provinces, regencies/cities) from the bundled CSV.

Idempotent: a unit that already exists keeps its row and is only corrected in place, so running
this on a database that already holds units never duplicates them.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "bawaslu-units.csv"


def load_units(apps, schema_editor):
    Unit = apps.get_model("organisation", "Unit")
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # Parents come before children when sorted by depth, so every parent exists when needed.
    rows.sort(key=lambda row: (row["code"].count("."), row["parent_code"] != "", row["code"]))
    by_code = {}
    for row in rows:
        parent = by_code[row["parent_code"]] if row["parent_code"] else None
        unit, _created = Unit.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "level": row["level"],
                "region_name": row["region_name"],
                "parent": parent,
            },
        )
        by_code[unit.code] = unit


class Migration(migrations.Migration):
    dependencies = [("organisation", "0002_unitprofile")]

    operations = [
        # Reversing keeps the units: staff memberships and case files point at them.
        migrations.RunPython(load_units, migrations.RunPython.noop),
    ]
