"""The articles texts cite (law.LegalReference), each from the day its instrument is in force:
UU No. 14 Tahun 2008 since 30 April 2010 (Pasal 64(1)), Perki No. 1 Tahun 2021 since its
promulgation in 2021 (the date the annual report's deadline row uses).

The citations are those the texts carried before they became data. One is changed and marked
to confirm: the written reasons a superior gives when dismissing an objection were cited as Pasal
36(2), which holds the 30-working-day response (as the rule set's basis says); the reasons are
ayat (3) as recalled, not checked against the official text.

The rows are written without signals (historical model), so this migration records them in the
transparency log itself, as the system, as 0006 does. Frozen data: it does not follow the code.
"""

import datetime

from django.db import migrations, transaction

UU = datetime.date(2010, 4, 30)
UU_SOURCE = "UU No. 14 Tahun 2008 tentang Keterbukaan Informasi Publik"
PERKI = datetime.date(2021, 1, 1)
PERKI_SOURCE = "Peraturan Komisi Informasi No. 1 Tahun 2021 tentang Standar Layanan Informasi Publik"
ROWS = [
    ("notice_contents", "UU 14/2008 Pasal 22 ayat (7)", "UU 14/2008 Article 22(7)", UU_SOURCE, UU, ""),
    (
        "notice_forwarding",
        "UU 14/2008 Pasal 22 ayat (7) huruf b",
        "UU 14/2008 Article 22(7)(b)",
        UU_SOURCE,
        UU,
        "",
    ),
    ("periodic_information", "UU 14/2008 Pasal 9", "UU 14/2008 Article 9", UU_SOURCE, UU, ""),
    ("objection_grounds", "UU 14/2008 Pasal 35 ayat (1)", "UU 14/2008 Article 35(1)", UU_SOURCE, UU, ""),
    ("objection_response", "UU 14/2008 Pasal 36", "UU 14/2008 Article 36", UU_SOURCE, UU, ""),
    (
        "objection_reasons",
        "UU 14/2008 Pasal 36 ayat (3)",
        "UU 14/2008 Article 36(3)",
        UU_SOURCE,
        UU,
        "The texts cited Pasal 36(2) for the written reasons of a dismissal; ayat (2) is the "
        "superior's 30-working-day response and ayat (3) the written reasons, as recalled. Check "
        "against the official text.",
    ),
    ("consequence_test", "Perki 1/2021 Pasal 49", "Perki 1/2021 Article 49", PERKI_SOURCE, PERKI, ""),
    ("annual_report", "Perki 1/2021 Pasal 56", "Perki 1/2021 Article 56", PERKI_SOURCE, PERKI, ""),
]


def seed(apps, schema_editor):
    from eppid.integrity.log import log_append
    from eppid.integrity.registry import REGISTRY, record_content

    model = apps.get_model("law", "LegalReference")
    spec = next(spec for spec in REGISTRY.values() if spec.label == "law.LegalReference")
    with transaction.atomic():
        for key, citation_id, citation_en, source, effective_from, note in ROWS:
            if model.objects.filter(key=key, effective_from=effective_from).exists():
                continue
            model.objects.bulk_create(  # no signals: logged once, here
                [
                    model(
                        key=key,
                        citation_id=citation_id,
                        citation_en=citation_en,
                        source=source,
                        effective_from=effective_from,
                        to_confirm=bool(note),
                        to_confirm_note=note,
                    )
                ]
            )
            row = model.objects.get(key=key, effective_from=effective_from)
            log_append(
                action="create",
                object_type=spec.label,
                object_id=row.pk,
                content=record_content(spec, row),
                actor="system",
            )


class Migration(migrations.Migration):
    dependencies = [("law", "0007_legal_references"), ("integrity", "0005_integrity_runs")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
