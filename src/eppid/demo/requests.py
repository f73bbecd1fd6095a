"""Demo requests for unit 35.04, in every state the console shows, made through the services.

Each scenario is keyed by its ``information`` text: a scenario already in the database is left as
it is (whatever a trainer did with it), so ``load_demo`` never creates one twice. Dates are
relative to today, in the unit's working days, so the console looks alive on any day.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from eppid.disclosure.models import InformationRequest
from eppid.disclosure.services import (
    request_decide,
    request_extend,
    request_start,
    request_submit,
)
from eppid.law.calendar import WorkingCalendar

DEMO_UNIT = "35.04"
DEMO_OFFICER = "petugas.tulungagung"
# An invented NIK of the right form (province 35, regency 04, born 1 January 1990); not a person.
DEMO_NIK = "3504010101900003"


@dataclass(frozen=True)
class DemoRequest:
    key: str  # what happens to it
    days_ago: int  # working days since receipt
    name: str
    information: str
    purpose: str
    occupation: str
    channel: str = "walk_in"


DEMO_REQUESTS: tuple[DemoRequest, ...] = (
    DemoRequest(
        "received",
        0,
        "Rina Kartika (demo)",
        "Daftar pemilih tetap Pilkada 2024 per kecamatan (demo)",
        "Penelitian skripsi tentang partisipasi pemilih",
        "Mahasiswa",
        channel="online",
    ),
    DemoRequest(
        "in_progress",
        3,
        "Agus Prasetyo (demo)",
        "Laporan hasil pengawasan kampanye Pemilu 2024 (demo)",
        "Bahan liputan media lokal",
        "Wartawan",
    ),
    DemoRequest(
        "extended",
        8,
        "Lembaga Pemantau Pemilu Tulungagung (demo)",
        "Rekapitulasi penanganan pelanggaran tahun 2024 (demo)",
        "Evaluasi pemantauan pemilu",
        "Pegiat LSM",
    ),
    DemoRequest(
        "completed",
        6,
        "Dewi Lestari (demo)",
        "Salinan SK pembentukan Panwaslu Kecamatan 2024 (demo)",
        "Kelengkapan arsip organisasi",
        "Karyawan swasta",
    ),
    DemoRequest(
        "overdue",
        14,
        "Bambang Sutrisno (demo)",
        "Anggaran pengawasan tahapan Pilkada 2024 (demo)",
        "Kajian anggaran publik",
        "Dosen",
    ),
)


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _working_day_back(today: date, working_days: int) -> date:
    """The latest working day D with ``working_days`` working days in (D, today]."""
    calendar = WorkingCalendar(DEMO_UNIT)
    day = today
    while True:
        if calendar.is_working_day(day) and calendar.working_days_between(day, today) >= working_days:
            return day
        day -= timedelta(days=1)


def _data(item: DemoRequest, number: int) -> dict:
    return {
        "unit": DEMO_UNIT,
        "requester_type": "individual",
        "name": item.name,
        "nik": DEMO_NIK,
        "email": f"pemohon{number}@contoh.demo.invalid",
        "phone": f"0355 000 10{number}",
        "address": f"Jalan Contoh Nomor {number}, Tulungagung (alamat demo)",
        "occupation": item.occupation,
        "information": item.information,
        "purpose": item.purpose,
        "access_method": "copy",
        "copy_format": "softcopy",
        "delivery": "email",
    }


def demo_requests_load(*, today: date | None = None) -> list[str]:
    """Create the missing demo requests of 35.04; return the registration numbers of all of them
    (the same list on every run, so the command prints the same)."""
    officer = get_user_model().objects.filter(username=DEMO_OFFICER).first()
    if officer is None:
        return []
    today = today or timezone.localdate()
    existing = set(
        InformationRequest.objects.filter(
            unit__code=DEMO_UNIT, information__in=[item.information for item in DEMO_REQUESTS]
        ).values_list("information", flat=True)
    )
    for number, item in enumerate(DEMO_REQUESTS, start=1):
        if item.information in existing:
            continue
        upload = SimpleUploadedFile("ktp-demo.pdf", _pdf(), content_type="application/pdf")
        if item.channel == "online":
            result = request_submit(data=_data(item, number), identity_document=upload)
        else:
            received = _working_day_back(today, item.days_ago)
            received_at = timezone.make_aware(datetime.combine(received, time(9, 0)))
            received_at = min(received_at, timezone.now())
            result = request_submit(
                data=_data(item, number),
                identity_document=upload,
                channel=item.channel,
                received_at=received_at,
                actor=officer,
            )
        request = result.request
        if item.key in ("in_progress", "extended", "completed", "overdue"):
            request_start(request=request, actor=officer)
        if item.key == "extended":
            request_extend(
                request=request,
                actor=officer,
                reason="Dokumen masih dihimpun dari arsip kecamatan (demo).",
            )
        if item.key == "completed":
            request_decide(
                request=request,
                actor=officer,
                outcome="granted",
                explanation="Informasi terbuka dan dikuasai Bawaslu Kabupaten Tulungagung (demo).",
                material="Salinan SK pembentukan Panwaslu Kecamatan 2024 (demo).",
                documents=[SimpleUploadedFile("sk-demo.pdf", _pdf(), content_type="application/pdf")],
            )
    return list(
        InformationRequest.objects.filter(
            unit__code=DEMO_UNIT, information__in=[item.information for item in DEMO_REQUESTS]
        )
        .order_by("year", "sequence")
        .values_list("registration_number", flat=True)
    )
