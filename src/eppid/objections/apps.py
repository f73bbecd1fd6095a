from django.apps import AppConfig


class ObjectionsConfig(AppConfig):
    name = "eppid.objections"
    label = "objections"

    def ready(self):
        from eppid.casefiles.models import PERSONAL_FIELDS
        from eppid.integrity.retention import retention_register
        from eppid.objections.models import Objection

        # Personal data of objectors without a request (ground b); a request's own data follows
        # the request's rule. The statement may name people too, so it goes with them.
        retention_register(
            Objection,
            date_field="closed_at",
            fields_to_clear=PERSONAL_FIELDS,
        )
