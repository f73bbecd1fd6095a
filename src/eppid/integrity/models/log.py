"""The transparency log: one row per change or security event, hash-chained and append-only."""

from django.db import models

# The columns that repeat a member of an entry's canonical text (integrity.log.build_entry), for
# searching; verify_integrity checks them against it (verification.check_columns).
REPEATED_COLUMNS = (
    "seq",
    "recorded_at",
    "actor",
    "role",
    "action",
    "object_type",
    "object_id",
    "content_hash",
    "file_hashes",
)


class LogEntry(models.Model):
    """One leaf of the log.

    ``canonical`` is the entry's RFC 8785 JSON text: its UTF-8 bytes are the contract's "entry
    bytes" and the only source of truth. The other columns repeat what it holds so that the log
    can be searched; verification always goes back to ``canonical``.
    """

    seq = models.BigIntegerField(primary_key=True)
    recorded_at = models.DateTimeField()
    actor = models.CharField(max_length=40)
    role = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    content_hash = models.CharField(max_length=64, blank=True)
    file_hashes = models.JSONField(default=list)
    canonical = models.TextField()
    leaf_hash = models.CharField(max_length=64)
    chain_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="integrity_log_object_idx")]

    def __str__(self) -> str:
        return f"{self.seq} {self.action} {self.object_type} {self.object_id}"
