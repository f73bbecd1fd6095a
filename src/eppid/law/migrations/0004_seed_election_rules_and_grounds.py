"""The law as data, part two: the election rule set (Perki 1/2019) and the legal grounds.

- The election information rule set (regime "election"). Its numbers come from secondary
  sources (reference notes, dip-dik.md section 1): every rule is marked "to confirm".
- The exemptions of UU 14/2008 Pasal 17 a-j and Perbawaslu 1/2022 Pasal 18(2) a-c, and the
  objection grounds of UU 14/2008 Pasal 35(1) a-g, with their text in Indonesian and an English
  rendering, source, date in force and the explanation citizens read.
- The UU 14/2008 rule set's follow-up step, whose article was never confirmed, is marked so.

Rows written here (and the rule sets whose declared content grew in 0003) are logged at the end,
as the system (eppid.integrity.relog). Frozen data: this migration does not follow the code.
"""

import datetime

from django.db import migrations

UU_EFFECTIVE = datetime.date(2010, 4, 30)
ELECTION_NAME = (
    "Perki No. 1 Tahun 2019 tentang Standar Layanan dan Prosedur Penyelesaian Sengketa Informasi "
    "Pemilihan Umum dan Pemilihan"
)
# Provisional: the date Perki 1/2019 came into force is not in the sources read (to confirm).
ELECTION_EFFECTIVE = datetime.date(2020, 1, 1)
ELECTION_BASIS = (
    "Peraturan Komisi Informasi No. 1 Tahun 2019 (election information): Pasal 12 (written notice "
    "within 3 working days, one extension of 2) and Pasal 14 (the atasan PPID answers an objection "
    "within 3 working days), as reported by secondary sources "
    "(harianhaluan.id/opini/hh-93823/keterbukaan-informasi-pilkada/3). To confirm against the "
    "official text, with its date of coming into force (1 January 2020 is provisional). The other "
    "steps keep the numbers of UU 14/2008 until checked."
)
ELECTION_RULES = [
    ("request_response", 3, "Perki 1/2019 Pasal 12"),
    ("request_extension", 2, "Perki 1/2019 Pasal 12"),
    ("objection_filing", 30, "UU 14/2008 Pasal 36(1); Perki 1/2019 not checked for this step"),
    ("objection_response", 3, "Perki 1/2019 Pasal 14"),
    ("dispute_filing", 14, "UU 14/2008 Pasal 37(2); Perki 1/2019 not checked for this step"),
    ("objection_followup", 10, "As for public information; Perki 1/2019 not checked for this step"),
]

PASAL_17_SOURCE = (
    "UU No. 14 Tahun 2008 Pasal 17 (opening words of each letter; its numbered points are not "
    "reproduced). Copies: https://sulteng.kemenag.go.id/ppid/layanan-informasi/informasi-yang-dikecualikan, "
    "https://text-id.123dok.com/document/ozlxk1o2z-informasi-yang-dikecualikan-seperti-tertuang-pada-bab-v-pasal-17-berikut.html"
)
_OPENED = "Informasi Publik yang apabila dibuka dan diberikan kepada Pemohon Informasi Publik dapat "
_OPENED_EN = "Public information that, if opened and given to a requester, could "
EXEMPTIONS = [
    (
        "a",
        "Pasal 17 huruf a: menghambat proses penegakan hukum",
        "Art. 17(a): would hamper law enforcement",
        _OPENED + "menghambat proses penegakan hukum.",
        _OPENED_EN + "hamper the process of law enforcement.",
    ),
    (
        "b",
        "Pasal 17 huruf b: mengganggu kepentingan perlindungan hak atas kekayaan intelektual dan "
        "perlindungan dari persaingan usaha tidak sehat",
        "Art. 17(b): would harm intellectual property or fair business competition",
        _OPENED + "mengganggu kepentingan perlindungan hak atas kekayaan intelektual dan perlindungan "
        "dari persaingan usaha tidak sehat.",
        _OPENED_EN + "harm the protection of intellectual property rights and the protection from "
        "unfair business competition.",
    ),
    (
        "c",
        "Pasal 17 huruf c: membahayakan pertahanan dan keamanan negara",
        "Art. 17(c): would endanger national defence and security",
        _OPENED + "membahayakan pertahanan dan keamanan negara.",
        _OPENED_EN + "endanger the defence and security of the state.",
    ),
    (
        "d",
        "Pasal 17 huruf d: mengungkapkan kekayaan alam Indonesia",
        "Art. 17(d): would reveal Indonesia's natural wealth",
        _OPENED + "mengungkapkan kekayaan alam Indonesia.",
        _OPENED_EN + "reveal Indonesia's natural wealth.",
    ),
    (
        "e",
        "Pasal 17 huruf e: merugikan ketahanan ekonomi nasional",
        "Art. 17(e): would harm the national economy",
        "Informasi Publik yang apabila dibuka dan diberikan kepada Pemohon Informasi Publik, dapat "
        "merugikan ketahanan ekonomi nasional.",
        _OPENED_EN + "harm national economic resilience.",
    ),
    (
        "f",
        "Pasal 17 huruf f: merugikan kepentingan hubungan luar negeri",
        "Art. 17(f): would harm foreign relations",
        "Informasi Publik yang apabila dibuka dan diberikan kepada Pemohon Informasi Publik, dapat "
        "merugikan kepentingan hubungan luar negeri.",
        _OPENED_EN + "harm the interests of foreign relations.",
    ),
    (
        "g",
        "Pasal 17 huruf g: mengungkapkan isi akta otentik yang bersifat pribadi dan kemauan terakhir "
        "atau wasiat seseorang",
        "Art. 17(g): would reveal the contents of private authentic deeds or wills",
        "Informasi Publik yang apabila dibuka dapat mengungkapkan isi akta otentik yang bersifat "
        "pribadi dan kemauan terakhir ataupun wasiat seseorang.",
        "Public information that, if opened, could reveal the contents of a private authentic deed "
        "and a person's last will or testament.",
    ),
    (
        "h",
        "Pasal 17 huruf h: mengungkap rahasia pribadi",
        "Art. 17(h): would reveal personal secrets",
        _OPENED + "mengungkap rahasia pribadi.",
        _OPENED_EN + "reveal personal secrets.",
    ),
    (
        "i",
        "Pasal 17 huruf i: memorandum atau surat antar atau intra badan publik yang menurut sifatnya "
        "dirahasiakan",
        "Art. 17(i): confidential memoranda or letters between or within public bodies",
        "Memorandum atau surat-surat antar Badan Publik atau intra Badan Publik, yang menurut "
        "sifatnya dirahasiakan kecuali atas putusan Komisi Informasi atau pengadilan.",
        "Memoranda or letters between or within public bodies that are confidential by their "
        "nature, unless the Information Commission or a court decides otherwise.",
    ),
    (
        "j",
        "Pasal 17 huruf j: informasi yang tidak boleh diungkapkan berdasarkan undang-undang",
        "Art. 17(j): information that another law closes to the public",
        "Informasi yang tidak boleh diungkapkan berdasarkan Undang-Undang.",
        "Information that may not be disclosed under a law.",
    ),
]

PERBAWASLU_SOURCE = (
    "Perbawaslu No. 1 Tahun 2022 (amending Perbawaslu No. 10 Tahun 2019) Pasal 18 ayat (2), as "
    "summarised by a secondary source: https://galuh.id/ada-laporan-dugaan-money-politik-bawaslu-ciamis-akan-proses-sesuai-aturan/2"
)
PERBAWASLU_CONFIRM = (
    "The wording is a summary from a secondary source, and the date of coming into force is "
    "provisional: check both against the official text of Perbawaslu 1/2022 Pasal 18(2)."
)
PERBAWASLU_EFFECTIVE = datetime.date(2022, 1, 1)
ELECTION_EXEMPTIONS = [
    (
        "bawaslu_a",
        "a",
        "Perbawaslu 1/2022 Pasal 18 ayat (2) huruf a: mengganggu pencegahan, penanganan pelanggaran, "
        "atau penyelesaian sengketa",
        "Perbawaslu 1/2022 Art. 18(2)(a): would disrupt prevention, violation handling or dispute "
        "settlement",
        "Informasi yang apabila dibuka dapat mengganggu proses pencegahan, penanganan pelanggaran, "
        "dan penyelesaian sengketa proses.",
        "Information that, if opened, could disrupt the prevention and handling of violations and the "
        "settlement of process disputes.",
    ),
    (
        "bawaslu_b",
        "b",
        "Perbawaslu 1/2022 Pasal 18 ayat (2) huruf b: identitas informan, pelapor, atau saksi",
        "Perbawaslu 1/2022 Art. 18(2)(b): identities of informants, reporters or witnesses",
        "Identitas informan, pelapor, dan saksi.",
        "The identities of informants, reporters and witnesses.",
    ),
    (
        "bawaslu_c",
        "c",
        "Perbawaslu 1/2022 Pasal 18 ayat (2) huruf c: membahayakan pengawas, pemilih, informan, "
        "pelapor, atau saksi",
        "Perbawaslu 1/2022 Art. 18(2)(c): would endanger supervisors, voters, informants, reporters "
        "or witnesses",
        "Informasi yang apabila dibuka dapat membahayakan pengawas, pemilih, informan, pelapor, dan saksi.",
        "Information that, if opened, could endanger supervisors, voters, informants, reporters and "
        "witnesses.",
    ),
]

PASAL_35_SOURCE = (
    "UU No. 14 Tahun 2008 Pasal 35 ayat (1); settlement by agreement of grounds b-g: Pasal 35 ayat (2). "
    "Copies: http://dlh.semarangkab.go.id/?page_id=5102, "
    "https://bkpsdm.tabanankab.go.id/tata-cara-penyelesaian-sengketa-informasi-sesuai-dengan-undang-undang-no-14-tahun-2008/"
)
# (letter, condition, settleable, label id, label en, text id, text en, guidance id, guidance en)
OBJECTION_GROUNDS = [
    (
        "a",
        "refusal",
        False,
        "(a) Permohonan ditolak dengan alasan pengecualian (Pasal 17)",
        "(a) The request was refused on the ground of an exemption (Article 17)",
        "penolakan atas permintaan informasi berdasarkan alasan pengecualian sebagaimana dimaksud "
        "dalam Pasal 17;",
        "the refusal of a request for information on the ground of an exemption referred to in "
        "Article 17;",
        "Unit menolak seluruh atau sebagian permohonan Anda dengan alasan informasinya dikecualikan. "
        "Anda dapat mengajukan keberatan atas penolakan atau pemberian sebagian.",
        "The unit refused all or part of your request, saying the information is closed to the "
        "public. You can object to a refusal or a partial grant.",
    ),
    (
        "b",
        "periodic",
        True,
        "(b) Informasi berkala tidak disediakan (Pasal 9)",
        "(b) Periodic information was not provided (Article 9)",
        "tidak disediakannya informasi berkala sebagaimana dimaksud dalam Pasal 9;",
        "periodic information referred to in Article 9 not being provided;",
        "Unit belum mengumumkan informasi yang wajib diumumkan secara berkala, seperti kegiatan, "
        "kinerja, atau laporan keuangannya. Anda dapat mengajukan keberatan tanpa mengajukan "
        "permohonan lebih dahulu.",
        "The unit has not published information it must publish regularly, such as its activities, "
        "performance or finances. You can object to this without making a request first.",
    ),
    (
        "c",
        "unanswered",
        True,
        "(c) Permohonan tidak ditanggapi",
        "(c) The request was not answered",
        "tidak ditanggapinya permintaan informasi;",
        "a request for information not being responded to;",
        "Anda tidak menerima jawaban tertulis atas permohonan Anda sampai batas waktunya. Anda dapat "
        "mengajukan keberatan setelah batas waktu itu lewat.",
        "You did not receive a written answer to your request by its due date. You can object once "
        "the due date has passed.",
    ),
    (
        "d",
        "answered_otherwise",
        True,
        "(d) Permohonan ditanggapi tidak sebagaimana yang diminta",
        "(d) The request was answered other than as asked",
        "permintaan informasi ditanggapi tidak sebagaimana yang diminta;",
        "a request for information being responded to other than as requested;",
        "Unit menanggapi permohonan Anda, tetapi yang diberikan bukan yang Anda minta.",
        "The unit answered your request, but what it gave you is not what you asked for.",
    ),
    (
        "e",
        "not_fulfilled",
        True,
        "(e) Permohonan tidak dipenuhi",
        "(e) The request was not fulfilled",
        "tidak dipenuhinya permintaan informasi;",
        "a request for information not being fulfilled;",
        "Unit menanggapi permohonan Anda, tetapi tidak benar-benar memberikan informasi yang dijanjikan.",
        "The unit answered your request but did not actually give you the information it said you "
        "would get.",
    ),
    (
        "f",
        "fee",
        True,
        "(f) Pengenaan biaya yang tidak wajar",
        "(f) An unreasonable fee was charged",
        "pengenaan biaya yang tidak wajar; dan/atau",
        "the imposition of an unreasonable fee; and/or",
        "Unit mengenakan biaya penggandaan atau pengiriman yang menurut Anda tidak wajar.",
        "The unit charged you a fee for copying or delivery that you think is unreasonable.",
    ),
    (
        "g",
        "late",
        True,
        "(g) Penyampaian informasi melebihi waktu yang diatur undang-undang",
        "(g) The information was provided later than the law allows",
        "penyampaian informasi yang melebihi waktu yang diatur dalam Undang-Undang ini.",
        "the delivery of information later than the time set by this Law.",
        "Unit menanggapi permohonan Anda setelah batas waktunya, atau belum menanggapinya padahal "
        "batas waktu sudah lewat.",
        "The unit answered your request after its due date, or has not answered it although the due "
        "date has passed.",
    ),
]


def _grounds():
    rows = []
    for position, (letter, label_id, label_en, text_id, text_en) in enumerate(EXEMPTIONS, 1):
        rows.append(
            dict(
                kind="exemption",
                code=letter,
                letter=letter,
                article=f"UU 14/2008 Pasal 17 huruf {letter}",
                label_id=label_id,
                label_en=label_en,
                text_id=text_id,
                text_en=text_en,
                source=PASAL_17_SOURCE,
                effective_from=UU_EFFECTIVE,
                position=position,
            )
        )
    for position, (code, letter, label_id, label_en, text_id, text_en) in enumerate(ELECTION_EXEMPTIONS, 1):
        rows.append(
            dict(
                kind="election_exemption",
                code=code,
                letter=letter,
                article=f"Perbawaslu 1/2022 Pasal 18 ayat (2) huruf {letter}",
                label_id=label_id,
                label_en=label_en,
                text_id=text_id,
                text_en=text_en,
                source=PERBAWASLU_SOURCE,
                effective_from=PERBAWASLU_EFFECTIVE,
                to_confirm=True,
                to_confirm_note=PERBAWASLU_CONFIRM,
                position=position,
            )
        )
    for position, row in enumerate(OBJECTION_GROUNDS, 1):
        letter, condition, settleable, label_id, label_en, text_id, text_en, guide_id, guide_en = row
        rows.append(
            dict(
                kind="objection",
                code=letter,
                letter=letter,
                article=f"UU 14/2008 Pasal 35 ayat (1) huruf {letter}",
                label_id=label_id,
                label_en=label_en,
                text_id=text_id,
                text_en=text_en,
                guidance_id=guide_id,
                guidance_en=guide_en,
                condition=condition,
                settleable=settleable,
                source=PASAL_35_SOURCE,
                effective_from=UU_EFFECTIVE,
                position=position,
            )
        )
    return rows


def seed(apps, schema_editor):
    """Idempotent: the test suite calls it again after a flush (tests/conftest.py)."""
    rule_set_model = apps.get_model("law", "DeadlineRuleSet")
    rule_model = apps.get_model("law", "DeadlineRule")
    ground_model = apps.get_model("law", "LegalGround")
    rule_set, created = rule_set_model.objects.get_or_create(
        regime="election",
        effective_from=ELECTION_EFFECTIVE,
        defaults={"name": ELECTION_NAME, "legal_basis": ELECTION_BASIS},
    )
    if created:
        for step, days, basis in ELECTION_RULES:
            rule_model.objects.create(
                rule_set=rule_set, step=step, working_days=days, basis=basis, to_confirm=True
            )
    for rule in rule_model.objects.filter(
        rule_set__regime="general", rule_set__effective_from=UU_EFFECTIVE, step="objection_followup"
    ):
        if not rule.to_confirm:
            rule.to_confirm = True
            rule.save(update_fields=["to_confirm"])
    for row in _grounds():
        key = {name: row.pop(name) for name in ("kind", "code", "effective_from")}
        ground_model.objects.get_or_create(**key, defaults=row)


def log_rows(apps, schema_editor):
    from eppid.integrity.relog import records_relog

    records_relog(apps, ["law.DeadlineRuleSet", "law.DeadlineRule", "law.LegalGround"])


def unseed(apps, schema_editor):
    apps.get_model("law", "LegalGround").objects.all().delete()
    apps.get_model("law", "DeadlineRuleSet").objects.filter(regime="election").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("law", "0003_election_periods_and_grounds"),
        ("integrity", "0005_integrity_runs"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(log_rows, migrations.RunPython.noop),
    ]
