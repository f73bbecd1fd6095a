from django.apps import AppConfig


class ObjectionsConfig(AppConfig):
    name = "eppid.objections"
    label = "objections"

    def ready(self):
        # local: app registry not ready at import (models)
        from eppid.casefiles.models import PERSONAL_FIELDS
        from eppid.integrity.retention import retention_register
        from eppid.law.closure_effects import closure_effect_register
        from eppid.objections.models import Objection
        from eppid.objections.services.deadlines import objection_deadlines_follow

        # A closure day moves the response due dates of objections awaiting one (decision 1680).
        closure_effect_register("objections.responses", objection_deadlines_follow)

        # Personal data of objectors without a request (ground b); a request's own data follows
        # the request's rule. The statement is the objection's substance and is kept, like a
        # request's information and purpose (the registers are records of the service); one
        # that names third parties is a case for redaction, not for the retention clock.
        retention_register(
            Objection,
            date_field="closed_at",
            fields_to_clear=PERSONAL_FIELDS,
        )
