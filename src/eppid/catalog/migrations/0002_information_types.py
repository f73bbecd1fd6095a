"""The kinds of information the law names, and the statutory checklist of periodic items, as data.

Sources (research notes in the project's reference folder): UU 14/2008 Pasal 9 (berkala, renewed
at least every six months: Pasal 9(4)), Pasal 10 (serta merta), Pasal 11(1) a-h (setiap saat);
the periodic list of Perki 1/2021 as copied in the PPID Sumbar handbook (pp. 19-22); the election
information of Perki 1/2019, known only from secondary sources, hence marked to confirm.

The rows are written without signals (historical models), so this migration records each in the
transparency log itself, as the system, exactly as the log's baseline migration did for the units.
"""

from django.db import migrations, transaction

SIX_MONTHS = 6
PERKI_2021 = "UU 14/2008 Pasal 9; Perki 1/2021 (list as copied in the PPID Sumbar handbook pp. 19-22)"
PERKI_2019 = "Perki 1/2019 (secondary sources; text not checked)"
UU_11 = "UU 14/2008 Pasal 11(1)"

# (code, Indonesian name, English name, category, checklist, election, to_confirm, legal basis)
TYPES = [
    ("profile", "Profil badan publik", "Profile of the public body", "periodic", True, False, False, PERKI_2021),
    ("programmes", "Program dan kegiatan", "Programmes and activities", "periodic", True, False, False, PERKI_2021),
    ("performance", "Ringkasan kinerja", "Performance", "periodic", True, False, False, PERKI_2021),
    (
        "finances",
        "Laporan keuangan (anggaran dan realisasi, neraca, arus kas dan catatan, aset)",
        "Financial reports (budget and realisation, balance sheet, cash flow and notes, assets)",
        "periodic",
        True,
        False,
        False,
        PERKI_2021,
    ),
    (
        "access_summary",
        "Ringkasan laporan akses informasi publik",
        "Summary of the access to public information (requests, time taken, decisions, reasons)",
        "periodic",
        True,
        False,
        False,
        PERKI_2021,
    ),
    (
        "regulations",
        "Peraturan dan kebijakan, termasuk rancangannya",
        "Regulations and policies, drafts included",
        "periodic",
        True,
        False,
        False,
        PERKI_2021,
    ),
    (
        "request_procedures",
        "Hak dan tata cara memperoleh informasi, mengajukan keberatan dan sengketa",
        "Rights and procedures for requests, objections and disputes, with contact persons",
        "periodic",
        True,
        False,
        False,
        PERKI_2021,
    ),
    (
        "complaint_procedure",
        "Tata cara pengaduan penyalahgunaan wewenang",
        "Procedure for complaints about abuse of authority",
        "periodic",
        True,
        False,
        False,
        PERKI_2021,
    ),
    (
        "procurement",
        "Pengumuman pengadaan barang dan jasa",
        "Procurement notices",
        "periodic",
        True,
        False,
        False,
        PERKI_2021,
    ),
    (
        "early_warning",
        "Prosedur peringatan dini dan evakuasi keadaan darurat",
        "Early-warning and evacuation procedures",
        "periodic",
        True,
        False,
        False,
        PERKI_2021,
    ),
    (
        "election_stages",
        "Tahapan, program dan jadwal pemilu dan pemilihan",
        "Election stages, programmes and schedule",
        "periodic",
        True,
        True,
        True,
        PERKI_2019,
    ),
    (
        "election_rights",
        "Hak, kewajiban, larangan dan sanksi dalam pemilu",
        "Rights, duties, prohibitions and sanctions in elections",
        "periodic",
        True,
        True,
        True,
        PERKI_2019,
    ),
    (
        "election_results",
        "Hasil setiap tahapan pemilu dan pemilihan",
        "Results of each election stage",
        "periodic",
        True,
        True,
        True,
        PERKI_2019,
    ),
    (
        "election_participation",
        "Tata cara dan saluran partisipasi masyarakat dalam pengawasan",
        "Procedures and channels for public participation",
        "periodic",
        True,
        True,
        True,
        PERKI_2019,
    ),
    (
        "election_rule_changes",
        "Perubahan peraturan yang memengaruhi hak memilih dan dipilih",
        "Changes of rules that affect the right to vote or to stand",
        "immediate",
        False,
        True,
        True,
        PERKI_2019,
    ),
    (
        "public_threat",
        "Informasi yang mengancam hajat hidup orang banyak dan ketertiban umum",
        "Information on threats to life and public order (disasters, disease, disruption)",
        "immediate",
        False,
        False,
        False,
        "UU 14/2008 Pasal 10",
    ),
    ("dip", "Daftar informasi publik", "The list of public information", "on_demand", False, False, False, UU_11),
    (
        "decisions",
        "Keputusan badan publik dan pertimbangannya",
        "Decisions of the body and their reasoning",
        "on_demand",
        False,
        False,
        False,
        UU_11,
    ),
    (
        "policies",
        "Kebijakan dan dokumen pendukungnya",
        "Policies with their supporting documents",
        "on_demand",
        False,
        False,
        False,
        UU_11,
    ),
    (
        "project_plans",
        "Rencana kerja proyek dan perkiraan pengeluaran tahunan",
        "Project work plans with annual spending estimates",
        "on_demand",
        False,
        False,
        False,
        UU_11,
    ),
    (
        "agreements",
        "Perjanjian dengan pihak ketiga",
        "Agreements with third parties",
        "on_demand",
        False,
        False,
        False,
        UU_11,
    ),
    (
        "open_meetings",
        "Informasi dan kebijakan yang disampaikan dalam pertemuan terbuka",
        "Information and policies stated in open meetings",
        "on_demand",
        False,
        False,
        False,
        UU_11,
    ),
    (
        "staff_procedures",
        "Prosedur kerja pegawai dalam pelayanan masyarakat",
        "Working procedures of staff serving the public",
        "on_demand",
        False,
        False,
        False,
        UU_11,
    ),
    (
        "access_report",
        "Laporan pelayanan akses informasi publik",
        "Report on the public information access service",
        "on_demand",
        False,
        False,
        False,
        UU_11,
    ),
    ("other", "Informasi lainnya", "Other information", "on_demand", False, False, False, "UU 14/2008"),
]


def load_types(apps, schema_editor):
    """Create the missing types (idempotent: an existing code is left as it is) and log them."""
    from eppid.integrity.log import log_append
    from eppid.integrity.registry import REGISTRY, record_content

    model = apps.get_model("catalog", "InformationType")
    spec = next(spec for spec in REGISTRY.values() if spec.label == "catalog.InformationType")
    existing = set(model.objects.values_list("code", flat=True))
    missing = [row for row in TYPES if row[0] not in existing]
    if not missing:
        return
    position_of = {row[0]: position * 10 for position, row in enumerate(TYPES)}
    with transaction.atomic():
        # bulk_create sends no signals (whether ``apps`` is the migration state or the real one), so
        # each row is logged exactly once, here.
        model.objects.bulk_create(
            model(
                code=code,
                name_id=name_id,
                name_en=name_en,
                category=category,
                checklist=checklist,
                election=election,
                renewal_months=SIX_MONTHS if category == "periodic" else None,
                legal_basis=basis,
                to_confirm=confirm,
                position=position_of[code],
            )
            for code, name_id, name_en, category, checklist, election, confirm, basis in missing
        )
        for row in model.objects.filter(code__in=[row[0] for row in missing]).order_by("position"):
            log_append(
                action="create",
                object_type=spec.label,
                object_id=row.pk,
                content=record_content(spec, row),
                actor="system",
            )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_information_list"), ("integrity", "0005_integrity_runs")]

    operations = [migrations.RunPython(load_types, migrations.RunPython.noop)]
