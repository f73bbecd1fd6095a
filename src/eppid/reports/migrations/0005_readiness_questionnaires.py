"""The questionnaires of the yearly assessment (2025 and 2026) as data: what software can prove.

Source: dip-dik.md section 5, the SAQ 2025 of the Komisi Informasi's e-Monev (Perki 1/2022) as
published by assessed bodies. The weights of the official questionnaire could not be checked:
every weight here is ``to_confirm``. Bawaslu RI assesses its own units with the same indicators.
A later year's questionnaire is a new migration of the same shape (new rows), never new code;
an indicator software cannot prove uses the rule ``manual`` (shown, not scored).

The rows are written without signals (historical models), so each is recorded in the
transparency log here, as the system (the same way as catalog 0002).
"""

from decimal import Decimal

from django.db import migrations, transaction

SAQ = "SAQ e-Monev 2025 (Perki 1/2022)"  # a citation, the same in both languages (0007)
UU_9 = "UU 14/2008 Pasal 9; Perki 1/2021"
BERKALA = [
    "profile",
    "programmes",
    "performance",
    "finances",
    "access_summary",
    "regulations",
    "request_procedures",
    "complaint_procedure",
    "procurement",
    "early_warning",
]

# (code, English title, Indonesian title, rule, params, weight, source)
INDICATORS = [
    (
        "dip",
        "A list of public information (DIP) of the year in the Perki 1/2021 format",
        "Daftar Informasi Publik (DIP) tahun berjalan sesuai format Perki 1/2021",
        "dip_of_year",
        {"min_entries": 1},
        10,
        f"{SAQ}; UU 14/2008 Pasal 11(1)a; Perki 1/2021",
    ),
    (
        "dik",
        "A list of exempt information (DIK) from consequence tests, with the period and the law",
        "Daftar Informasi yang Dikecualikan (DIK) hasil uji konsekuensi, dengan jangka waktu dan dasar hukum",
        "exemptions_tested",
        {"min_tests": 1},
        10,
        f"{SAQ}; Perki 1/2021 Pasal 49",
    ),
    (
        "dik_reopened",
        "Exemptions whose period ended re-listed as open, with an announcement",
        "Informasi yang masa pengecualiannya berakhir dibuka kembali dengan pengumuman",
        "exemptions_reopened",
        {},
        5,
        f"{SAQ}; UU 14/2008 Pasal 20",
    ),
    (
        "serta_merta",
        "Immediate (serta merta) information published",
        "Informasi serta merta diumumkan",
        "category_published",
        {"category": "immediate", "min_entries": 1},
        5,
        f"{SAQ}; UU 14/2008 Pasal 10",
    ),
    (
        "berkala",
        "Periodic information published and renewed at least every six months",
        "Informasi berkala diumumkan dan diperbarui paling singkat enam bulan sekali",
        "checklist",
        {"types": BERKALA, "fresh": True},
        15,
        f"{SAQ}; {UU_9}",
    ),
    (
        "profiles",
        "Profile of the body, its leaders and staff published",
        "Profil badan publik, pimpinan dan pegawai diumumkan",
        "checklist",
        {"types": ["profile"], "fresh": False},
        5,
        f"{SAQ}; {UU_9}",
    ),
    (
        "regulations",
        "Regulations and policies published, with their drafts",
        "Peraturan dan kebijakan beserta rancangannya diumumkan",
        "checklist",
        {"types": ["regulations"], "fresh": False},
        5,
        f"{SAQ}; {UU_9}",
    ),
    (
        "forms",
        "Request and objection forms available online",
        "Formulir permohonan informasi dan keberatan tersedia secara daring",
        "forms_online",
        {},
        5,
        f"{SAQ}; Perki 1/2021",
    ),
    (
        "registers",
        "Registers of information requests and objections kept",
        "Register permohonan informasi dan keberatan tersedia",
        "registers_kept",
        {},
        5,
        f"{SAQ}; Perki 1/2021",
    ),
    (
        "service_hours",
        "Service hours and the PPID's contact details published",
        "Jam layanan dan kontak PPID diumumkan",
        "profile_fields",
        {"fields": ["service_hours", "address", "phone", "email"]},
        5,
        SAQ,
    ),
    (
        "maklumat",
        "The service charter (maklumat pelayanan) published",
        "Maklumat pelayanan informasi publik diumumkan",
        "service_charter",
        {},
        5,
        f"{SAQ}; UU 25/2009 Pasal 22",
    ),
    (
        "annual_report",
        "The annual report of the previous year issued",
        "Laporan tahunan layanan informasi publik tahun sebelumnya diterbitkan",
        "annual_report_issued",
        {"of_year": -1},
        10,
        f"{SAQ}; Perki 1/2021 Pasal 56",
    ),
    (
        "survey",
        "A satisfaction survey held in the year",
        "Survei kepuasan masyarakat dilaksanakan pada tahun berjalan",
        "survey_held",
        {"min_responses": 1},
        5,
        f"{SAQ}; PermenPANRB 14/2017",
    ),
    (
        "accuracy",
        "A documented accuracy check of published information",
        "Uji akurasi informasi yang diumumkan terdokumentasi",
        "manual",
        {},
        5,
        SAQ,
    ),
    (
        "accessibility",
        "Information service accessible to people with disabilities",
        "Layanan informasi yang dapat diakses penyandang disabilitas",
        "manual",
        {},
        5,
        f"{SAQ}; UU 8/2016",
    ),
]
YEARS = (2025, 2026)


def load(apps, schema_editor):
    """Create the missing indicators (idempotent) and log them."""
    from eppid.integrity.log import log_append
    from eppid.integrity.registry import REGISTRY, record_content

    model = apps.get_model("reports", "ReadinessIndicator")
    spec = next(spec for spec in REGISTRY.values() if spec.label == "reports.ReadinessIndicator")
    existing = set(model.objects.values_list("year", "code"))
    rows = [
        model(
            year=year,
            code=code,
            title_en=title_en,
            title_id=title_id,
            rule=rule,
            params=params,
            weight=Decimal(weight),
            source=source,
            to_confirm=True,
            position=position * 10,
        )
        for year in YEARS
        for position, (code, title_en, title_id, rule, params, weight, source) in enumerate(INDICATORS)
        if (year, code) not in existing
    ]
    if not rows:
        return
    with transaction.atomic():
        model.objects.bulk_create(rows)
        created = model.objects.filter(year__in=YEARS)
        wanted = {(row.year, row.code) for row in rows}
        for row in created.order_by("year", "position"):
            if (row.year, row.code) in wanted:
                log_append(
                    action="create",
                    object_type=spec.label,
                    object_id=row.pk,
                    content=record_content(spec, row),
                    actor="system",
                )


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_readiness_indicators"), ("integrity", "0005_integrity_runs")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
