"""Encrypt the PDFs that earlier versions stored in clear (development databases).

Each plaintext file (under signing/, not yet an e-PPID encrypted file) is encrypted for its row
and column, the row is pointed at the encrypted copy, and the plaintext is deleted only once the
migration has committed. The PDF's bytes do not change, so the SHA-256 in the transparency log
still matches (it is the plaintext's). A file that is missing is left as it is and reported
(verify_integrity names it too). Running it again finds nothing to do.
"""

from django.db import migrations, transaction

from eppid.integrity import crypto
from eppid.integrity.fields import field_aad

FIELDS = ("source", "file")


def _is_encrypted(storage, name: str) -> bool:
    with storage.open(name, "rb") as handle:
        return handle.read(len(crypto.FILE_MAGIC)) == crypto.FILE_MAGIC


def encrypt_plaintext(apps, schema_editor):
    from django.core.files.storage import default_storage

    model = apps.get_model("signing", "IssuedDocument")
    plaintext_left = []
    for obj in model._base_manager.order_by("pk"):
        updates = {}
        for name in FIELDS:
            stored = getattr(obj, name)
            if not stored:
                continue
            try:
                if _is_encrypted(default_storage, stored):
                    continue
                with default_storage.open(stored, "rb") as handle:
                    content = handle.read()
            except OSError:
                print(f"\n  signing: document {obj.code}: stored file {stored} is missing; left as it is")
                continue
            updates[name] = crypto.encrypted_file_save(content, aad=field_aad(obj, obj._meta.get_field(name)))
            plaintext_left.append(stored)
        if updates:
            model._base_manager.filter(pk=obj.pk).update(**updates)
    if plaintext_left:
        print(f"\n  signing: encrypted {len(plaintext_left)} stored document file(s)")
        transaction.on_commit(lambda: [default_storage.delete(name) for name in plaintext_left])


class Migration(migrations.Migration):
    dependencies = [
        ("signing", "0002_encrypted_files"),
    ]

    operations = [
        migrations.RunPython(encrypt_plaintext, migrations.RunPython.noop),
    ]
