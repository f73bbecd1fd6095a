"""The deadlines of UU No. 14 Tahun 2008 (KIP), in force since 30 April 2010 (Pasal 64(1))."""

import datetime

from django.db import migrations

NAME = "UU No. 14 Tahun 2008 tentang Keterbukaan Informasi Publik"
EFFECTIVE_FROM = datetime.date(2010, 4, 30)
LEGAL_BASIS = (
    "UU No. 14 Tahun 2008 tentang Keterbukaan Informasi Publik, in force two years after its "
    "enactment on 30 April 2008: Pasal 22(7)-(8) (written notice, one extension), Pasal 36 "
    "(objection and the superior's response), Pasal 37(2) (dispute to the Komisi Informasi)."
)
RULES = [
    ("request_response", 10, "UU 14/2008 Pasal 22(7)"),
    ("request_extension", 7, "UU 14/2008 Pasal 22(8)"),
    ("objection_filing", 30, "UU 14/2008 Pasal 36(1)"),
    ("objection_response", 30, "UU 14/2008 Pasal 36(2)"),
    ("dispute_filing", 14, "UU 14/2008 Pasal 37(2)"),
    ("objection_followup", 10, "Perki 1/2021 service standard; article not confirmed in the sources read"),
]


def seed(apps, schema_editor):
    rule_set_model = apps.get_model("law", "DeadlineRuleSet")
    rule_model = apps.get_model("law", "DeadlineRule")
    rule_set, created = rule_set_model.objects.get_or_create(
        effective_from=EFFECTIVE_FROM, defaults={"name": NAME, "legal_basis": LEGAL_BASIS}
    )
    if created:
        rule_model.objects.bulk_create(
            rule_model(rule_set=rule_set, step=step, working_days=days, basis=basis)
            for step, days, basis in RULES
        )


def unseed(apps, schema_editor):
    apps.get_model("law", "DeadlineRuleSet").objects.filter(effective_from=EFFECTIVE_FROM, name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("law", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
