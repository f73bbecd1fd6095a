from django.db import models


class JobState(models.Model):
    """When the scheduler last enqueued a periodic job, and the task it enqueued then."""

    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_task_id = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.name
