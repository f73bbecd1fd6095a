"""Demo entries of the information list for 35.04 and 35, made through the catalog services.

Each entry is keyed by its title: one already in the unit's list is left as it is (whatever a
trainer did with it), so ``load_demo`` never creates one twice. The officer drafts and the PPID
publishes (for 35, which has no demo PPID, the system administrator does both: the demo staff of
35 stay deletable, as tests of load_demo expect); one entry has a second version,
so the public page shows a history, and one names information without attaching it, so the page
offers "request this information".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eppid.catalog.exemptions import exemption_record
from eppid.catalog.models import ConsequenceTest, InformationEntry
from eppid.catalog.services import entry_draft_create, entry_draft_update, entry_publish, entry_version_start
from eppid.organisation.models import Unit
from eppid.signing.pdf import pdf_render

RETENTION = "5 tahun (Jadwal Retensi Arsip), kemudian dinilai kembali (demo)"


@dataclass(frozen=True)
class DemoEntry:
    unit: str
    title: str
    summary: str
    category: str
    info_type: str
    format: str = "Softcopy (PDF) di laman ini; hardcopy di meja layanan PPID"
    document: tuple[str, ...] = ()  # paragraphs of the attached PDF; none: named but not attached
    second_version: tuple[str, ...] = ()  # paragraphs of a second version's document
    drafter: str = "petugas.tulungagung"
    publisher: str = "ppid.tulungagung"
    extra: dict = field(default_factory=dict)


DEMO_ENTRIES: tuple[DemoEntry, ...] = (
    DemoEntry(
        "35.04",
        "Profil Bawaslu Kabupaten Tulungagung (demo)",
        "Kedudukan, tugas, fungsi, wewenang, struktur organisasi dan alamat Bawaslu Kabupaten Tulungagung.",
        "periodic",
        "profile",
        document=(
            "Bawaslu Kabupaten Tulungagung mengawasi penyelenggaraan pemilu dan pemilihan di wilayah "
            "Kabupaten Tulungagung (dokumen demo).",
            "Struktur organisasi: Ketua, Anggota, Koordinator Sekretariat, Subbagian Hukum, Humas, "
            "Data dan Informasi.",
        ),
        second_version=(
            "Bawaslu Kabupaten Tulungagung mengawasi penyelenggaraan pemilu dan pemilihan di wilayah "
            "Kabupaten Tulungagung (dokumen demo, versi kedua).",
            "Struktur organisasi diperbarui setelah pelantikan anggota baru.",
        ),
    ),
    DemoEntry(
        "35.04",
        "Laporan realisasi anggaran semester I (demo)",
        "Anggaran dan realisasi belanja pegawai, barang dan modal Bawaslu Kabupaten Tulungagung semester I.",
        "periodic",
        "finances",
        document=(
            "Laporan realisasi anggaran semester I (demo): belanja pegawai, belanja barang, belanja modal.",
            "Seluruh angka dalam dokumen ini adalah contoh untuk pelatihan.",
        ),
    ),
    DemoEntry(
        "35.04",
        "Tahapan dan jadwal pengawasan pemilihan (demo)",
        "Tahapan, program dan jadwal pengawasan pemilihan kepala daerah di Kabupaten Tulungagung.",
        "periodic",
        "election_stages",
        document=(
            "Tahapan pemilihan: pemutakhiran data pemilih, pencalonan, kampanye, pemungutan suara (demo).",
        ),
    ),
    DemoEntry(
        "35.04",
        "Standar operasional prosedur pelayanan informasi publik (demo)",
        "Hak pemohon, tata cara permohonan informasi, pengajuan keberatan dan sengketa informasi.",
        "periodic",
        "request_procedures",
        document=(
            "Permohonan informasi dapat diajukan langsung, melalui surat, email atau laman e-PPID (demo).",
        ),
    ),
    DemoEntry(
        "35.04",
        "Laporan hasil pengawasan kampanye (demo)",
        "Rekapitulasi hasil pengawasan kampanye per kecamatan; salinan tersedia atas permohonan.",
        "on_demand",
        "open_meetings",
        format="Hardcopy di meja layanan PPID; softcopy atas permohonan",
    ),
    DemoEntry(
        "35.04",
        "Pengumuman perubahan lokasi TPS karena banjir (demo)",
        "Pemberitahuan serta merta perubahan lokasi tempat pemungutan suara di desa terdampak banjir.",
        "immediate",
        "public_threat",
        document=("Lokasi TPS 03 Desa Contoh dipindahkan ke balai desa karena banjir (pengumuman demo).",),
    ),
    DemoEntry(
        "35",
        "Profil Bawaslu Provinsi Jawa Timur (demo)",
        "Kedudukan, tugas, fungsi dan struktur organisasi Bawaslu Provinsi Jawa Timur.",
        "periodic",
        "profile",
        document=(
            "Bawaslu Provinsi Jawa Timur mengawasi pemilu dan pemilihan di Provinsi Jawa Timur (demo).",
        ),
        drafter="admin",
        publisher="admin",
    ),
    DemoEntry(
        "35",
        "Pengumuman pengadaan barang dan jasa (demo)",
        "Rencana umum pengadaan barang dan jasa Bawaslu Provinsi Jawa Timur.",
        "periodic",
        "procurement",
        document=("Rencana umum pengadaan: alat tulis kantor, sewa kendaraan, jasa kebersihan (demo).",),
        drafter="admin",
        publisher="admin",
    ),
)


def _pdf(unit: Unit, title: str, paragraphs) -> SimpleUploadedFile:
    content = pdf_render(title=title, unit_name=unit.name, blocks=list(paragraphs))
    name = "".join(char if char.isalnum() else "-" for char in title.lower()).strip("-")[:60] + ".pdf"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _data(item: DemoEntry, unit: Unit) -> dict:
    today = timezone.localdate()
    return {
        "title": item.title,
        "summary": item.summary,
        "category": item.category,
        "type": item.info_type,
        "year": str(today.year),
        "responsible": "Kepala Subbagian Hukum, Humas, Data dan Informasi (demo)",
        "created": today.replace(day=1).isoformat(),
        "format": item.format,
        "retention": RETENTION,
        **item.extra,
    }


def demo_catalog_load() -> list[int]:
    """Create the missing demo entries; return the ids of all of them (the same on every run)."""
    users = {user.username: user for user in get_user_model().objects.all()}
    units = {unit.code: unit for unit in Unit.objects.filter(code__in={item.unit for item in DEMO_ENTRIES})}
    ids = []
    for item in DEMO_ENTRIES:
        unit = units.get(item.unit)
        drafter, publisher = users.get(item.drafter), users.get(item.publisher)
        if unit is None or drafter is None or publisher is None:
            continue
        found = InformationEntry.objects.filter(unit=unit, versions__title=item.title).first()
        if found is not None:
            ids.append(found.pk)
            continue
        documents = [_pdf(unit, item.title, item.document)] if item.document else []
        entry = entry_draft_create(unit=unit, actor=drafter, data=_data(item, unit), documents=documents)
        entry = entry_publish(entry=entry, actor=publisher)
        if item.second_version:
            entry = entry_version_start(entry=entry, actor=drafter)
            draft_documents = [link.document_id for link in entry.draft.links.all()]
            entry = entry_draft_update(
                entry=entry,
                actor=drafter,
                data=_data(item, unit),
                documents=[_pdf(unit, item.title, item.second_version)],
                remove=draft_documents,
            )
            entry = entry_publish(entry=entry, actor=publisher)
        ids.append(entry.pk)
    return ids


# One exempt entry (DIK) of 35.04, through a consequence test held by its PPID.
DEMO_EXEMPTION = {
    "document": "Berkas penanganan dugaan pelanggaran pemilu (demo)",
    "information": "Identitas pelapor dan saksi dalam berkas penanganan dugaan pelanggaran (demo)",
    "exemption_basis": ["bawaslu_b", "h"],
    "legal_basis": (
        "Perbawaslu 1/2022 Pasal 18 ayat (2) huruf b (identitas pelapor dan saksi); UU 14/2008 Pasal 17 "
        "huruf h (rahasia pribadi)."
    ),
    "consequence": (
        "Bila identitas pelapor dan saksi dibuka, mereka dapat diintimidasi dan orang enggan melapor "
        "pelanggaran di kemudian hari."
    ),
    "public_interest": (
        "Kepentingan publik atas penanganan pelanggaran terpenuhi oleh putusan dan status laporan yang "
        "diumumkan; identitas saksi tidak menambah kepentingan itu."
    ),
    "participants": ["PPID Bawaslu Kabupaten Tulungagung (demo)", "Kepala Subbagian Hukum (demo)"],
}


def demo_exemption_load() -> int | None:
    """The demo consequence test of 35.04 (once); the id of its entry, or None without the demo PPID."""
    unit = Unit.objects.filter(code="35.04").first()
    ppid = get_user_model().objects.filter(username="ppid.tulungagung").first()
    if unit is None or ppid is None:
        return None
    found = ConsequenceTest.objects.filter(unit=unit, document=DEMO_EXEMPTION["document"]).first()
    if found is not None:
        return found.entry_id
    until = timezone.localdate().replace(month=12, day=31) + timedelta(days=365)
    data = {**DEMO_EXEMPTION, "until": until.isoformat()}
    return exemption_record(unit=unit, actor=ppid, data=data).entry_id
