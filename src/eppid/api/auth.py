"""Bearer tokens for the staff API: ``Authorization: Bearer eppid_<prefix>_<secret>``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja.security import HttpBearer

from eppid.accounts import selectors, services
from eppid.api.problems import WWW_AUTHENTICATE, problem
from eppid.organisation.selectors import permissions_for_user, user_has_permission


class TokenAuthError(Exception):
    """No, malformed, unknown or revoked token, or the token's user is deactivated."""


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest):
        # Missing or non-Bearer headers fail the same way as a bad token: one 401, one message.
        result = super().__call__(request)
        if result is None:
            raise TokenAuthError
        return result

    def authenticate(self, request: HttpRequest, token: str):
        api_token = selectors.api_token_authenticate(token)
        if api_token is None:
            raise TokenAuthError
        services.api_token_touch(token=api_token)
        request.api_token = api_token
        request.user = api_token.user
        return api_token.user


token_auth = TokenAuth()


def token_auth_error_handler(request: HttpRequest, exc: TokenAuthError) -> HttpResponse:
    response = problem(401)
    response["WWW-Authenticate"] = WWW_AUTHENTICATE
    return response


def unit_access_check(user, unit, permission: str) -> None:
    """A staff call acting in ``unit``: 404 when the user does not serve it (as if it did not
    exist; an ancestor unit's role is no role here), 403 when they do but lack ``permission``."""
    if not (user.is_superuser or permissions_for_user(user, unit)):
        raise Http404
    if not user_has_permission(user, permission, unit):
        raise PermissionDenied
