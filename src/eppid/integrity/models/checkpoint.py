from django.db import models


class Checkpoint(models.Model):
    """A signed statement of the log's size and root, published for anyone to hold us to."""

    size = models.PositiveBigIntegerField(unique=True)
    root_hash = models.CharField(max_length=64)
    note = models.TextField()
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["-size"]
        get_latest_by = "size"

    def __str__(self) -> str:
        return f"checkpoint {self.size}"
