"""The error answers of every operation, written into the OpenAPI schema (contract section 2).

Every error of the API is an RFC 9457 problem (``api.problems``); the schema documents them so a
client (and schemathesis in CI: tests/test_api_schema_fuzz.py) knows each status an operation
can answer and the shape of its body. An operation's own documented responses stay as they are.

- every operation: 400 (the body or query cannot be read), 404, 413 (past the body limits),
  415 (a body of another media type), 422 (validation), 429 (rate limit), 503 (the database or
  Redis out of reach, with ``Retry-After``: ``eppid.core.unavailable``);
- operations with a security requirement (staff token): 401 and 403;
- writes (POST, PUT, PATCH, DELETE): 409 (not allowed in the record's state).
"""

from __future__ import annotations

from eppid.api.problems import PROBLEM_CONTENT_TYPE, TITLES

PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "RFC 9457 problem details; validation errors add `errors`: {field: [message]}.",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["type", "title", "status", "detail"],
}
EVERY_OPERATION = (400, 404, 413, 415, 422, 429, 503)
SECURED = (401, 403)
WRITES = (409,)
WRITE_METHODS = {"post", "put", "patch", "delete"}


def _statuses(method: str, operation: dict) -> tuple[int, ...]:
    statuses = EVERY_OPERATION
    if operation.get("security"):
        statuses += SECURED
    if method in WRITE_METHODS:
        statuses += WRITES
    return tuple(sorted(statuses))


def schema_with_problems(schema: dict) -> dict:
    """The schema with the problem responses added to every operation (in place; returned)."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    content = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for status in _statuses(method, operation):
                responses.setdefault(str(status), {"description": str(TITLES[status]), "content": content})
    return schema
