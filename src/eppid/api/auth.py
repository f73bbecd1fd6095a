"""Bearer tokens for the staff API: ``Authorization: Bearer eppid_<prefix>_<secret>``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja.security import HttpBearer

from eppid.accounts import selectors, services
from eppid.api.problems import WWW_AUTHENTICATE, problem


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
