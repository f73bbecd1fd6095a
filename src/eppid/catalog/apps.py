from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "eppid.catalog"
    label = "catalog"

    def ready(self):
        # local: app registry not ready at import (models)
        from eppid.catalog.models import UnitSubscription
        from eppid.integrity.retention import retention_register

        # A subscription never confirmed, or ended, keeps its address only for a short while.
        retention_register(
            UnitSubscription,
            date_field="inactive_since",
            fields_to_clear=["email", "email_index"],
            period_setting="EPPID_SUBSCRIPTION_RETENTION_DAYS",
        )
