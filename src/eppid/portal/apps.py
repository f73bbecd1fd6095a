from django.apps import AppConfig, apps

from eppid.core.public_cache import watch

# Apps whose every model's data may show on a cached public page or API read (decision 1420).
PUBLIC_DATA_APPS = ("organisation", "law", "catalog", "redaction")


class PortalConfig(AppConfig):
    name = "eppid.portal"
    label = "portal"

    def ready(self):
        # local: app registry not ready at import (models)
        from eppid.integrity.models import Checkpoint
        from eppid.signing.models import PERSONAL_KINDS, IssuedDocument

        for label in PUBLIC_DATA_APPS:
            for model in apps.get_app_config(label).get_models():
                watch(model)
        watch(Checkpoint)
        # A published document's signature shows in the information list; receipts and notices
        # (one per request) never show on a public page, so they leave the cache alone.
        watch(IssuedDocument, only=lambda document: document.kind not in PERSONAL_KINDS)
