"""The one NinjaAPI instance; each domain adds its router here (one module per domain)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import NinjaAPI, Swagger

from eppid.api import (
    catalog,
    catalog_feeds,
    objections,
    registers,
    requests,
    staff_annual,
    staff_catalog,
    staff_exemptions,
    staff_objection_desk,
    staff_objections,
    staff_requests,
    statistics,
    survey,
    transparency,
    units,
)
from eppid.api.auth import TokenAuthError, token_auth_error_handler
from eppid.api.law_docs import schema_with_law
from eppid.api.openapi_problems import schema_with_problems
from eppid.api.problems import problem, problem_handlers_install
from eppid.api.staff import router as staff_router
from eppid.api.verify import router as signing_router
from eppid.catalog.services import CatalogError
from eppid.disclosure.services import LifecycleError


class LawAwareAPI(NinjaAPI):
    """Serves the OpenAPI schema with the law in force today filled in (``api.law_docs``) and the
    problem answers of every operation (``api.openapi_problems``)."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        filled = schema_with_problems(schema_with_law(schema))
        schema.clear()
        schema.update(filled)
        return schema


api = LawAwareAPI(
    title="e-PPID API",
    version="1",
    description=(
        "The public contract is api-v1.md. Numbers of working days and the legal grounds in these "
        "descriptions are the law data in force when the schema is read. Extensions of the contract: "
        "`election_information` (optional boolean on `POST /requests` and `POST /staff/requests`; "
        "absent means false): election information received during an election period declared for "
        "the unit follows the election rules ([[law:election.response_days]] working days for the "
        "notice, one extension of [[law:election.extension_days]], [[law:election.objection_response_days]] "
        "for the atasan PPID's answer to an objection). Request and objection status responses carry "
        "`election_information` and `deadline_rules` (`name`, `regime`, `reason`, `to_confirm`): the "
        "rule set chosen at receipt, which every deadline of the case follows. "
        "`/staff/annual-reports/...`: the PPID writes the annual report's narrative sections, issues it "
        "(signed, published as setiap-saat information) and records that it was sent to the Komisi "
        "Informasi."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # ninja serves Swagger UI from its bundled static files with no inline script; the online
    # validator badge would call validator.swagger.io, which our CSP (and privacy) forbid.
    docs=Swagger(settings={"validatorUrl": None}),
)
problem_handlers_install(api)
api.add_exception_handler(TokenAuthError, token_auth_error_handler)
api.add_exception_handler(DjangoValidationError, lambda request, exc: requests.validation_problem(exc))
api.add_exception_handler(LifecycleError, lambda request, exc: requests.lifecycle_problem(exc))
api.add_exception_handler(CatalogError, lambda request, exc: problem(409, str(exc)))

api.add_router("/", units.router)
api.add_router("/", statistics.router)
api.add_router("/", transparency.router)
# Before any router with /staff/requests/{number} or /staff/objections/{number}: "register" must
# not be read as a number.
api.add_router("/staff/", registers.router)
# Before /staff/objections/{number}: "periodic" is not a number (decision 1698).
api.add_router("/staff/", staff_objection_desk.router)
api.add_router("/", requests.router)
api.add_router("/", objections.router)
api.add_router("/", survey.router)
api.add_router("/", signing_router)
api.add_router("/staff/", staff_router)
api.add_router("/staff/", staff_requests.router)
api.add_router("/staff/", staff_objections.router)
api.add_router("/", catalog_feeds.router)
api.add_router("/", catalog.router)
api.add_router("/staff/", staff_catalog.router)
api.add_router("/staff/", staff_exemptions.router)
api.add_router("/staff/", staff_annual.router)
