from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "eppid.disclosure"
    label = "disclosure"

    def ready(self):
        # local: app registry not ready at import (models); the first registers the receipt's renderer
        import eppid.disclosure.services.documents  # noqa: F401
        from eppid.casefiles.models import PERSONAL_FIELDS
        from eppid.disclosure.models import InformationRequest
        from eppid.disclosure.services.deadlines import request_deadlines_follow
        from eppid.integrity.retention import retention_register
        from eppid.law.closure_effects import closure_effect_register

        # A closure day moves the stored deadlines of open requests (decision 1680).
        closure_effect_register("disclosure.requests", request_deadlines_follow)

        retention_register(
            InformationRequest,
            date_field="closed_at",
            fields_to_clear=PERSONAL_FIELDS,
        )
