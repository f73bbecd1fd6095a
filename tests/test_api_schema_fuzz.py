"""Schemathesis against /api/v1/openapi.json (issue 14 item 6), in process through WSGI.

Every operation of the schema, with data that fits it (positive) and data that does not
(negative), as a staff member with a token (public operations ignore it): no answer is a server
error, and every answer is one the schema documents, with its content type, headers and body.
Ten examples an operation and mode keep the file near a minute; each run draws new ones.

Not checked (decision 1450): that the API accepts every schema-valid request (it refuses, with a
422 problem, what the schema cannot express: control characters under the text rule, a unit
code that does not exist, a field required by the request's kind) and that it refuses every
unknown query parameter (ignored, as HTTP clients expect).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from ninja import NinjaAPI
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from tests.objection_support import filed_request

from eppid.accounts.services import api_token_create
from eppid.api.routers import api

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 10

# The operations, read without the database (the law's values in the descriptions need it).
_PATHS = NinjaAPI.get_openapi_schema(api)["paths"]
OPERATIONS = sorted((method.upper(), path) for path, item in _PATHS.items() for method in item)


def _breakable(operation: dict) -> bool:
    """Whether schemathesis can break the schema: a body, a query parameter, or a path or header
    parameter that is more than any string (every string fits an unconstrained one)."""
    return bool(operation.get("requestBody")) or any(
        parameter["in"] == "query"
        or set(parameter.get("schema", {})) - {"type", "title", "description", "default"}
        for parameter in operation.get("parameters", [])
    )


CASES = [
    (method, path, mode)
    for method, path in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode.is_positive or _breakable(_PATHS[path][method.lower()])
]


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def token(make_staff):
    user = make_staff("schema.officer", ("35.04", "officer"), ("35.04", "ppid"), ("35", "officer"))
    return api_token_create(user=user, name="schemathesis")[1]


@pytest.fixture(autouse=True)
def _connection_kept():
    """As Django's test client does: the WSGI app must not close the test's database connection
    when a request ends (on PostgreSQL that would end the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def known(db):
    """Path values that exist, so that operations on one record reach their handler, not a 404."""
    request, _code = filed_request()
    return {"number": request.registration_number, "code": "35.04"}


@pytest.fixture
def api_schema(db):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def test_every_operation_is_fuzzed(api_schema):
    served = sorted((operation.method.upper(), operation.path) for operation in _operations(api_schema))
    assert served == OPERATIONS


def _operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_api(api_schema, token, known, method, path, mode):
    operation = api_schema[path][method]
    strategy = operation.as_strategy(generation_mode=mode)
    existing = {
        name: value
        for name, value in known.items()
        if f"{{{name}}}" in path and (name != "number" or "/requests/" in path)
    }
    if existing:  # half the examples on a record that exists
        strategy = strategy | operation.as_strategy(generation_mode=mode, path_parameters=existing)

    @given(case=strategy)
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # Only unconstrained strings in the path: there is no value the schema refuses.
        assert not mode.is_positive


@pytest.mark.django_db
def test_the_schema_documents_every_problem_answer(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "detail"]
    for item in schema["paths"].values():
        for method, operation in item.items():
            documented = set(operation["responses"])
            assert {"400", "404", "422", "429"} <= documented
            if operation.get("security"):
                assert {"401", "403"} <= documented
            if method != "get":
                assert "409" in documented
            problem = operation["responses"]["422"]["content"]
            assert list(problem) == ["application/problem+json"]
