"""The queryset every audited model of ours uses: no bulk update, which would bypass the log.

``QuerySet.delete()`` stays allowed: once a model has post_delete receivers Django deletes object
by object and sends the signal for each, so every deletion is logged.
"""

from django.db import models


class BulkUpdateRefused(RuntimeError):
    """QuerySet.update() on an audited model: save each object instead so that its change is logged."""


class AuditedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise BulkUpdateRefused(
            f"{self.model._meta.label} is audited: save each object instead of QuerySet.update()"
        )

    update.queryset_only = True


AuditedManager = models.Manager.from_queryset(AuditedQuerySet, "AuditedManager")
