"""The article on the PPID's duty to test the consequences before withholding information (UU
No. 14 Tahun 2008 Pasal 19), cited by the console's decide form when a refusal cites no
consequence test. In force with the law (30 April 2010, Pasal 64(1)).

Written without signals (historical model), so this migration records the row in the transparency
log itself, as the system, as 0008 does. Frozen data: it does not follow the code.
"""

import datetime

from django.db import migrations, models, transaction

ROW = {
    "key": "consequence_duty",
    "citation_id": "UU 14/2008 Pasal 19",
    "citation_en": "UU 14/2008 Article 19",
    "source": "UU No. 14 Tahun 2008 tentang Keterbukaan Informasi Publik",
    "effective_from": datetime.date(2010, 4, 30),
}


def seed(apps, schema_editor):
    from eppid.integrity.log import log_append
    from eppid.integrity.registry import REGISTRY, record_content

    model = apps.get_model("law", "LegalReference")
    spec = next(spec for spec in REGISTRY.values() if spec.label == "law.LegalReference")
    with transaction.atomic():
        if model.objects.filter(key=ROW["key"], effective_from=ROW["effective_from"]).exists():
            return
        model.objects.bulk_create([model(**ROW)])  # no signals: logged once, here
        row = model.objects.get(key=ROW["key"], effective_from=ROW["effective_from"])
        log_append(
            action="create",
            object_type=spec.label,
            object_id=row.pk,
            content=record_content(spec, row),
            actor="system",
        )


class Migration(migrations.Migration):
    dependencies = [("law", "0008_seed_legal_references"), ("integrity", "0005_integrity_runs")]

    operations = [
        migrations.AlterField(
            model_name="legalreference",
            name="key",
            field=models.CharField(
                choices=[
                    ("notice_contents", "Contents of the written notice on a request"),
                    ("notice_forwarding", "Forwarding a request to the body that holds it"),
                    ("periodic_information", "Information published periodically"),
                    ("objection_grounds", "The grounds of an objection"),
                    ("objection_response", "The superior's response to an objection"),
                    ("objection_reasons", "Written reasons when an objection is dismissed"),
                    ("consequence_test", "The consequence test behind exempt information"),
                    (
                        "consequence_duty",
                        "The PPID's duty to test the consequences before withholding information",
                    ),
                    ("annual_report", "The annual report of the public information service"),
                ],
                max_length=32,
                verbose_name="what it is about",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
