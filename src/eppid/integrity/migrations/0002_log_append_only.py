"""Make the log append-only and give the rows that migrations created their first entries."""

import dataclasses

from django.db import migrations

from eppid.integrity.log import GENESIS, build_entry, content_sha256
from eppid.integrity.registry import REGISTRY, record_content, record_file_hashes
from eppid.integrity.triggers import log_triggers_drop, log_triggers_install


def install(apps, schema_editor):
    log_triggers_install(schema_editor.connection)


def drop(apps, schema_editor):
    log_triggers_drop(schema_editor.connection)


def baseline(apps, schema_editor):
    """Rows loaded by data migrations (the 553 units, the UU 14/2008 rule set) were written without
    signals; record them once here, as the system, so a fresh database verifies clean."""
    from django.utils import timezone

    log_entry = apps.get_model("integrity", "LogEntry")
    head = log_entry.objects.order_by("-seq").values_list("seq", "chain_hash").first()
    seq, prev = (0, GENESIS) if head is None else (head[0] + 1, bytes.fromhex(head[1]))
    logged = set(log_entry.objects.values_list("object_type", "object_id"))
    now = timezone.now()
    batch = []
    for spec in sorted(REGISTRY.values(), key=lambda spec: spec.label):
        try:
            model = apps.get_model(spec.model._meta.app_label, spec.model._meta.model_name)
        except LookupError:
            # An app whose tables come later in the migration graph has no rows yet; its rows are
            # logged by the signals (or its own data migration) when they are written.
            continue
        # A field the code declares today may come from a later migration of its app: record what
        # the table has now; that later migration logs the row again (integrity.relog).
        present = {field.name for field in model._meta.get_fields() if getattr(field, "concrete", False)}
        spec = dataclasses.replace(
            spec,
            fields=tuple(name for name in spec.fields if name in present),
            files=tuple(name for name in spec.files if name in present),
        )
        for obj in model._base_manager.order_by("pk"):
            if (spec.label, str(obj.pk)) in logged:
                continue
            fields = build_entry(
                seq=seq,
                recorded_at=now,
                actor="system",
                role="",
                action="create",
                object_type=spec.label,
                object_id=obj.pk,
                content_hash=content_sha256(record_content(spec, obj)),
                files=record_file_hashes(spec, obj),
                prev=prev,
            )
            batch.append(log_entry(**fields))
            seq, prev = seq + 1, bytes.fromhex(fields["chain_hash"])
    log_entry.objects.bulk_create(batch, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("integrity", "0001_log"),
        ("accounts", "0005_user_audited_manager"),
        ("organisation", "0003_load_units"),
        ("law", "0002_seed_uu_14_2008"),
        ("otp_totp", "0003_add_timestamps"),
        ("django_otp_webauthn", "0004_webauthnuserhandle"),
    ]

    operations = [
        migrations.RunPython(baseline, migrations.RunPython.noop),
        migrations.RunPython(install, drop),
    ]
