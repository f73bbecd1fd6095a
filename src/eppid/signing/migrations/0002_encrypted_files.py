"""Issued documents are stored encrypted (they name requesters): a row id for the AAD, and the
file columns become EncryptedFileField. Existing plaintext files are encrypted by 0003."""

import uuid

from django.db import migrations, models

import eppid.integrity.fields


def row_ids(apps, schema_editor):
    model = apps.get_model("signing", "IssuedDocument")
    for pk in model._base_manager.filter(row_id__isnull=True).values_list("pk", flat=True):
        model._base_manager.filter(pk=pk).update(row_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("signing", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="issueddocument",
            name="row_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(row_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="issueddocument",
            name="row_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="issueddocument",
            name="file",
            field=eppid.integrity.fields.EncryptedFileField(
                blank=True, editable=False, max_length=200, serialize=False
            ),
        ),
        migrations.AlterField(
            model_name="issueddocument",
            name="source",
            field=eppid.integrity.fields.EncryptedFileField(
                blank=True, editable=False, max_length=200, serialize=False
            ),
        ),
    ]
