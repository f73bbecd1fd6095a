"""The log's baseline migration copes with audited models whose apps migrate after it."""

import importlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from eppid.integrity.models import LogEntry
from eppid.integrity.registry import REGISTRY

baseline_migration = importlib.import_module("eppid.integrity.migrations.0002_log_append_only")


@pytest.mark.django_db
def test_baseline_skips_audited_models_missing_from_its_migration_state():
    loader = MigrationLoader(connection)
    state = loader.project_state(("integrity", "0001_log"))
    known = {(m._meta.app_label, m._meta.model_name) for m in state.apps.get_models()}
    later = [
        spec
        for spec in REGISTRY.values()
        if (spec.model._meta.app_label, spec.model._meta.model_name) not in known
    ]
    assert later, "every audited model is in the state before the baseline; the test proves nothing"
    before = LogEntry.objects.count()
    with transaction.atomic():
        baseline_migration.baseline(state.apps, None)  # the baseline writes through the ORM only
    assert LogEntry.objects.count() == before


@pytest.mark.django_db
def test_relog_records_the_rows_a_migration_changed_once():
    """integrity.relog: the data migrations' way to log rows whose declared content they changed."""
    import io

    from django.apps import apps
    from django.core.management import call_command

    from eppid.integrity.relog import records_relog
    from eppid.law.models import LegalGround

    assert records_relog(apps, ["law.LegalGround", "law.DeadlineRuleSet"]) == 0
    ground = LegalGround.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE law_legalground SET to_confirm_note = %s WHERE id = %s", ["Check it", ground.pk]
        )
    before = LogEntry.objects.count()
    assert records_relog(apps, ["law.LegalGround"]) == 1
    assert records_relog(apps, ["law.LegalGround"]) == 0
    last = LogEntry.objects.order_by("-seq").first()
    assert LogEntry.objects.count() == before + 1
    assert (last.action, last.actor, last.object_id) == ("update", "system", str(ground.pk))
    call_command("verify_integrity", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_relog_with_files_read_records_the_files_a_declaration_now_covers(settings, tmp_path):
    """A migration that adds stored files to a declaration (reports 0008: the annual report's XLSX
    and CSV) logs each row again with its files' SHA-256, once; before it, the last entry had none."""
    import io

    from django.apps import apps
    from django.core.management import call_command
    from tests.signing_support import issue_sample, pki_setup

    from eppid.integrity.log import log_append
    from eppid.integrity.registry import record_content
    from eppid.integrity.relog import records_relog
    from eppid.organisation.models import Unit
    from eppid.reports.models import AnnualReportIssue

    pki_setup(settings, tmp_path)
    user = get_user_model().objects.create_user(username="ppid", password="x" * 20)
    issue = AnnualReportIssue(
        unit=Unit.objects.get(code="35.04"),
        year=2025,
        scope="unit",
        version=1,
        document=issue_sample(kind="annual_report", reference="35.04-2025-unit"),
        xlsx_sha256="",
        csv_sha256="",
        issued_by=user,
        issued_at=timezone.now(),
    )
    issue.xlsx.save("annual/t.xlsx", ContentFile(b"xlsx"), save=False)
    issue.csv.save("annual/t.csv", ContentFile(b"csv"), save=False)
    issue.save()
    spec = REGISTRY[AnnualReportIssue]
    # As the release before 0008 logged it: the record's content, no file.
    log_append(
        action="update", object_type=spec.label, object_id=issue.pk, content=record_content(spec, issue)
    )
    assert records_relog(apps, ["reports.AnnualReportIssue"]) == 0  # content alone: nothing changed
    assert records_relog(apps, ["reports.AnnualReportIssue"], files_read=True) == 1
    assert records_relog(apps, ["reports.AnnualReportIssue"], files_read=True) == 0
    last = LogEntry.objects.order_by("-seq").first()
    assert (last.actor, last.object_id, len(last.file_hashes)) == ("system", str(issue.pk), 2)
    call_command("verify_integrity", "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
@pytest.mark.tampers
def test_relog_of_a_widened_declaration_leaves_a_row_edited_before_the_upgrade_a_finding(settings, tmp_path):
    """signing 0007 adds created_at to the documents' declaration: a document that matched its last
    entry is logged again with it; one edited by hand before the upgrade is not blessed."""
    import io

    from django.apps import apps
    from django.core.management import CommandError, call_command
    from tests.signing_support import issue_sample, pki_setup

    from eppid.integrity.log import log_append
    from eppid.integrity.registry import record_content
    from eppid.integrity.relog import records_relog
    from eppid.signing.models import IssuedDocument

    pki_setup(settings, tmp_path)
    kept, edited = issue_sample(), issue_sample(reference="35.04-2026-00043")
    spec = REGISTRY[IssuedDocument]
    for doc in (kept, edited):  # as the release before 0007 logged them: without created_at
        content = {k: v for k, v in record_content(spec, doc).items() if k != "created_at"}
        last = LogEntry.objects.filter(object_type=spec.label, object_id=str(doc.pk)).order_by("-seq").first()
        log_append(
            action="update", object_type=spec.label, object_id=doc.pk, content=content, files=last.file_hashes
        )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE signing_issueddocument SET signer_name = 'Forged' WHERE id = %s", [edited.pk])
    assert records_relog(apps, ["signing.IssuedDocument"], added=("created_at",)) == 1
    assert records_relog(apps, ["signing.IssuedDocument"], added=("created_at",)) == 0
    assert LogEntry.objects.order_by("-seq").first().object_id == str(kept.pk)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_integrity", "--no-progress", stdout=out, stderr=io.StringIO())
    assert f"records: signing.IssuedDocument {edited.pk} " in out.getvalue()
    assert f"signing.IssuedDocument {kept.pk} " not in out.getvalue()
